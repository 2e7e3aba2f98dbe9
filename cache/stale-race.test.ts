/**
 * Stale-if-error for a fetch that hangs (stale-race.ts): with a `staleAt`, an entry within its
 * stale-if-error age answers then instead of waiting, the fetch goes on as the key's one load in
 * flight and fills the cache. The fetches are held by the test and released by hand, and where a
 * deadline must pass the race's timer runs on vitest's fake timers, advanced by the test, so every
 * assertion is about order and counts, never about how long anything took.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { type CacheEvent, type CachePolicy, createCache } from './cached.js';
import type { CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { MemoryStore } from './memory.js';

const POLICY: CachePolicy<unknown> = {
  ttlSeconds: 60,
  swrSeconds: 30,
  staleIfErrorSeconds: 600,
  negativeTtlSeconds: 10,
};
/** A few milliseconds of real time: the race's timer runs on the wall clock, the entries on the fake one. */
const soon = () => ({ staleAt: Date.now() + 15 });

function setup() {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (s: number) => void (t += s * 1000) };
  const l2 = new MemoryStore({ now: clock.now });
  const events: string[] = [];
  const metrics = Object.fromEntries(
    (['hit', 'miss', 'stale', 'staleError', 'coalescedWait', 'fetch'] as CacheEvent[]).map((e) => [
      e,
      (source: string) => events.push(`${e}:${source}`),
    ]),
  );
  const logger = captureLogger();
  const cache = createCache({ l1: new Lru<CacheEntry>({ now: clock.now }), l2, clock: clock.now, metrics, logger });
  return { clock, cache, events, logger };
}

/** The race's timers on a clock the test advances (Date.now stays real: staleAt is computed from it). */
const fakeTimers = () => vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
afterEach(() => void vi.useRealTimers());

/** `p`, and whether it has settled yet. */
function watched<T>(p: Promise<T>) {
  const w = { p, settled: false };
  void p.then(
    () => (w.settled = true),
    () => (w.settled = true),
  );
  return w;
}

/** A fetcher whose calls wait until the test releases them (or fails them), each with the current value. */
function held<T>(first: T) {
  let value = first;
  let waiting: Array<{ go: () => void; fail: (e: Error) => void }> = [];
  let holding = false;
  const f = (): Promise<T> => {
    f.calls++;
    if (!holding) return Promise.resolve(value);
    return new Promise<T>((resolve, reject) => waiting.push({ go: () => resolve(value), fail: reject }));
  };
  f.calls = 0;
  f.hold = (next: T) => void ((value = next), (holding = true));
  f.release = () => {
    holding = false;
    for (const w of waiting) w.go();
    waiting = [];
  };
  f.fail = (e: Error) => {
    holding = false;
    for (const w of waiting) w.fail(e);
    waiting = [];
  };
  return f;
}

describe('get with a deadline (staleAt)', () => {
  it('answers the stale-if-error entry when the fetch hangs past staleAt, then the fetch in flight fills the cache', async () => {
    const { cache, clock, events } = setup();
    const fetch = held('v1');
    await cache.get('v1:dora:op:hang', fetch, POLICY);
    clock.advance(300); // beyond SWR (90 s), within stale-if-error (600 s)
    fetch.hold('v2');
    expect(await cache.get('v1:dora:op:hang', fetch, POLICY, soon())).toEqual({
      value: 'v1',
      status: 'stale-error',
      ageSeconds: 300,
    });
    // A later caller joins the load in flight: still one upstream call.
    expect(await cache.get('v1:dora:op:hang', fetch, POLICY, soon())).toEqual({
      value: 'v1',
      status: 'stale-error',
      ageSeconds: 300,
    });
    expect(fetch.calls).toBe(2);
    fetch.release();
    await cache.drain();
    expect(await cache.get('v1:dora:op:hang', fetch, POLICY, soon())).toEqual({
      value: 'v2',
      status: 'hit',
      ageSeconds: 0,
    });
    expect(fetch.calls).toBe(2);
    expect(events).toEqual(['fetch:dora', 'miss:dora', 'fetch:dora', 'staleError:dora', 'staleError:dora', 'hit:dora']);
  });

  it('waits for the fetch when there is no stale entry, or one too old to serve: nothing changes without a fallback', async () => {
    const { cache, clock } = setup();
    const fetch = held('v1');
    fetch.hold('v1');
    fakeTimers();
    const cold = watched(cache.get('v1:dora:op:cold', fetch, POLICY, { staleAt: Date.now() }));
    await vi.waitFor(() => expect(fetch.calls).toBe(1));
    await vi.advanceTimersByTimeAsync(1_000); // well past staleAt
    expect(cold.settled).toBe(false);
    fetch.release();
    expect(await cold.p).toEqual({ value: 'v1', status: 'miss', ageSeconds: 0 });
    await cache.drain();
    clock.advance(700); // beyond stale-if-error
    fetch.hold('v2');
    const old = watched(cache.get('v1:dora:op:cold', fetch, POLICY, { staleAt: Date.now() }));
    await vi.waitFor(() => expect(fetch.calls).toBe(2));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(old.settled).toBe(false);
    fetch.release();
    expect(await old.p).toEqual({ value: 'v2', status: 'miss', ageSeconds: 0 });
  });

  it('answers the fresh value when the fetch lands before staleAt, and ignores staleAt without one', async () => {
    const { cache, clock } = setup();
    const fetch = held('v1');
    await cache.get('v1:dora:op:quick', fetch, POLICY);
    clock.advance(300);
    expect(
      await cache.get('v1:dora:op:quick', () => Promise.resolve('v2'), POLICY, { staleAt: Date.now() + 60_000 }),
    ).toMatchObject({ value: 'v2', status: 'miss' });
  });

  it('logs a background fetch that fails after its stale answer went out, and keeps the entry', async () => {
    const { cache, clock, logger } = setup();
    const fetch = held('v1');
    await cache.get('v1:dora:op:late-fail', fetch, POLICY);
    clock.advance(300);
    fetch.hold('v2');
    expect((await cache.get('v1:dora:op:late-fail', fetch, POLICY, soon())).status).toBe('stale-error');
    fetch.fail(new Error('socket hang up'));
    await cache.drain();
    expect(logger.entries).toEqual([
      {
        level: 'warn',
        obj: { key: 'v1:dora:op:late-fail', reason: 'socket hang up' },
        msg: 'cache: load past the deadline failed',
      },
    ]);
    expect(
      await cache.get('v1:dora:op:late-fail', () => Promise.reject(new Error('still down')), POLICY),
    ).toMatchObject({ value: 'v1', status: 'stale-error' });
  });
});

describe('getMany with a deadline (staleAt)', () => {
  it('answers per key: stale entries at staleAt, keys without one wait for the batch, which fills the cache once', async () => {
    const { cache, clock } = setup();
    const calls: string[][] = [];
    let holding = false;
    let waiting: Array<() => void> = [];
    const gate = () => (holding ? new Promise<void>((r) => waiting.push(r)) : Promise.resolve());
    const fetcher = async (keys: string[]) => {
      const n = calls.push(keys);
      await gate();
      return keys.map((k) => `${k.slice(-1)}${n}`);
    };
    await cache.getMany(['v1:x:s:a', 'v1:x:s:b'], fetcher, POLICY);
    await cache.drain();
    clock.advance(300);
    holding = true;
    const stale = await cache.getMany(['v1:x:s:a', 'v1:x:s:b'], fetcher, POLICY, soon());
    expect(stale).toEqual([
      { value: 'a1', status: 'stale-error', ageSeconds: 300 },
      { value: 'b1', status: 'stale-error', ageSeconds: 300 },
    ]);
    // A mixed batch: `a` joins the load in flight and answers stale; `c` has nothing to fall back on and waits.
    fakeTimers();
    const mixed = cache.getMany(['v1:x:s:a', 'v1:x:s:c'], fetcher, POLICY, soon());
    // `c`'s batch is sent, so `a`'s race is armed: move its clock past staleAt while both loads are held.
    await vi.waitFor(() => expect(calls).toHaveLength(3));
    await vi.advanceTimersByTimeAsync(1_000);
    holding = false;
    for (const go of waiting) go();
    waiting = [];
    const [a, c] = await mixed;
    expect(a).toEqual({ value: 'a1', status: 'stale-error', ageSeconds: 300 });
    expect(c).toMatchObject({ status: 'miss' });
    await cache.drain();
    expect(calls).toEqual([['v1:x:s:a', 'v1:x:s:b'], ['v1:x:s:a', 'v1:x:s:b'], ['v1:x:s:c']]);
    const after = await cache.getMany(['v1:x:s:a', 'v1:x:s:b', 'v1:x:s:c'], fetcher, POLICY, soon());
    expect(after.map((r) => (r instanceof Error ? 'error' : `${r.status}:${String(r.value)}`))).toEqual([
      'hit:a2',
      'hit:b2',
      'hit:c3',
    ]);
  });
});
