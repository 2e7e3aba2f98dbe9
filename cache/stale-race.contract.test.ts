/**
 * Stale-if-error for a hanging partner across replicas, over a real Redis and a loopback partner:
 * a replica that waits on another replica's coalescing lock (coalesce.ts) stops waiting at its
 * caller's `staleAt` and answers its stale-if-error entry, like the replica whose own fetch hangs;
 * its wait goes on in the background and reads the holder's value back, with no request of its own.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../connectors/sim/server.js';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { unlinkPrefix } from '../tests/helpers/redis-keys.js';
import { createRedisBus } from './bus.js';
import { type CachePolicy, createCache } from './cached.js';
import { createCoalescer } from './coalesce.js';
import type { CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { createRedis, RedisStore } from './redis.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const RUN = `gwtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
const POLICY: CachePolicy<unknown> = { ttlSeconds: 60, swrSeconds: 30, staleIfErrorSeconds: 600 };
const raw = new Redis(REDIS_URL);
const closers: Array<() => Promise<unknown> | void> = [];
let sim: Simulator;
let served = 0;
let offsetMs = 0;
/** Every replica's clock: moved by hand to age entries (Redis TTLs, in real time, are far longer). */
const clock = () => Date.now() + offsetMs;

async function replica() {
  const redis = createRedis(REDIS_URL, { keyPrefix: RUN });
  const store = new RedisStore(redis, captureLogger());
  const bus = createRedisBus(redis);
  const coalescer = createCoalescer({ redis, bus, lockMs: 5_000 });
  const events: string[] = [];
  const metrics = { fetch: () => void events.push('fetch'), staleError: () => void events.push('staleError') };
  const cache = createCache({ l1: new Lru<CacheEntry>({ now: clock }), l2: store, clock, coalescer, bus, metrics });
  closers.push(
    () => cache.close(),
    () => coalescer.close(),
    () => bus.close(),
    () => store.close(),
  );
  expect(await store.waitUntilReady(5_000)).toBe(true);
  expect(await bus.ready()).toBe(true);
  return { cache, events };
}

const callPartner = async (): Promise<unknown> => (await fetch(`${sim.url}/services`)).json();

beforeAll(async () => {
  sim = await startSimulator('stale-race', [
    { method: 'GET', path: '/services', handler: () => ({ body: { n: ++served } }) },
  ]);
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await sim.close();
  await unlinkPrefix(raw, RUN);
  await raw.quit();
});

describe('stale-if-error at the deadline across replicas', () => {
  it("a waiter on another replica's lock answers stale at staleAt, then reads the holder's value back without fetching", async () => {
    const [a, b] = [await replica(), await replica()];
    const key = 'v1:sim:services:hang';
    expect(await a.cache.get(key, callPartner, POLICY)).toMatchObject({ value: { n: 1 }, status: 'miss' });
    await a.cache.drain();
    offsetMs += 300_000; // beyond SWR, within stale-if-error, for both replicas

    sim.fault({ kind: 'hold' });
    const holder = a.cache.get(key, callPartner, POLICY); // no deadline: A waits for its own (held) fetch
    await expect.poll(() => sim.count('/services')).toBe(2);
    const waiter = await b.cache.get(key, callPartner, POLICY, { staleAt: Date.now() + 50 });
    expect(waiter).toEqual({ value: { n: 1 }, status: 'stale-error', ageSeconds: 300 });
    expect(b.events).toEqual(['staleError']); // B never fetched: it waits on A's lock

    expect(sim.release()).toBe(1);
    expect(await holder).toMatchObject({ value: { n: 2 }, status: 'miss' });
    await b.cache.drain(); // B's wait, still going, reads A's value back
    expect(await b.cache.get(key, callPartner, POLICY, { staleAt: Date.now() + 50 })).toEqual({
      value: { n: 2 },
      status: 'hit',
      ageSeconds: 0,
    });
    expect(sim.count('/services')).toBe(2);
    expect(b.events).toEqual(['staleError']);
  });
});
