import { describe, expect, it } from 'vitest';
import { buildKey, canonicalJson, keyPrefix, sourceOfKey } from './keys.js';

const base = { version: 1, source: 'dora', operation: 'listServices' } as const;

describe('buildKey', () => {
  it('has the shape v<version>:<source>:<operation>:<hash> with a 16-character base64url hash', () => {
    expect(buildKey({ ...base, params: { code_commune: '75056' } })).toMatch(/^v1:dora:listServices:[A-Za-z0-9_-]{16}$/);
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
    expect(buildKey({ ...base, params: { ids: new Set(['b', 'a']) } })).toBe(buildKey({ ...base, params: { ids: new Set(['a', 'b']) } }));
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
    expect(() => buildKey({ ...base, source: 'do:ra', params: {} })).toThrow('buildKey source must match ^[A-Za-z0-9_.-]+$, got: "do:ra"');
    expect(() => buildKey({ ...base, operation: '', params: {} })).toThrow('buildKey operation must match');
    expect(() => buildKey({ ...base, params: {}, scope: 'a b' })).toThrow('buildKey scope must not contain whitespace, got: "a b"');
    expect(() => buildKey({ ...base, params: { f: () => 1 } })).toThrow('buildKey params must be JSON-like, got a function at "f"');
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
