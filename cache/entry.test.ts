import { describe, expect, it } from 'vitest';
import { ageSeconds, createEntry, decodeEntry, encodeEntry, hardExpiry, heapSize } from './entry.js';

const NOW = 1_700_000_000_000;

describe('createEntry', () => {
  it('counts the SWR window from expiry and the stale-if-error limit as an age', () => {
    const e = createEntry({ a: 1 }, NOW, { ttlSeconds: 60, swrSeconds: 30, staleIfErrorSeconds: 3600 });
    expect([e.freshUntil - NOW, e.swrUntil - NOW, e.staleIfErrorUntil - NOW]).toEqual([60_000, 90_000, 3_600_000]);
    expect(hardExpiry(e)).toBe(NOW + 3_600_000);
    expect(ageSeconds(e, NOW + 61_999)).toBe(61);
  });

  it('gives a negative entry no stale window at all', () => {
    const e = createEntry(null, NOW, { ttlSeconds: 10 }, true);
    expect([e.negative, e.swrUntil, e.staleIfErrorUntil]).toEqual([true, NOW + 10_000, NOW + 10_000]);
  });
});

describe('encodeEntry / decodeEntry', () => {
  it('round-trips a small entry as plain JSON', async () => {
    const e = createEntry({ nom: 'Épicerie solidaire', ids: [1, 2] }, NOW, { ttlSeconds: 60, swrSeconds: 5 });
    const text = await encodeEntry(e);
    expect(text.startsWith('j1:')).toBe(true);
    expect(decodeEntry(text)).toEqual(e);
  });

  it('round-trips a negative entry whose value is undefined', async () => {
    const e = createEntry(undefined, NOW, { ttlSeconds: 10 }, true);
    expect(decodeEntry(await encodeEntry(e))).toEqual({ ...e, value: undefined });
  });

  it('compresses a large value, smaller than its JSON, and decodes it back', async () => {
    const value = Array.from({ length: 400 }, (_, i) => ({
      id: `structure-${i}`,
      nom: 'Association pour l’insertion',
      commune: '75056',
    }));
    const e = createEntry(value, NOW, { ttlSeconds: 60 });
    const text = await encodeEntry(e);
    expect(text.startsWith('z1:')).toBe(true);
    expect(text.length).toBeLessThan(JSON.stringify(value).length / 4);
    expect(decodeEntry(text)).toEqual(e);
  });

  it('honours the threshold it is given', async () => {
    const e = createEntry('x'.repeat(200), NOW, { ttlSeconds: 60 });
    expect((await encodeEntry(e, 100)).startsWith('z1:')).toBe(true);
    expect((await encodeEntry(e)).startsWith('j1:')).toBe(true);
  });

  it('reads garbage as a miss, never a crash', () => {
    for (const text of [
      undefined,
      null,
      '',
      'hello',
      'j1:{',
      'j1:[]',
      'j1:{"v":1}',
      'j1:{"v":1,"s":1,"f":2,"w":3,"e":"4","n":0}',
      'z1:!!!!',
      'z1:aGVsbG8=',
    ]) {
      expect(decodeEntry(text)).toBeUndefined();
    }
  });

  it('refuses a value JSON cannot carry with a TypeError', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    await expect(encodeEntry(createEntry(circular, NOW, { ttlSeconds: 1 }))).rejects.toThrow(TypeError);
  });
});

describe('heapSize', () => {
  it('counts the decoded object graph, many times what its deflated encoding weighs', async () => {
    const value = Array.from({ length: 400 }, (_, i) => ({
      id: `structure-${i}`,
      nom: 'Association pour l’insertion',
      commune: '75056',
      lat: 48.8566,
    }));
    const e = createEntry(value, NOW, { ttlSeconds: 60 });
    expect(heapSize(e)).toBeGreaterThan(JSON.stringify(value).length);
    expect(heapSize(e)).toBeGreaterThan(10 * (await encodeEntry(e)).length);
  });

  it('charges two bytes a character past Latin-1, and nothing for small integers, booleans or null', () => {
    const [latin, wide] = [
      createEntry('é'.repeat(100), NOW, { ttlSeconds: 1 }),
      createEntry('’'.repeat(100), NOW, { ttlSeconds: 1 }),
    ];
    expect(heapSize(wide) - heapSize(latin)).toBe(100);
    expect(heapSize(createEntry([1, true, null], NOW, { ttlSeconds: 1 }))).toBe(
      heapSize(createEntry([0, 0, 0], NOW, { ttlSeconds: 1 })),
    );
  });
});
