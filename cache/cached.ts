/**
 * The read-through cache the connectors' registry wraps partner calls with (architecture.md
 * practice 5): L1 + L2 (tiers.ts), stale-while-revalidate, stale-if-error, negative caching,
 * in-process single-flight, optional cross-replica coalescing (coalesce.ts), batched reads
 * (batch.ts) and invalidation by key, prefix or tag, broadcast to every replica's L1.
 *
 * `get` decides in this order, and the order is the contract:
 *   fresh entry (L1, else L2)           → hit
 *   expired, within the SWR window      → stale at once + ONE background refresh per key
 *   otherwise                           → fetch (joined when already in flight: coalesced)
 *   fetch failed, entry within max age  → stale-error with its age; else the error is rethrown
 */
import { ageSeconds, type CacheEntry } from './entry.js';
import { getManyWith, type BatchFetcher } from './batch.js';
import type { MessageBus } from './bus.js';
import type { Coalescer } from './coalesce.js';
import { Lru } from './lru.js';
import { type CacheCore, type CacheMetrics, type CachePolicy, type CacheResult, entryFor, EVENT_OF, type Loaded, sourceFor } from './policy.js';
import type { CacheLogger } from './redis.js';
import type { KeyValueCache } from './store.js';
import { MemoryTagIndex, type TagIndex } from './tags.js';
import { Tiers } from './tiers.js';

export type { CachePolicy, CacheResult, CacheStatus, CacheMetrics, CacheEvent } from './policy.js';
export type { BatchFetcher } from './batch.js';

/** Dependencies of createCache; the cache owns none of them (close them in the composition root). */
export interface CacheOptions {
  /** L2: RedisStore, or MemoryStore when REDIS_URL is unset. */
  readonly l2: KeyValueCache;
  /** L1; give it the same clock. @default new Lru({ now: clock }) */
  readonly l1?: Lru<CacheEntry>;
  /** Milliseconds clock. @default Date.now */
  readonly clock?: () => number;
  readonly metrics?: CacheMetrics;
  /** Cross-replica single-flight; without it, single-flight is per process. */
  readonly coalescer?: Coalescer;
  /** Broadcasts invalidations to the other replicas' L1. */
  readonly bus?: MessageBus;
  /** Tag → keys index. @default an in-process MemoryTagIndex */
  readonly tags?: TagIndex;
  readonly logger?: CacheLogger;
  /** @default 8 KiB */
  readonly compressAboveBytes?: number;
}

/** The cache. Values handed out are shared between callers: treat them as immutable. */
export interface Cache {
  get<T>(key: string, fetcher: () => Promise<T>, policy: CachePolicy<T>): Promise<CacheResult<T>>;
  /** Aligned with `keys`, an Error in the slot of a key that failed (and had nothing stale to give). */
  getMany<T>(keys: readonly string[], fetcher: BatchFetcher<T>, policy: CachePolicy<T>): Promise<Array<CacheResult<T> | Error>>;
  /** Deletes keys everywhere; resolves to how many existed in L2. */
  invalidate(keys: readonly string[]): Promise<number>;
  /** Deletes every key under a prefix (by source: keyPrefix() of keys.ts); SCANs only that prefix. */
  invalidatePrefix(prefix: string): Promise<number>;
  /** Deletes every key written with one of `tags`. */
  invalidateTags(tags: readonly string[]): Promise<number>;
  /** Resolves when background refreshes and write-backs are done (tests, graceful shutdown). */
  drain(): Promise<void>;
  close(): Promise<void>;
}

const INVALIDATE = 'invalidate';

/** Builds the cache over its two levels. */
export function createCache(opts: CacheOptions): Cache {
  const clock = opts.clock ?? Date.now;
  const tagIndex = opts.tags ?? new MemoryTagIndex(clock);
  const warn = (obj: object, msg: string) => opts.logger?.warn(obj, msg);
  const tiers = new Tiers({
    l1: opts.l1 ?? new Lru({ now: clock }),
    l2: opts.l2,
    clock,
    tags: tagIndex,
    compressAboveBytes: opts.compressAboveBytes,
    onUnstorable: (key, err) => warn({ key, reason: err.message }, 'cache: value not stored'),
  });
  const inflight = new Map<string, Promise<Loaded>>();
  const pending = new Set<Promise<unknown>>();

  const core: CacheCore = {
    tiers,
    clock,
    inflight,
    register(key, load) {
      inflight.set(key, load);
      // Handled here so a load nobody awaits (a background refresh) never rejects unhandled.
      void load.then(noop, noop).then(() => inflight.get(key) === load && inflight.delete(key));
      return load;
    },
    answer(key, entry, status, policy) {
      core.count(EVENT_OF[status], sourceFor(key, policy as CachePolicy<unknown>));
      return { value: entry.value as never, status, ageSeconds: ageSeconds(entry, clock()) };
    },
    count(event, source) {
      opts.metrics?.[event]?.(source);
    },
    track(work, what, key) {
      const p = work.catch((err: unknown) => warn({ key, reason: err instanceof Error ? err.message : String(err) }, `cache: ${what} failed`));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
  };

  /** The in-flight load of `key`, or a new one (through the coalescer when there is one). */
  function load<T>(key: string, fetcher: () => Promise<T>, policy: CachePolicy<T>): Promise<Loaded> {
    const running = inflight.get(key);
    if (running !== undefined) return running.then((l) => ({ entry: l.entry, coalesced: true }));
    const produce = async (): Promise<CacheEntry> => {
      core.count('fetch', sourceFor(key, policy as CachePolicy<unknown>));
      const { entry, write } = entryFor(key, await fetcher(), policy, clock());
      const stored = write ? tiers.write([write]) : Promise.resolve();
      // A coalescing winner must have stored the value before it wakes the waiters up.
      if (opts.coalescer) await stored;
      else core.track(stored, 'write-back', key);
      return entry;
    };
    const coalescer = opts.coalescer;
    const started: Promise<Loaded> = coalescer
      ? coalescer.run(key, { produce, readBack: () => tiers.readFresh(key) }).then(({ value, coalesced }) => ({ entry: value, coalesced }))
      : produce().then((entry) => ({ entry, coalesced: false }));
    return core.register(key, started);
  }

  async function get<T>(key: string, fetcher: () => Promise<T>, policy: CachePolicy<T>): Promise<CacheResult<T>> {
    const known = await tiers.read(key);
    const now = clock();
    if (known !== undefined && now < known.freshUntil) return core.answer(key, known, 'hit', policy);
    if (known !== undefined && now < known.swrUntil) {
      if (!inflight.has(key)) core.track(load(key, fetcher, policy), 'background refresh', key);
      return core.answer(key, known, 'stale', policy);
    }
    try {
      const { entry, coalesced } = await load(key, fetcher, policy);
      return core.answer(key, entry, coalesced ? 'coalesced' : 'miss', policy);
    } catch (err) {
      if (known !== undefined && clock() < known.staleIfErrorUntil) return core.answer(key, known, 'stale-error', policy);
      throw err;
    }
  }

  /** Drops L1 entries named by another replica's (or our own) invalidation. */
  const unsubscribe = opts.bus?.subscribe(INVALIDATE, (message) => {
    try {
      const m = JSON.parse(message) as { keys?: unknown; prefixes?: unknown };
      tiers.forgetLocal(strings(m.keys), strings(m.prefixes));
    } catch {
      // not ours or garbled: nothing to drop
    }
  });

  async function broadcast(keys: readonly string[], prefixes: readonly string[]): Promise<void> {
    tiers.forgetLocal(keys, prefixes);
    await opts.bus?.publish(INVALIDATE, JSON.stringify({ keys, prefixes }));
  }

  async function invalidate(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    const n = await opts.l2.delete(keys);
    await broadcast(keys, []);
    return n;
  }

  async function drain(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  return {
    get,
    getMany: (keys, fetcher, policy) => getManyWith(core, keys, fetcher, policy),
    invalidate,
    async invalidatePrefix(prefix) {
      const n = await opts.l2.deleteByPrefix(prefix);
      await broadcast([], [prefix]);
      return n;
    },
    invalidateTags: async (tags) => invalidate(await tagIndex.take(tags)),
    drain,
    async close() {
      unsubscribe?.();
      await drain();
    },
  };
}

function noop(): void {}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
