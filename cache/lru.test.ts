import { describe, expect, it } from 'vitest';
import { Lru } from './lru.js';

/** A hand-driven clock: tests move time instead of sleeping. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (ms: number) => void (t += ms) };
}

describe('Lru', () => {
  it('serves an entry until its own expiry, then misses and frees its bytes', () => {
    const clock = fakeClock();
    const lru = new Lru<string>({ now: clock.now });
    lru.set('short', 'a', clock.now() + 1_000, 10);
    lru.set('long', 'b', clock.now() + 5_000, 20);
    clock.advance(999);
    expect(lru.get('short')).toBe('a');
    clock.advance(1);
    expect(lru.get('short')).toBeUndefined();
    expect(lru.get('long')).toBe('b');
    expect(lru.bytes).toBe(20);
  });

  it('evicts the least recently used entry beyond maxEntries', () => {
    const clock = fakeClock();
    const lru = new Lru<number>({ maxEntries: 2, now: clock.now });
    const later = clock.now() + 60_000;
    lru.set('a', 1, later, 1);
    lru.set('b', 2, later, 1);
    expect(lru.get('a')).toBe(1); // a is now more recent than b
    lru.set('c', 3, later, 1);
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual([1, undefined, 3]);
    expect(lru.size).toBe(2);
  });

  it('evicts least recently used entries until the byte budget holds', () => {
    const clock = fakeClock();
    const lru = new Lru<string>({ maxEntries: 100, maxBytes: 100, now: clock.now });
    const later = clock.now() + 60_000;
    lru.set('a', 'x', later, 40);
    lru.set('b', 'y', later, 40);
    lru.get('a');
    lru.set('c', 'z', later, 50); // 130 bytes: b (least recent) goes, a stays
    expect([lru.get('a'), lru.get('b'), lru.get('c')]).toEqual(['x', undefined, 'z']);
    expect(lru.bytes).toBe(90);
  });

  it('does not store an entry larger than the whole budget, nor one already expired', () => {
    const clock = fakeClock();
    const lru = new Lru<string>({ maxBytes: 100, now: clock.now });
    lru.set('big', 'x', clock.now() + 60_000, 101);
    lru.set('old', 'y', clock.now(), 1);
    expect(lru.size).toBe(0);
    expect(lru.bytes).toBe(0);
  });

  it('replaces a key, keeping the byte count exact', () => {
    const clock = fakeClock();
    const lru = new Lru<string>({ now: clock.now });
    lru.set('k', 'old', clock.now() + 1_000, 30);
    lru.set('k', 'new', clock.now() + 9_000, 12);
    clock.advance(5_000);
    expect(lru.get('k')).toBe('new');
    expect(lru.bytes).toBe(12);
  });

  it('deletes keys and prefixes', () => {
    const clock = fakeClock();
    const lru = new Lru<number>({ now: clock.now });
    const later = clock.now() + 60_000;
    for (const k of ['v1:dora:1', 'v1:dora:2', 'v1:cog:1']) lru.set(k, 1, later, 5);
    expect(lru.deletePrefix('v1:dora:')).toBe(2);
    expect(lru.delete('v1:cog:1')).toBe(true);
    expect(lru.delete('v1:cog:1')).toBe(false);
    expect([lru.size, lru.bytes]).toEqual([0, 0]);
  });

  it('refuses a bad bound with a message naming the option', () => {
    expect(() => new Lru({ maxBytes: 0 })).toThrow('Lru maxBytes must be a positive integer, got: 0');
  });
});
