/**
 * The cache layer assembled (docs/architecture.md#memo-and-dedup-layers). With REDIS_URL: L1 (in-process LRU) in
 * front of Redis, single flight across replicas (a Redis lock plus pub/sub wake-ups), invalidations
 * broadcast to every replica's L1, invalidation tags in Redis. Without: L1 in front of the in-process
 * store, single flight per process. Redis is best effort: when it goes away the gateway answers from
 * L1 and live calls, RedisStore logs the outage once, and ioredis reconnects by itself.
 */
import type { Logger } from 'pino';
import type { Redis } from 'ioredis';
import { createRedisBus, type MessageBus } from '../cache/bus.js';
import { type Cache, type CacheMetrics, createCache } from '../cache/cached.js';
import { createCoalescer, type Coalescer } from '../cache/coalesce.js';
import { connectorErrorCodec } from '../connectors/cached-call.js';
import type { CacheEntry } from '../cache/entry.js';
import { Lru } from '../cache/lru.js';
import { MemoryStore } from '../cache/memory.js';
import { createRedis, RedisStore } from '../cache/redis.js';
import type { KeyValueCache } from '../cache/store.js';
import { MemoryTagIndex, RedisTagIndex, type TagIndex } from '../cache/tags.js';
import { Tiers } from '../cache/tiers.js';
import { outsideRequest } from '../connectors/deadline.js';
import type { Config } from './config.js';

/** How long boot waits for Redis before serving anyway (the cache is best-effort). */
const REDIS_BOOT_WAIT_MS = 2_000;

/** The cache layer of one gateway process. */
export interface CacheStack {
  /** The read-through cache the connectors are wrapped with (registry.ts). */
  readonly cache: Cache;
  /** L1 + L2 of whole responses: the same L1 and tag index, so every invalidation reaches them. */
  readonly responses: Tiers;
  /** L2 (readiness probe). */
  readonly store: KeyValueCache;
  /** The Redis client under the cache, when REDIS_URL is set (the rate limits share it and its key prefix). */
  readonly redis?: Redis;
  readonly clock: () => number;
  /** Drains background refreshes, then closes the coalescer, the bus and Redis, in that order. */
  close(): Promise<void>;
}

/** Options of createCacheStack. */
export interface CacheStackOptions {
  readonly metrics?: CacheMetrics;
  /** Milliseconds clock of every level (tests move it instead of sleeping). @default Date.now */
  readonly clock?: () => number;
}

/** Builds the cache layer from the `cache` section of the config. */
export async function createCacheStack(
  config: Config['cache'],
  logger: Logger,
  opts: CacheStackOptions = {},
): Promise<CacheStack> {
  const clock = opts.clock ?? Date.now;
  const l1 = new Lru<CacheEntry>({ now: clock });
  let store: KeyValueCache;
  let tags: TagIndex;
  let bus: MessageBus | undefined;
  let coalescer: Coalescer | undefined;
  let redis: Redis | undefined;
  if (config.redisUrl === undefined) {
    logger.info(
      { maxEntries: config.memoryMaxEntries, maxBytes: config.memoryMaxBytes },
      'cache: in-memory (REDIS_URL unset)',
    );
    store = new MemoryStore({ maxEntries: config.memoryMaxEntries, maxBytes: config.memoryMaxBytes, now: clock });
    tags = new MemoryTagIndex(clock);
  } else {
    redis = createRedis(config.redisUrl, { keyPrefix: config.keyPrefix });
    const redisStore = new RedisStore(redis, logger.child({ component: 'redis' }));
    store = redisStore;
    tags = new RedisTagIndex(redis);
    bus = createRedisBus(redis);
    coalescer = createCoalescer({ redis, bus, errors: connectorErrorCodec });
    const [ready] = await Promise.all([redisStore.waitUntilReady(REDIS_BOOT_WAIT_MS), bus.ready(REDIS_BOOT_WAIT_MS)]);
    logger.info(
      { keyPrefix: config.keyPrefix, connected: ready },
      ready ? 'cache: Redis' : 'cache: Redis not reachable yet; serving without it until it is',
    );
  }
  const cacheLogger = logger.child({ component: 'cache' });
  // A stale-while-revalidate refresh serves no request: no deadline, no consumer charged for it.
  const cache = createCache({
    l1,
    l2: store,
    clock,
    tags,
    bus,
    coalescer,
    metrics: opts.metrics,
    logger: cacheLogger,
    detach: outsideRequest,
  });
  const onUnstorable = (key: string, err: Error) =>
    cacheLogger.warn({ key, reason: err.message }, 'cache: response not stored');
  const responses = new Tiers({ l1, l2: store, clock, tags, onUnstorable });
  return {
    cache,
    responses,
    store,
    clock,
    ...(redis ? { redis } : {}),
    async close() {
      await cache.close();
      coalescer?.close();
      await bus?.close();
      await store.close();
    },
  };
}
