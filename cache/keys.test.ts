import { describe, expect, it } from 'vitest';
import { buildKey, canonicalJson, keyPrefix, MAX_DEPTH, sourceOfKey } from './keys.js';

const base = { version: 1, source: 'dora', operation: 'listServices' } as const;

describe('buildKey', () => {
  it('has the shape v<version>:<source>:<operation>:<hash> with a 16-character base64url hash', () => {
    expect(buildKey({ ...base, params: { code_commune: '75056' } })).toMatch(
      /^v1:dora:listServices:[A-Za-z0-9_-]{16}$/,
    );
  });

  it('gives the same key for the same params in any key order, nested objects included', () => {
    const a = buildKey({ ...base, params: { commune: '75056', filter: { thematiques: ['a'], page: 2 }, size: 50 } });
    const b = buildKey({ ...base, params: { size: 50, filter: { page: 2, thematiques: ['a'] }, commune: '75056' } });
    expect(a).toBe(b);
  });

  it('ignores undefined members but not nulls, and tells strings from numbers', () => {
    expect(buildKey({ ...base, params: { a: 1, b: undefined } })).toBe(buildKey({ ...base, params: { a: 1 } }));
    expect(buildKey({ ...base, params: { a: 1, b: null } })).not.toBe(buildKey({ ...base, params: { a: 1 } }));
    expect(buildKey({ ...base, params: { a: 1 } })).not.toBe(buildKey({ ...base, params: { a: '1' } }));
  });

  it('keeps array order unless the caller says the array is a set', () => {
    const ordered = (ids: string[]) => buildKey({ ...base, params: { ids } });
    expect(ordered(['b', 'a'])).not.toBe(ordered(['a', 'b']));
    const asSet = (ids: string[]) => buildKey({ ...base, params: { filter: { ids } }, sets: ['filter.ids'] });
    expect(asSet(['b', 'a', 'b'])).toBe(asSet(['a', 'b']));
    expect(buildKey({ ...base, params: { ids: new Set(['b', 'a']) } })).toBe(
      buildKey({ ...base, params: { ids: new Set(['a', 'b']) } }),
    );
  });

  it('appends the scope, so another consumer gets another key', () => {
    const unscoped = buildKey({ ...base, params: { q: 1 } });
    const alice = buildKey({ ...base, params: { q: 1 }, scope: 'consumer:alice' });
    expect(alice).toBe(`${unscoped}:consumer:alice`);
    expect(buildKey({ ...base, params: { q: 1 }, scope: 'consumer:bob' })).not.toBe(alice);
    expect(buildKey({ ...base, params: { q: 1 }, scope: '' })).toBe(unscoped);
  });

  it('changes every key when the version is bumped, and accepts a string version as is', () => {
    const v1 = buildKey({ ...base, params: { q: 1 } });
    const v2 = buildKey({ ...base, version: 2, params: { q: 1 } });
    expect(v2).toBe(v1.replace(/^v1:/, 'v2:'));
    expect(buildKey({ ...base, version: 'v1', params: { q: 1 } })).toBe(v1);
  });

  it('starts with the prefix of its source and of its operation', () => {
    const key = buildKey({ ...base, params: {} });
    expect(key.startsWith(keyPrefix({ version: 1, source: 'dora' }))).toBe(true);
    expect(key.startsWith(keyPrefix({ version: 1, source: 'dora', operation: 'listServices' }))).toBe(true);
    expect(keyPrefix({ version: 1, source: 'dora' })).toBe('v1:dora:');
    expect(sourceOfKey(key)).toBe('dora');
    expect(sourceOfKey('garbage')).toBe('unknown');
  });

  it('refuses segments that would break the key layout, naming the segment', () => {
    expect(() => buildKey({ ...base, source: 'do:ra', params: {} })).toThrow(
      'buildKey source must match ^[A-Za-z0-9_.-]+$, got: "do:ra"',
    );
    expect(() => buildKey({ ...base, operation: '', params: {} })).toThrow('buildKey operation must match');
    expect(() => buildKey({ ...base, params: {}, scope: 'a b' })).toThrow(
      'buildKey scope must not contain whitespace, got: "a b"',
    );
    expect(() => buildKey({ ...base, params: { f: () => 1 } })).toThrow(
      'buildKey params must be JSON-like, got a function at "f"',
    );
  });
});

describe('canonicalJson', () => {
  it('writes dates as ISO strings and non-finite numbers as strings', () => {
    expect(canonicalJson({ b: new Date(0), a: [NaN, 1n] })).toBe('{"a":["NaN","1"],"b":"1970-01-01T00:00:00.000Z"}');
  });
});

describe('canonicalJson on hostile params', () => {
  it('refuses params nested past MAX_DEPTH with a RangeError, never a stack overflow', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(/nest deeper than 64 levels/);
    expect(() => buildKey({ version: 1, source: 's', operation: 'o', params: { v: deep } })).toThrow(RangeError);
    let fine: unknown = 1;
    for (let i = 0; i < 60; i++) fine = { a: fine };
    expect(canonicalJson(fine)).toContain('{"a":');
  });
});

/** `value` wrapped `levels` times by `wrap`. */
function nested(levels: number, wrap: (inner: unknown) => unknown, value: unknown = 1): unknown {
  let v = value;
  for (let i = 0; i < levels; i++) v = wrap(v);
  return v;
}

describe('canonicalJson writes each kind of value one way', () => {
  it('spells out every scalar, Date, Set and object exactly', () => {
    const value = {
      u: undefined,
      t: true,
      s: 'x',
      n: Number.NaN,
      big: 10n,
      d: new Date('2026-01-02T00:00:00Z'),
      set: new Set(['b', 'a', 'b']),
      b: [2, 1],
      a: null,
    };
    expect(canonicalJson(value)).toBe(
      '{"a":null,"b":[2,1],"big":"10","d":"2026-01-02T00:00:00.000Z","n":"NaN","s":"x","set":["a","b"],"t":true}',
    );
    expect(canonicalJson(undefined)).toBe('null');
    expect(canonicalJson(null)).toBe('null');
    expect(canonicalJson(false)).toBe('false');
  });
  it('sorts and deduplicates the arrays named as sets, by their dotted path, and no others', () => {
    expect(canonicalJson({ f: { codes: ['b', 'a', 'a'], order: ['b', 'a'] } }, ['f.codes'])).toBe(
      '{"f":{"codes":["a","b"],"order":["b","a"]}}',
    );
    expect(canonicalJson(new Set([new Set([2, 1]), 3]))).toBe('[3,[1,2]]');
  });
  it('names what is not JSON-like, and where', () => {
    expect(() => canonicalJson(() => 1)).toThrow(
      new TypeError('buildKey params must be JSON-like, got a function at "(root)"'),
    );
    expect(() => canonicalJson({ f: { g: Symbol('s') } })).toThrow(
      new TypeError('buildKey params must be JSON-like, got a symbol at "f.g"'),
    );
  });
});

describe('canonicalJson stops at MAX_DEPTH levels, through objects, arrays and sets alike', () => {
  it('accepts exactly MAX_DEPTH levels and refuses one more, naming the path', () => {
    expect(() => canonicalJson(nested(MAX_DEPTH, (v) => ({ a: v })))).not.toThrow();
    expect(() => canonicalJson(nested(MAX_DEPTH + 1, (v) => ({ a: v })))).toThrow(
      new RangeError(
        `buildKey params nest deeper than ${MAX_DEPTH} levels at "${Array.from({ length: MAX_DEPTH + 1 }, () => 'a')
          .join('.')
          .slice(0, 80)}"`,
      ),
    );
    expect(() => canonicalJson(1, [], '', MAX_DEPTH + 1)).toThrow(
      new RangeError(`buildKey params nest deeper than ${MAX_DEPTH} levels at "(root)"`),
    );
  });
  it('counts the levels of sets and of arrays named as sets', () => {
    expect(() => canonicalJson(nested(MAX_DEPTH + 1, (v) => new Set([v])))).toThrow(RangeError);
    expect(() =>
      canonicalJson(
        nested(MAX_DEPTH + 1, (v) => [v]),
        [''],
      ),
    ).toThrow(RangeError);
    expect(() => canonicalJson(nested(MAX_DEPTH + 1, (v) => [v]))).toThrow(RangeError);
  });
});

describe('key segments', () => {
  it('names the segment that is malformed', () => {
    expect(() => keyPrefix({ version: 'v:1', source: 'dora' })).toThrow('buildKey version must match');
    expect(() => keyPrefix({ version: 1, source: 'do ra' })).toThrow('buildKey source must match');
  });
});
