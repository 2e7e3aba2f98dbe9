/**
 * What one cached read costs Redis, counted on the server: a MONITOR connection of its own sees every
 * command, and only those touching this run's key prefix (keys, lock keys, tag sets, bus channels)
 * are kept, so other suites sharing the Redis do not count. Bounds (per key, t = its tags):
 *   warm (L1 fresh)          0 commands
 *   cold, one replica        GET, SET NX GET, SET, SET (lock → DONE), PUBLISH = 5, plus SADD per tag,
 *                            plus EXPIRE NX + GT per tag whose set this process does not know to live long enough
 *   cold, a waiting replica  GET, SET NX GET, GET (read-back) = 3, whether it waited or found the lock at DONE
 *   getMany of k cold keys   MGET + one pipeline of k SETs (+ the tag pipeline, in the same flight)
 * A cold read's write-back (SET, tags, release) is sent after the value is handed over: the counts
 * below wait for it with drain().
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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
const TAGS = ['source:sim', 'lists-in:93'];
const POLICY: CachePolicy<unknown> = { ttlSeconds: 60, swrSeconds: 30, staleIfErrorSeconds: 600, tags: () => TAGS };
const raw = new Redis(REDIS_URL);
const closers: Array<() => Promise<unknown> | void> = [];
let monitor: Redis;
const seen: string[][] = [];
let sentinels = 0;

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
  return { redis, store, coalescer, cache };
}

/** Counts socket writes of a client: ioredis writes once per command, once per pipeline. */
function countWrites(redis: Redis): { count: number } {
  const stream = redis.stream;
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const counter = { count: 0 };
  stream.write = ((...args: unknown[]) => {
    counter.count++;
    return original(...args);
  }) as typeof stream.write;
  return counter;
}

/** Sends a marker command and resolves once MONITOR has reported it (it reports in execution order). */
async function mark(): Promise<number> {
  const sentinel = `${RUN}sentinel:${++sentinels}`;
  await raw.get(sentinel);
  await expect.poll(() => seen.some((args) => args[1] === sentinel)).toBe(true);
  return seen.findIndex((args) => args[1] === sentinel);
}

/** The commands of this run that Redis executed while `work` ran, as `name arg1` (prefix stripped), in order. */
async function commandsOf(work: () => Promise<unknown>): Promise<string[]> {
  await mark(); // whatever was sent before `work` is reported before this
  seen.length = 0;
  await work();
  return seen
    .slice(0, await mark())
    .filter((args) => args.slice(1).some((a) => a.includes(RUN)))
    .map((args) => `${args[0]!.toLowerCase()} ${args[1]!.replace(RUN, '')}`);
}

const names = (commands: readonly string[]) => commands.map((c) => c.split(' ')[0]);
const value = (id: string) => async () => ({ id });

beforeAll(async () => {
  monitor = await new Redis(REDIS_URL).monitor();
  monitor.on('monitor', (_time: string, args: unknown[]) => void seen.push(args.map(String)));
});

afterAll(async () => {
  for (const close of closers.reverse()) await close();
  monitor?.disconnect();
  await unlinkPrefix(raw, RUN);
  await raw.quit();
});

describe('Redis commands per cached read, counted by the server', () => {
  it('a cold get costs 5 commands plus its tags; the release travels behind the value; a warm get costs none', async () => {
    const { cache } = await replica();
    const cold = (key: string, id: string) => async () => {
      await cache.get(key, value(id), POLICY);
      await cache.drain();
    };
    const first = await commandsOf(cold('v1:sim:list:a', 'a'));
    expect(first).toEqual([
      'get v1:sim:list:a',
      'set lock:v1:sim:list:a',
      'set v1:sim:list:a',
      'sadd tag:source:sim',
      'expire tag:source:sim',
      'expire tag:source:sim',
      'sadd tag:lists-in:93',
      'expire tag:lists-in:93',
      'expire tag:lists-in:93',
      'set lock:v1:sim:list:a', // → DONE, after the value and its tags
      `publish ${'bus:coalesce'}`,
    ]);
    // Tag sets this process has just given a long enough life: one SADD each.
    const second = await commandsOf(cold('v1:sim:list:b', 'b'));
    expect(names(second)).toEqual(['get', 'set', 'set', 'sadd', 'sadd', 'set', 'publish']);
    expect(second.length).toBeLessThanOrEqual(5 + TAGS.length);
    expect(await raw.get(`${RUN}lock:v1:sim:list:b`)).toBe('=');
    // The tag set outlives its members, though the second write did not touch its TTL.
    expect(await raw.pttl(`${RUN}tag:source:sim`)).toBeGreaterThan(await raw.pttl(`${RUN}v1:sim:list:b`));

    expect(await commandsOf(() => cache.get('v1:sim:list:a', value('a'), POLICY))).toEqual([]);
    expect(
      await commandsOf(() => Promise.all([1, 2, 3].map(() => cache.get('v1:sim:list:b', value('b'), POLICY)))),
    ).toEqual([]);
  });

  it('a replica whose L2 read missed just before the value landed finds the lock at DONE and reads it back: no wait, no fetch', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.cache.get('v1:sim:list:c', value('c'), POLICY);
    await a.cache.drain();
    // What b's coalescer does after an L2 miss that raced a's write: the lock attempt and one read-back.
    let fetches = 0;
    const task = {
      produce: async (sent: () => void) => {
        fetches++;
        const stored = b.store.set('v1:sim:list:c', 'again', 60);
        sent();
        await stored;
        return { value: 'again', stored };
      },
      readBack: async () => b.store.get('v1:sim:list:c'),
    };
    const late = await commandsOf(() => b.coalescer.run('v1:sim:list:c', task));
    expect(late).toEqual(['set lock:v1:sim:list:c', 'get v1:sim:list:c']);
    expect(fetches).toBe(0);

    // The value DONE vouched for is gone (invalidated): one compare-and-set takes the lock over, one fetch.
    await raw.unlink(`${RUN}v1:sim:list:c`);
    const taken = await commandsOf(() => b.coalescer.run('v1:sim:list:c', task));
    expect(names(taken)).toEqual(['set', 'get', 'eval', 'get', 'set', 'set', 'set', 'publish']); // eval runs get + set
    expect(fetches).toBe(1);
    expect(await raw.get(`${RUN}lock:v1:sim:list:c`)).toBe('=');
  });

  it('an invalidation drops the DONE marks; a tag set it deleted is recreated with a TTL by the next write on another replica', async () => {
    const [a, b] = [await replica(), await replica()];
    await a.cache.get('v1:sim:list:e', value('e'), POLICY);
    await a.cache.drain();
    expect(await raw.get(`${RUN}lock:v1:sim:list:e`)).toBe('=');
    expect(await b.cache.invalidateTags(['lists-in:93'])).toBeGreaterThan(0);
    expect(await raw.exists(`${RUN}lock:v1:sim:list:e`)).toBe(0); // its DONE mark went with it: the next miss locks at once
    // The broadcast drops a's L1 entry and what a remembered of the set: the next read fetches and re-tags.
    await expect.poll(async () => (await a.cache.get('v1:sim:list:e', value('e'), POLICY)).status).toBe('miss');
    await a.cache.drain();
    expect(await raw.sismember(`${RUN}tag:lists-in:93`, 'v1:sim:list:e')).toBe(1);
    expect(await raw.pttl(`${RUN}tag:lists-in:93`)).toBeGreaterThan(await raw.pttl(`${RUN}v1:sim:list:e`));
  });

  it('getMany of k cold keys costs one MGET and one pipeline of k SETs (tags in the same flight)', async () => {
    const { redis, cache } = await replica();
    const keys = ['v1:sim:item:1', 'v1:sim:item:2', 'v1:sim:item:3', 'v1:sim:item:4', 'v1:sim:item:5'];
    const batch = async (miss: string[]) => new Map(miss.map((k) => [k, { id: k }]));
    const writes = countWrites(redis);
    const commands = await commandsOf(async () => {
      await cache.getMany(keys, batch, POLICY);
      await cache.drain();
    });
    expect(names(commands)).toEqual([
      'mget',
      'set',
      'set',
      'set',
      'set',
      'set',
      'sadd',
      'expire',
      'expire',
      'sadd',
      'expire',
      'expire',
    ]);
    expect(writes.count).toBe(3); // MGET, the SET pipeline, the tag pipeline (sent together)
    expect(await commandsOf(() => cache.getMany(keys, batch, POLICY))).toEqual([]);
  });
});
