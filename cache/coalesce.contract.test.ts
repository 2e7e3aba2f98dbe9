import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../connectors/sim/server.js';
import { connectorErrorCodec } from '../connectors/cached-call.js';
import { ConnectorError } from '../src/errors.js';
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

/** One gateway replica, as a separate process would have it: its own connections, L1, bus and coalescer. */
async function replica(lockMs = 5_000) {
  const redis = createRedis(REDIS_URL, { keyPrefix: RUN });
  const store = new RedisStore(redis, captureLogger());
  const bus = createRedisBus(redis);
  const coalescer = createCoalescer({ redis, bus, lockMs, errors: connectorErrorCodec });
  const events: string[] = [];
  const metrics = { fetch: () => void events.push('fetch'), coalescedWait: () => void events.push('coalescedWait') };
  const cache = createCache({ l1: new Lru<CacheEntry>(), l2: store, coalescer, bus, metrics });
  closers.push(
    () => cache.close(),
    () => coalescer.close(),
    () => bus.close(),
    () => store.close(),
  );
  expect(await store.waitUntilReady(5_000)).toBe(true);
  expect(await bus.ready()).toBe(true);
  return { redis, cache, events };
}

/** Counts socket writes of a connected client: ioredis writes once per command, once per pipeline. */
function countRoundTrips(redis: Redis) {
  const stream = redis.stream;
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const counter = { count: 0 };
  stream.write = ((...args: unknown[]) => {
    counter.count++;
    return original(...args);
  }) as typeof stream.write;
  return counter;
}

/** The partner call: a real HTTP request to the simulator; a non-2xx answer is a ConnectorError. */
async function callPartner(): Promise<unknown> {
  const res = await fetch(`${sim.url}/services?code_commune=75056`);
  if (!res.ok) throw new ConnectorError('sim', 'unavailable', `HTTP ${res.status}`, { status: res.status });
  return res.json();
}

/** 30 concurrent identical gets spread round-robin over the replicas. */
function thirtyGets(replicas: ReadonlyArray<{ cache: ReturnType<typeof createCache> }>, key: string) {
  return Promise.allSettled(
    Array.from({ length: 30 }, (_, i) => replicas[i % replicas.length]!.cache.get(key, callPartner, POLICY)),
  );
}

beforeAll(async () => {
  const route = {
    method: 'GET',
    path: '/services',
    handler: () => ({ body: { items: [{ id: 'svc-1', nom: 'Aide alimentaire' }] } }),
  };
  sim = await startSimulator('coalesce', [route], { latencyMs: { min: 100, max: 100 } });
});

beforeEach(() => sim.reset());

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  await sim.close();
  await unlinkPrefix(raw, RUN);
  await raw.quit();
});

describe('cross-replica coalescing against a real Redis and a loopback partner', () => {
  it('30 concurrent identical cold gets over three replicas make exactly one partner request', async () => {
    const replicas = [await replica(), await replica(), await replica()];
    const trips = replicas.map((r) => countRoundTrips(r.redis));
    const results = await thirtyGets(replicas, 'v1:sim:services:cold');
    expect(sim.count('/services')).toBe(1);
    const answers = results.map((r) => (r.status === 'fulfilled' ? r.value : r.reason));
    expect(answers.filter((a) => a.status === 'miss')).toHaveLength(1);
    expect(answers.filter((a) => a.status === 'coalesced')).toHaveLength(29);
    expect(new Set(answers.map((a) => JSON.stringify(a.value)))).toEqual(
      new Set(['{"items":[{"id":"svc-1","nom":"Aide alimentaire"}]}']),
    );
    const events = replicas.flatMap((r) => r.events);
    expect(events.filter((e) => e === 'fetch')).toHaveLength(1);
    expect(events.filter((e) => e === 'coalescedWait')).toHaveLength(29);
    // Winner: GET, SET NX GET, SET (value), SET (lock → DONE), PUBLISH, the last three in one flight; each other replica: GET, SET NX GET, GET.
    await expect.poll(() => trips.map((t) => t.count).sort((a, b) => a - b)).toEqual([3, 3, 5]);
    expect(await raw.get(`${RUN}lock:v1:sim:services:cold`)).toBe('='); // released: DONE until the lock's TTL
  });

  it('when the lock holder dies, waiters take the lock over after its TTL and one of them fetches', async () => {
    const replicas = [await replica(300), await replica(300), await replica(300)];
    await raw.set(`${RUN}lock:v1:sim:services:orphan`, 'dead-holder', 'PX', 300);
    const results = await thirtyGets(replicas, 'v1:sim:services:orphan');
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(sim.count('/services')).toBe(1);
  });

  it('when the lock outlives every wait, each replica fetches for itself instead of hanging', async () => {
    const replicas = [await replica(200), await replica(200), await replica(200)];
    await raw.set(`${RUN}lock:v1:sim:services:stuck`, 'stuck-holder', 'PX', 30_000);
    const results = await thirtyGets(replicas, 'v1:sim:services:stuck');
    expect(results.every((r) => r.status === 'fulfilled')).toBe(true);
    expect(sim.count('/services')).toBe(3); // one per replica: in-process single-flight still holds
    expect(await raw.get(`${RUN}lock:v1:sim:services:stuck`)).toBe('stuck-holder'); // never deleted someone else's lock
  });

  it('a partner failure met by the holder reaches every waiter as the same ConnectorError, with one request', async () => {
    const replicas = [await replica(), await replica(), await replica()];
    sim.fault({ kind: 'status', status: 503, match: /^\/services/ });
    const results = await thirtyGets(replicas, 'v1:sim:services:failing');
    expect(sim.count('/services')).toBe(1);
    expect(sim.pendingFaults()).toEqual([]);
    for (const r of results) {
      expect(r.status).toBe('rejected');
      expect((r as PromiseRejectedResult).reason).toMatchObject({
        name: 'ConnectorError',
        partner: 'sim',
        kind: 'unavailable',
        message: 'HTTP 503',
      });
    }
  });
});
