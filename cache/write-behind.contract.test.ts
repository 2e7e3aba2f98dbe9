/**
 * The write-back runs behind the answer: a fetched value is handed to its callers (and sits in L1)
 * before its L2 write is sent, yet single flight across replicas holds (the lock is released behind
 * the value), and an invalidation that comes before the write is sent cancels it.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { unlinkPrefix } from '../tests/helpers/redis-keys.js';
import { createRedisBus } from './bus.js';
import { type CachePolicy, createCache } from './cached.js';
import { createCoalescer } from './coalesce.js';
import type { CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { createRedis, RedisStore } from './redis.js';
import { RedisTagIndex } from './tags.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
const RUN = `gwtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
const POLICY: CachePolicy<unknown> = {
  ttlSeconds: 60,
  swrSeconds: 30,
  staleIfErrorSeconds: 600,
  tags: () => ['source:sim'],
};
const raw = new Redis(REDIS_URL);
const closers: Array<() => Promise<unknown> | void> = [];

/** One replica: its own connections, L1, tag index, bus and coalescer. */
async function replica() {
  const redis = createRedis(REDIS_URL, { keyPrefix: RUN });
  const store = new RedisStore(redis, captureLogger());
  const bus = createRedisBus(redis);
  const coalescer = createCoalescer({ redis, bus });
  const cache = createCache({ l1: new Lru<CacheEntry>(), l2: store, coalescer, bus, tags: new RedisTagIndex(redis) });
  closers.push(
    () => cache.close(),
    () => coalescer.close(),
    () => bus.close(),
    () => store.close(),
  );
  expect(await store.waitUntilReady(5_000)).toBe(true);
  expect(await bus.ready()).toBe(true);
  return cache;
}

/** A national list's worth of JSON (compressed in L2); counts its calls; `held` ones wait for `release()`. */
function list(held = false) {
  let release = () => {};
  const gate = held ? new Promise<void>((r) => (release = r)) : Promise.resolve();
  const f = async () => {
    f.calls++;
    await gate;
    return Array.from({ length: 2_000 }, (_, i) => ({
      id: `dora--${i}`,
      nom: `Service d’insertion n°${i}`,
      commune: '93066',
    }));
  };
  f.calls = 0;
  f.release = () => release();
  return f;
}

/** Resolves once Redis has received `n` lock attempts (`SET … NX`) on `key`, seen through MONITOR. */
async function lockAttempts(key: string, n: number) {
  const monitor = await raw.monitor();
  let seen = 0;
  const reached = new Promise<void>((resolve) =>
    monitor.on('monitor', (_time: string, args: string[]) => {
      if (args[0]?.toLowerCase() === 'set' && args[1] === `${RUN}lock:${key}` && args.includes('NX') && ++seen === n)
        resolve();
    }),
  );
  return { reached: reached.finally(() => monitor.disconnect()) };
}

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await unlinkPrefix(raw, RUN);
  await raw.quit();
});

describe('write-back behind the answer', () => {
  it('hands the value over before its L2 write is sent; a concurrent replica still gets it from exactly one fetch', async () => {
    const [a, b] = [await replica(), await replica()];
    const fetch = list(true);
    const attempts = await lockAttempts('v1:sim:list:wb', 2);
    const first = a.get('v1:sim:list:wb', fetch, POLICY);
    await expect.poll(() => fetch.calls).toBe(1); // a holds the lock and is fetching
    const second = b.get('v1:sim:list:wb', fetch, POLICY);
    await attempts.reached; // b has found the lock held
    fetch.release();
    const got = await first;
    expect(got.status).toBe('miss');
    expect(await raw.exists(`${RUN}v1:sim:list:wb`)).toBe(0); // not written yet
    expect((await a.get('v1:sim:list:wb', fetch, POLICY)).status).toBe('hit'); // L1 has it already
    const waited = await second;
    expect(waited.status).toBe('coalesced');
    expect(waited.value).toEqual(got.value);
    expect(fetch.calls).toBe(1);
    await a.drain();
    expect(await raw.exists(`${RUN}v1:sim:list:wb`)).toBe(1);
    expect(await raw.get(`${RUN}lock:v1:sim:list:wb`)).toBe('=');
  });

  it('an invalidation by key or by tag before the write is sent cancels it: nothing lands after the delete', async () => {
    const a = await replica();
    for (const [key, invalidate] of [
      ['v1:sim:list:by-key', (k: string) => a.invalidate([k])],
      ['v1:sim:list:by-tag', () => a.invalidateTags(['source:sim'])],
      ['v1:sim:list:by-prefix', (k: string) => a.invalidatePrefix(k)],
    ] as const) {
      const fetch = list();
      await a.get(key, fetch, POLICY);
      await invalidate(key);
      await a.drain();
      expect(await raw.exists(`${RUN}${key}`)).toBe(0);
      // The lock was not left at DONE for a value that never landed: the next miss locks at once.
      await expect.poll(() => raw.exists(`${RUN}lock:${key}`)).toBe(0);
      expect((await a.get(key, fetch, POLICY)).status).toBe('miss');
      expect(fetch.calls).toBe(2);
      await a.drain();
      expect(await raw.exists(`${RUN}${key}`)).toBe(1);
    }
  });
});
