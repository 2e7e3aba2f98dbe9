import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { unlinkPrefix } from '../tests/helpers/redis-keys.js';
import { startTcpProxy } from '../tests/helpers/tcp-proxy.js';
import { createRedis, reconnectDelayMs, RedisStore } from './redis.js';

const REDIS_URL = 'redis://127.0.0.1:6379';
// Unique per run so parallel runs and other suites never see each other's keys.
const RUN = `gwtest:${process.pid}:${randomBytes(4).toString('hex')}:`;

/** Counts socket writes of a connected client: ioredis writes once per command, once per pipeline. */
function countWrites(redis: Redis): { readonly count: number } {
  const stream = redis.stream;
  const original = stream.write.bind(stream) as (...args: unknown[]) => boolean;
  const counter = { count: 0 };
  stream.write = ((...args: unknown[]) => {
    counter.count++;
    return original(...args);
  }) as typeof stream.write;
  return counter;
}

// Every key of this run, whichever describe wrote it, goes once all tests are done.
const raw = new Redis(REDIS_URL);
afterAll(async () => {
  await unlinkPrefix(raw, RUN);
  await raw.quit();
});

describe('RedisStore against a real Redis', () => {
  const logger = captureLogger();
  const redis = createRedis(REDIS_URL, { keyPrefix: RUN });
  const store = new RedisStore(redis, logger);

  beforeAll(async () => {
    expect(await store.waitUntilReady(5_000)).toBe(true);
  });

  afterAll(async () => {
    await store.close();
  });

  it('applies the key prefix and honours the TTL', async () => {
    await store.set('ttl:a', 'A', 1);
    expect(await store.get('ttl:a')).toBe('A');
    expect(await raw.get(`${RUN}ttl:a`)).toBe('A');
    expect(await raw.exists('ttl:a')).toBe(0);
    const pttl = await raw.pttl(`${RUN}ttl:a`);
    expect(pttl).toBeGreaterThan(0);
    expect(pttl).toBeLessThanOrEqual(1000);
  });

  it('deletes the key for a non-positive TTL', async () => {
    await store.set('ttl:zero', 'old', 60);
    await store.set('ttl:zero', 'new', 0);
    expect(await raw.exists(`${RUN}ttl:zero`)).toBe(0);
  });

  it('reads many keys in one MGET, aligned with the keys', async () => {
    await store.setMany([
      { key: 'mget:a', value: 'A', ttlSeconds: 60 },
      { key: 'mget:c', value: 'C', ttlSeconds: 60 },
    ]);
    const writes = countWrites(redis);
    expect(await store.getMany(['mget:c', 'mget:b', 'mget:a', 'mget:c'])).toEqual(['C', undefined, 'A', 'C']);
    expect(writes.count).toBe(1);
    expect(await store.getMany([])).toEqual([]);
    expect(writes.count).toBe(1);
  });

  it('writes many entries back in one pipeline round trip, each with its TTL', async () => {
    const entries = Array.from({ length: 5 }, (_, i) => ({ key: `pipe:${i}`, value: `v${i}`, ttlSeconds: 10 + i }));
    const writes = countWrites(redis);
    await store.setMany(entries);
    expect(writes.count).toBe(1);
    expect(await raw.mget(...entries.map((e) => `${RUN}${e.key}`))).toEqual(['v0', 'v1', 'v2', 'v3', 'v4']);
    const pttl4 = await raw.pttl(`${RUN}pipe:4`);
    expect(pttl4).toBeGreaterThan(10_000);
    expect(pttl4).toBeLessThanOrEqual(14_000);
  });

  it('deletes keys and counts those that existed', async () => {
    await store.set('del:a', 'A', 60);
    expect(await store.delete(['del:a', 'del:missing'])).toBe(1);
    expect(await store.delete([])).toBe(0);
    expect(await raw.exists(`${RUN}del:a`)).toBe(0);
  });

  it('deletes by prefix within its own key prefix only, matching glob characters literally', async () => {
    const sibling = `${RUN.slice(0, -1)}-sibling:dora:1`; // same run, outside the store's keyPrefix
    await raw.set(sibling, 'keep', 'EX', 60);
    const dora = Array.from({ length: 1200 }, (_, i) => ({ key: `v1:dora:${i}`, value: 'x', ttlSeconds: 60 }));
    await store.setMany([
      ...dora,
      { key: 'v1:cog:1', value: 'y', ttlSeconds: 60 },
      { key: 'v1:d*a:1', value: 'g', ttlSeconds: 60 },
    ]);
    expect(await store.deleteByPrefix('v1:d*a:')).toBe(1);
    expect(await store.deleteByPrefix('v1:dora:')).toBe(1200);
    expect(await store.get('v1:cog:1')).toBe('y');
    expect(await raw.get(sibling)).toBe('keep');
    await raw.unlink(sibling);
  });

  it('pings and has logged no outage', async () => {
    expect(await store.ping()).toBe(true);
    expect(logger.entries).toEqual([]);
  });
});

describe('RedisStore when Redis is unreachable', () => {
  it('misses, drops writes without rejecting, pings false and logs the outage once', { timeout: 5_000 }, async () => {
    const logger = captureLogger();
    // Long deadlines on purpose: answers must come from the disabled offline queue, not from a timeout.
    const store = new RedisStore(
      createRedis('redis://127.0.0.1:1', { keyPrefix: RUN, commandTimeoutMs: 60_000, connectTimeoutMs: 60_000 }),
      logger,
    );
    try {
      expect(await store.get('a')).toBeUndefined();
      expect(await store.getMany(['a', 'b'])).toEqual([undefined, undefined]);
      await expect(store.set('a', '1', 60)).resolves.toBeUndefined();
      await expect(store.setMany([{ key: 'b', value: '2', ttlSeconds: 60 }])).resolves.toBeUndefined();
      expect(await store.delete(['a'])).toBe(0);
      expect(await store.deleteByPrefix('a')).toBe(0);
      expect(await store.ping()).toBe(false);
      expect(logger.entries.filter((e) => e.level === 'warn')).toHaveLength(1);
      expect(logger.entries[0]?.msg).toBe(
        'Redis unavailable: cache reads miss and writes are dropped until it recovers',
      );
    } finally {
      await store.close();
    }
  });

  it('logs one outage and one recovery across a real connection loss', async () => {
    const proxy = await startTcpProxy({ host: '127.0.0.1', port: 6379 });
    const logger = captureLogger();
    const store = new RedisStore(createRedis(`redis://127.0.0.1:${proxy.port}`, { keyPrefix: RUN }), logger);
    try {
      expect(await store.waitUntilReady(5_000)).toBe(true);
      await store.set('outage:a', 'A', 60);
      await proxy.stop();
      for (let i = 0; i < 5; i++) expect(await store.get('outage:a')).toBeUndefined();
      await store.set('outage:b', 'B', 60);
      await proxy.start();
      expect(await store.waitUntilReady(10_000)).toBe(true);
      expect(await store.get('outage:a')).toBe('A');
      expect(logger.entries.map((e) => `${e.level}: ${e.msg}`)).toEqual([
        'warn: Redis unavailable: cache reads miss and writes are dropped until it recovers',
        'info: Redis recovered: cache back in use',
      ]);
    } finally {
      await store.close();
      await proxy.stop();
    }
  });
});

describe('reconnectDelayMs', () => {
  it('doubles from 100 ms and caps at 5 s', () => {
    expect([1, 2, 3, 4, 6, 7, 50].map(reconnectDelayMs)).toEqual([100, 200, 400, 800, 3200, 5000, 5000]);
  });
});
