import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { unlinkPrefix } from '../tests/helpers/redis-keys.js';
import { createRedisBus } from './bus.js';
import { type CachePolicy, createCache } from './cached.js';
import type { CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { createRedis, RedisStore } from './redis.js';
import { RedisTagIndex } from './tags.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
// Unique per run so parallel runs and other suites never see each other's keys.
const RUN = `gwtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
const raw = new Redis(REDIS_URL);
const closers: Array<() => Promise<unknown>> = [];

/** A hand-driven clock: entries age without sleeping (Redis TTLs, in real time, are far longer). */
function fakeClock(start = Date.now()) {
  let t = start;
  return { now: () => t, advance: (s: number) => void (t += s * 1000) };
}

/** One gateway replica's cache: its own connections, L1 and bus. */
async function replica(clock: () => number) {
  const redis = createRedis(REDIS_URL, { keyPrefix: RUN });
  const store = new RedisStore(redis, captureLogger());
  const bus = createRedisBus(redis);
  const logger = captureLogger();
  const cache = createCache({
    l1: new Lru<CacheEntry>({ now: clock }),
    l2: store,
    clock,
    bus,
    tags: new RedisTagIndex(redis),
    logger,
  });
  closers.push(
    () => cache.close(),
    () => bus.close(),
    () => store.close(),
  );
  expect(await store.waitUntilReady(5_000)).toBe(true);
  expect(await bus.ready()).toBe(true);
  return { redis, cache, logger };
}

/** Counts socket writes of a connected client: ioredis writes once per command, once per pipeline. */
function countRoundTrips(redis: Redis) {
  const stream = redis.stream;
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const counter = { count: 0, stop: () => void (stream.write = original as typeof stream.write) };
  stream.write = ((...args: unknown[]) => {
    counter.count++;
    return original(...args);
  }) as typeof stream.write;
  return counter;
}

function counted<T>(answer: () => T) {
  const f = async () => {
    f.calls++;
    return answer();
  };
  f.calls = 0;
  return f;
}

const POLICY: CachePolicy<unknown> = {
  ttlSeconds: 60,
  swrSeconds: 30,
  staleIfErrorSeconds: 600,
  negativeTtlSeconds: 10,
};

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await unlinkPrefix(raw, RUN);
  await raw.quit();
});

describe('createCache over a real Redis', () => {
  it('stores the entry in Redis with the hard expiry as TTL, and a second replica reads it in one round trip', async () => {
    const clock = fakeClock();
    const a = await replica(clock.now);
    const b = await replica(clock.now);
    const fetch = counted(() => ({ id: 1 }));
    await a.cache.get('v1:dora:op:ttl', fetch, POLICY);
    await a.cache.drain();
    const pttl = await raw.pttl(`${RUN}v1:dora:op:ttl`);
    expect(pttl).toBeGreaterThan(590_000);
    expect(pttl).toBeLessThanOrEqual(600_000);
    const trips = countRoundTrips(b.redis);
    expect(await b.cache.get('v1:dora:op:ttl', fetch, POLICY)).toEqual({
      value: { id: 1 },
      status: 'hit',
      ageSeconds: 0,
    });
    expect(await b.cache.get('v1:dora:op:ttl', fetch, POLICY)).toMatchObject({ status: 'hit' });
    trips.stop();
    expect(trips.count).toBe(1); // the first read (GET); the second came from L1
    expect(fetch.calls).toBe(1);
  });

  it('SWR: 10 concurrent callers on an expired entry get it stale at once and cause exactly one refresh', async () => {
    const clock = fakeClock();
    const { cache } = await replica(clock.now);
    let version = 1;
    const fetch = counted(() => `v${version}`);
    await cache.get('v1:dora:op:swr', fetch, POLICY);
    clock.advance(70);
    version = 2;
    const answers = await Promise.all(Array.from({ length: 10 }, () => cache.get('v1:dora:op:swr', fetch, POLICY)));
    expect(answers.map((a) => `${a.status}:${String(a.value)}:${a.ageSeconds}`)).toEqual(Array(10).fill('stale:v1:70'));
    await cache.drain();
    expect(fetch.calls).toBe(2);
    expect(await cache.get('v1:dora:op:swr', fetch, POLICY)).toMatchObject({ value: 'v2', status: 'hit' });
  });

  it('stale-if-error: a failed fetch answers the stored value with its age, until the maximum age', async () => {
    const clock = fakeClock();
    const a = await replica(clock.now);
    await a.cache.get('v1:dora:op:sie', async () => 'good', POLICY);
    await a.cache.drain();
    const b = await replica(clock.now); // empty L1: the stale value comes from Redis
    const failing = async () => {
      throw new ConnectorError('dora', 'unavailable', 'HTTP 503');
    };
    clock.advance(200);
    expect(await b.cache.get('v1:dora:op:sie', failing, POLICY)).toEqual({
      value: 'good',
      status: 'stale-error',
      ageSeconds: 200,
    });
    clock.advance(400);
    await expect(b.cache.get('v1:dora:op:sie', failing, POLICY)).rejects.toMatchObject({
      kind: 'unavailable',
      partner: 'dora',
    });
  });

  it('negative caching: "not found" is cached for the negative TTL, then fetched again', async () => {
    const clock = fakeClock();
    const { cache } = await replica(clock.now);
    const fetch = counted(() => null);
    await cache.get('v1:dora:op:404', fetch, POLICY);
    await cache.drain();
    const pttl = await raw.pttl(`${RUN}v1:dora:op:404`);
    expect(pttl).toBeGreaterThan(9_000);
    expect(pttl).toBeLessThanOrEqual(10_000);
    clock.advance(9);
    expect(await cache.get('v1:dora:op:404', fetch, POLICY)).toEqual({ value: null, status: 'hit', ageSeconds: 9 });
    clock.advance(2);
    expect(await cache.get('v1:dora:op:404', fetch, POLICY)).toMatchObject({ value: null, status: 'miss' });
    expect(fetch.calls).toBe(2);
  });

  it('getMany: one MGET, the batch fetcher called with the misses only, one pipeline write-back', async () => {
    const clock = fakeClock();
    const keys = Array.from({ length: 6 }, (_, i) => `v1:dora:getStructures:${i}`);
    const seeder = await replica(clock.now);
    await seeder.cache.getMany(keys.slice(0, 3), async (ks) => ks.map((k) => `seeded ${k.slice(-1)}`), POLICY);
    await seeder.cache.drain();
    const { cache, redis } = await replica(clock.now);
    const calls: string[][] = [];
    const trips = countRoundTrips(redis);
    const results = await cache.getMany(
      [...keys].reverse(),
      async (ks) => (calls.push(ks), ks.map((k) => `fetched ${k.slice(-1)}`)),
      POLICY,
    );
    await cache.drain();
    trips.stop();
    expect(calls).toEqual([[keys[5], keys[4], keys[3]]]);
    expect(results.map((r) => (r instanceof Error ? 'error' : `${r.status}:${String(r.value)}`))).toEqual([
      'miss:fetched 5',
      'miss:fetched 4',
      'miss:fetched 3',
      'hit:seeded 2',
      'hit:seeded 1',
      'hit:seeded 0',
    ]);
    expect(trips.count).toBe(2); // MGET + one pipeline of 3 SETs
    expect(await raw.get(`${RUN}${keys[4]}`)).toMatch(/^j1:.*fetched 4/);
    const again = countRoundTrips(redis);
    await cache.getMany(keys, async () => [], POLICY);
    again.stop();
    expect(again.count).toBe(0); // all six from L1
  });

  it("invalidates by tag through the Redis index, dropping the entry from every replica's L1", async () => {
    const clock = fakeClock();
    const a = await replica(clock.now);
    const b = await replica(clock.now);
    const policy: CachePolicy<{ id: string; commune: string }> = {
      ttlSeconds: 60,
      tags: (v) => [`entity:${v.id}`, `territory:${v.commune}`],
    };
    const fetch = counted(() => ({ id: 's1', commune: '75056' }));
    await a.cache.get('v1:dora:op:tag', fetch, policy);
    await a.cache.drain();
    expect(await raw.smembers(`${RUN}tag:territory:75056`)).toEqual(['v1:dora:op:tag']);
    expect((await b.cache.get('v1:dora:op:tag', fetch, policy)).status).toBe('hit'); // now in b's L1 too
    expect(await a.cache.invalidateTags(['territory:75056'])).toBe(1);
    expect(await raw.exists(`${RUN}tag:territory:75056`, `${RUN}v1:dora:op:tag`)).toBe(0);
    await expect.poll(() => b.cache.get('v1:dora:op:tag', fetch, policy).then((r) => r.status)).toBe('miss');
    expect(fetch.calls).toBe(2);
  });
});
