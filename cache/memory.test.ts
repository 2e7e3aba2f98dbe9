import { describe, expect, it } from 'vitest';
import { MemoryStore } from './memory.js';

/** A hand-driven clock: tests move time instead of sleeping. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('MemoryStore', () => {
  it('returns a value until its TTL elapses, then a miss', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now });
    await store.set('a', '1', 2);
    clock.advance(1999);
    expect(await store.get('a')).toBe('1');
    clock.advance(1);
    expect(await store.get('a')).toBeUndefined();
  });

  it('aligns getMany with its keys, misses included', async () => {
    const store = new MemoryStore();
    await store.setMany([
      { key: 'a', value: 'A', ttlSeconds: 60 },
      { key: 'c', value: 'C', ttlSeconds: 60 },
    ]);
    expect(await store.getMany(['c', 'b', 'a', 'c'])).toEqual(['C', undefined, 'A', 'C']);
    expect(await store.getMany([])).toEqual([]);
  });

  it('stores nothing for a non-positive TTL and overwrites a key with a new TTL', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now });
    await store.set('zero', 'x', 0);
    expect(await store.get('zero')).toBeUndefined();
    await store.set('k', 'old', 1);
    await store.set('k', 'new', 10);
    clock.advance(5000);
    expect(await store.get('k')).toBe('new');
    await store.set('k', 'gone', -1);
    expect(await store.get('k')).toBeUndefined();
  });

  it('evicts the least recently used entry beyond maxEntries', async () => {
    const store = new MemoryStore({ maxEntries: 2 });
    await store.set('a', '1', 60);
    await store.set('b', '2', 60);
    expect(await store.get('a')).toBe('1'); // a is now more recent than b
    await store.set('c', '3', 60);
    expect(await store.getMany(['a', 'b', 'c'])).toEqual(['1', undefined, '3']);
    expect(store.size).toBe(2);
  });

  it('deletes keys and prefixes, counting only live entries', async () => {
    const clock = fakeClock();
    const store = new MemoryStore({ now: clock.now });
    await store.setMany([
      { key: 'gw:v1:dora:1', value: '1', ttlSeconds: 60 },
      { key: 'gw:v1:dora:2', value: '2', ttlSeconds: 1 },
      { key: 'gw:v1:cog:1', value: '3', ttlSeconds: 60 },
    ]);
    clock.advance(1000);
    expect(await store.deleteByPrefix('gw:v1:dora:')).toBe(1);
    expect(await store.delete(['gw:v1:cog:1', 'gw:v1:cog:1', 'missing'])).toBe(1);
    expect(store.size).toBe(0);
  });

  it('pings true and empties on close', async () => {
    const store = new MemoryStore();
    await store.set('a', '1', 60);
    expect(await store.ping()).toBe(true);
    await store.close();
    expect(await store.get('a')).toBeUndefined();
  });

  it('refuses a bad bound with a message naming the option', () => {
    expect(() => new MemoryStore({ maxEntries: 0 })).toThrow(
      'MemoryStore maxEntries must be a positive integer, got: 0',
    );
  });
});

describe('MemoryStore byte bound', () => {
  it('evicts the least recently used entries past maxBytes and never stores an entry larger than the bound', async () => {
    const store = new MemoryStore({ maxBytes: 1_000 });
    await store.set('a', 'x'.repeat(200), 60); // 2 × 201 bytes
    await store.set('b', 'x'.repeat(200), 60);
    await store.get('a');
    await store.set('c', 'x'.repeat(200), 60);
    expect(await store.get('b')).toBeUndefined();
    expect(await store.get('a')).toBeDefined();
    expect(store.bytes).toBeLessThanOrEqual(1_000);
    await store.set('huge', 'x'.repeat(10_000), 60);
    expect(await store.get('huge')).toBeUndefined();
    expect(await store.get('c')).toBeDefined();
    await store.delete(['a', 'c']);
    expect(store.bytes).toBe(0);
  });
});
