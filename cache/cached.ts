/**
 * The read-through cache the connectors' registry wraps partner calls with
 * (docs/architecture.md#memo-and-dedup-layers): L1 + L2 (tiers.ts), stale-while-revalidate, stale-if-error, negative caching,
 * in-process single-flight, optional cross-replica coalescing (coalesce.ts), batched reads
 * (batch.ts) and invalidation by key, prefix or tag, broadcast to every replica's L1.
 *
 * `get` decides in this order, and the order is the contract:
 *   fresh entry (L1, else L2)           → hit
 *   expired, within the SWR window      → stale at once + ONE background refresh per key
 *   otherwise                           → fetch (joined when already in flight: coalesced)
 *   fetch failed, entry within max age  → stale-error with its age; else the error is rethrown
 *   caller's `staleAt` came first, entry within max age
 *                                       → stale-error with its age; the load goes on (stale-race.ts)
 */
import { ageSeconds, type CacheEntry } from './entry.js';
import { getManyWith, type BatchFetcher } from './batch.js';
import type { MessageBus } from './bus.js';
import type { Coalescer } from './coalesce.js';
import { Lru } from './lru.js';
import { type GetOptions, LATE, raceUntil } from './stale-race.js';
import {
  type CacheCore,
  type CacheEvent,
  type CacheMetrics,
  type CachePolicy,
  type CacheResult,
  type CacheStatus,
  entryFor,
  EVENT_OF,
  type Loaded,
  sourceFor,
} from './policy.js';
import type { CacheLogger } from './redis.js';
import type { KeyValueCache } from './store.js';
import { MemoryTagIndex, type TagIndex } from './tags.js';
import { Tiers } from './tiers.js';

export type { CachePolicy, CacheResult, CacheStatus, CacheMetrics, CacheEvent } from './policy.js';
export type { BatchFetcher } from './batch.js';
export type { GetOptions } from './stale-race.js';

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
  /** Starts a stale-while-revalidate refresh outside the request that triggered it (no deadline, charged to no consumer). @default starts it as is */
  readonly detach?: <T>(start: () => T) => T;
}

/** The cache. Values handed out are shared between callers: treat them as immutable. Call methods on the cache (they use `this`). */
export interface Cache {
  /** `opts.staleAt`: when the caller stops waiting (its request's deadline); see stale-race.ts. */
  get<T>(key: string, fetcher: () => Promise<T>, policy: CachePolicy<T>, opts?: GetOptions): Promise<CacheResult<T>>;
  /** Aligned with `keys`, an Error in the slot of a key that failed (and had nothing stale to give). Single-flight per process only. `staleAt` applies per key. */
  getMany<T>(
    keys: readonly string[],
    fetcher: BatchFetcher<T>,
    policy: CachePolicy<T>,
    opts?: GetOptions,
  ): Promise<Array<CacheResult<T> | Error>>;
  /** Deletes keys everywhere; resolves to how many existed in L2. */
  invalidate(keys: readonly string[]): Promise<number>;
  /** Deletes every key under a prefix (by source: keyPrefix() of keys.ts). SCAN walks the keyspace: admin use only. */
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
  return new ReadThroughCache(opts);
}

/** The Cache, and the CacheCore that batch.ts works with. */
class ReadThroughCache implements Cache, CacheCore {
  readonly tiers: Tiers;
  readonly clock: () => number;
  readonly inflight = new Map<string, Promise<Loaded>>();
  private readonly pending = new Set<Promise<unknown>>();
  private readonly tagIndex: TagIndex;
  private readonly unsubscribe: (() => void) | undefined;

  constructor(private readonly opts: CacheOptions) {
    this.clock = opts.clock ?? Date.now;
    this.tagIndex = opts.tags ?? new MemoryTagIndex(this.clock);
    this.tiers = new Tiers({
      l1: opts.l1 ?? new Lru({ now: this.clock }),
      l2: opts.l2,
      clock: this.clock,
      tags: this.tagIndex,
      compressAboveBytes: opts.compressAboveBytes,
      onUnstorable: (key, err) => opts.logger?.warn({ key, reason: err.message }, 'cache: value not stored'),
    });
    // Another replica's (or our own) invalidation drops the named L1 entries.
    this.unsubscribe = opts.bus?.subscribe(INVALIDATE, (message) => {
      try {
        const m = JSON.parse(message) as { keys?: unknown; prefixes?: unknown; tags?: unknown };
        this.tiers.forgetLocal(strings(m.keys), strings(m.prefixes), strings(m.tags));
        this.tagIndex.forget?.(strings(m.tags));
      } catch {
        // not ours or garbled: nothing to drop
      }
    });
  }

  async get<T>(
    key: string,
    fetcher: () => Promise<T>,
    policy: CachePolicy<T>,
    opts: GetOptions = {},
  ): Promise<CacheResult<T>> {
    const known = await this.tiers.read(key);
    const now = this.clock();
    if (known !== undefined && now < known.freshUntil) return this.answer(key, known, 'hit', policy);
    if (known !== undefined && now < known.swrUntil) {
      if (!this.inflight.has(key))
        this.track(
          this.detach(() => this.load(key, fetcher, policy)),
          'background refresh',
          key,
        );
      return this.answer(key, known, 'stale', policy);
    }
    try {
      const load = this.load(key, fetcher, policy);
      const fallback = known !== undefined && now < known.staleIfErrorUntil ? known : undefined;
      // A partner that hangs gets the same answer as one that fails, when the caller has a deadline.
      const landed = await raceUntil(load, fallback === undefined ? undefined : opts.staleAt);
      if (landed === LATE && fallback !== undefined && this.clock() < fallback.staleIfErrorUntil) {
        this.track(load, 'load past the deadline', key);
        return this.answer(key, fallback, 'stale-error', policy);
      }
      const { entry, coalesced } = landed === LATE ? await load : landed;
      return this.answer(key, entry, coalesced ? 'coalesced' : 'miss', policy);
    } catch (err) {
      if (known !== undefined && this.clock() < known.staleIfErrorUntil)
        return this.answer(key, known, 'stale-error', policy);
      throw err;
    }
  }

  getMany<T>(
    keys: readonly string[],
    fetcher: BatchFetcher<T>,
    policy: CachePolicy<T>,
    opts: GetOptions = {},
  ): Promise<Array<CacheResult<T> | Error>> {
    return getManyWith(this, keys, fetcher, policy, opts);
  }

  invalidate(keys: readonly string[]): Promise<number> {
    return this.drop(keys, []);
  }

  async invalidatePrefix(prefix: string): Promise<number> {
    this.tiers.forgetLocal([], [prefix]); // before the delete: no pending write lands after it
    const n = await this.opts.l2.deleteByPrefix(prefix);
    await this.broadcast([], [prefix]);
    return n;
  }

  async invalidateTags(tags: readonly string[]): Promise<number> {
    this.tiers.forgetLocal([], [], tags); // before the take: an unwritten entry's tags are not in Redis yet
    return this.drop(await this.tagIndex.take(tags), tags);
  }

  async drain(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  async close(): Promise<void> {
    this.unsubscribe?.();
    await this.drain();
  }

  register(key: string, load: Promise<Loaded>): Promise<Loaded> {
    this.inflight.set(key, load);
    // Handled here so a load nobody awaits (a background refresh) never rejects unhandled.
    void load.then(noop, noop).then(() => this.inflight.get(key) === load && this.inflight.delete(key));
    return load;
  }

  answer<T>(key: string, entry: CacheEntry, status: CacheStatus, policy: CachePolicy<T>): CacheResult<T> {
    this.count(EVENT_OF[status], sourceFor(key, policy as CachePolicy<unknown>));
    return { value: entry.value as T, status, ageSeconds: ageSeconds(entry, this.clock()) };
  }

  count(event: CacheEvent, source: string): void {
    this.opts.metrics?.[event]?.(source);
  }

  detach<T>(start: () => T): T {
    return this.opts.detach ? this.opts.detach(start) : start();
  }

  track(work: Promise<unknown>, what: string, key?: string): void {
    const reason = (err: unknown) => (err instanceof Error ? err.message : String(err));
    const p = work.catch((err: unknown) =>
      this.opts.logger?.warn({ key, reason: reason(err) }, `cache: ${what} failed`),
    );
    this.pending.add(p);
    void p.finally(() => this.pending.delete(p));
  }

  /** The in-flight load of `key`, or a new one (through the coalescer when there is one). */
  private load<T>(key: string, fetcher: () => Promise<T>, policy: CachePolicy<T>): Promise<Loaded> {
    const running = this.inflight.get(key);
    if (running !== undefined) return running.then((l) => ({ entry: l.entry, coalesced: true }));
    // A load of this process may have finished since our read missed: no lock for a fresh L1 entry.
    const landed = this.tiers.peek(key);
    if (landed !== undefined) return Promise.resolve({ entry: landed, coalesced: true });
    const coalescer = this.opts.coalescer;
    const started: Promise<Loaded> = coalescer
      ? coalescer
          .run(key, {
            produce: (sent) => this.produce(key, fetcher, policy, sent),
            readBack: () => this.tiers.readFresh(key),
          })
          .then(({ value, coalesced }) => ({ entry: value, coalesced }))
      : this.produce(key, fetcher, policy).then(({ value }) => ({ entry: value, coalesced: false }));
    return this.register(key, started);
  }

  /**
   * One upstream call; the entry is in L1 and handed over as soon as it is built, its L2 write-back
   * goes on in the background (`stored`, tracked for drain()). Under the coalescer, `sent` runs right
   * after that write's commands are issued (Tiers.write), so the lock release travels in the same
   * flight, behind the value.
   */
  private async produce<T>(
    key: string,
    fetcher: () => Promise<T>,
    policy: CachePolicy<T>,
    sent?: () => void,
  ): Promise<{ value: CacheEntry; stored: Promise<void> }> {
    this.count('fetch', sourceFor(key, policy as CachePolicy<unknown>));
    const { entry, write } = entryFor(key, await fetcher(), policy, this.clock());
    if (write === undefined) return { value: entry, stored: Promise.resolve() };
    const stored = this.tiers.write([write], sent);
    this.track(stored, 'write-back', key);
    return { value: entry, stored };
  }

  /** Deletes keys from L2 (with their coalescing marks) and every replica's L1; `tags`: the tag sets just taken. */
  private async drop(keys: readonly string[], tags: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    this.tiers.forgetLocal(keys); // before the delete: no pending write lands after it
    const [n] = await Promise.all([this.opts.l2.delete(keys), this.opts.coalescer?.forget(keys)]);
    await this.broadcast(keys, [], tags);
    return n;
  }

  /** Drops keys and prefixes from every replica's L1, and the deleted tag sets from their tag index's memory. */
  private async broadcast(
    keys: readonly string[],
    prefixes: readonly string[],
    tags: readonly string[] = [],
  ): Promise<void> {
    this.tiers.forgetLocal(keys, prefixes, tags);
    this.tagIndex.forget?.(tags);
    await this.opts.bus?.publish(
      INVALIDATE,
      JSON.stringify(tags.length > 0 ? { keys, prefixes, tags } : { keys, prefixes }),
    );
  }
}

function noop(): void {}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}
