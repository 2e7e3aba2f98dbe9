/**
 * The vocabulary shared by `get` (cached.ts) and `getMany` (batch.ts): what a caller asks for
 * (CachePolicy), what it gets back (CacheResult), what is counted (CacheEvent), and how a fetched
 * value becomes a stored entry.
 */
import { type CacheEntry, createEntry, type EntryTimes, hardExpiry } from './entry.js';
import { sourceOfKey } from './keys.js';
import type { Tiers, Write } from './tiers.js';

/** How one kind of answer is cached. Times in seconds. */
export interface CachePolicy<T> extends EntryTimes {
  /** TTL of a "not found" (see isNegative); 0 caches nothing. @default 0 */
  readonly negativeTtlSeconds?: number;
  /** What counts as "not found". @default value === null || value === undefined */
  readonly isNegative?: (value: T) => boolean;
  /** Invalidation tags of a fetched value (entity ids, territory codes); see tags.ts. */
  readonly tags?: (value: T, key: string) => readonly string[];
  /** Metrics label. @default the source segment of the key (keys.ts) */
  readonly source?: string;
}

/** How an answer was obtained. `coalesced`: another caller's fetch (this process or another replica). */
export type CacheStatus = 'hit' | 'miss' | 'stale' | 'stale-error' | 'coalesced';

/** An answer and where it came from; `ageSeconds` feeds `extensions.sources[…].stale`. */
export interface CacheResult<T> {
  readonly value: T;
  readonly status: CacheStatus;
  readonly ageSeconds: number;
}

/** Counted per source: one of hit|miss|stale|staleError|coalescedWait per answer, `fetch` per upstream call. */
export type CacheEvent = 'hit' | 'miss' | 'stale' | 'staleError' | 'coalescedWait' | 'fetch';

/** Plain callbacks (prom-client counters are wired by the composition root). */
export type CacheMetrics = { readonly [E in CacheEvent]?: (source: string) => void };

/** The metrics event of each status. */
export const EVENT_OF: Readonly<Record<CacheStatus, CacheEvent>> = {
  hit: 'hit',
  miss: 'miss',
  stale: 'stale',
  'stale-error': 'staleError',
  coalesced: 'coalescedWait',
};

/** A load in flight: the entry, and whether this caller joined someone else's fetch. */
export interface Loaded {
  readonly entry: CacheEntry;
  readonly coalesced: boolean;
}

/** What batch.ts needs from the cache it belongs to. */
export interface CacheCore {
  readonly tiers: Tiers;
  readonly clock: () => number;
  readonly inflight: ReadonlyMap<string, Promise<Loaded>>;
  /** Publishes a load as in flight for `key` until it settles. */
  register(key: string, load: Promise<Loaded>): Promise<Loaded>;
  answer<T>(key: string, entry: CacheEntry, status: CacheStatus, policy: CachePolicy<T>): CacheResult<T>;
  count(event: CacheEvent, source: string): void;
  /** Keeps a background promise for drain(); a rejection is logged with `what`, never unhandled. */
  track(work: Promise<unknown>, what: string, key?: string): void;
  /** Starts a background refresh apart from the request that happened to trigger it (CacheOptions.detach). */
  detach<T>(start: () => T): T;
}

/** The metrics label of a key under a policy. */
export function sourceFor(key: string, policy: CachePolicy<unknown>): string {
  return policy.source ?? sourceOfKey(key);
}

/** The entry for a fetched value, and the write that stores it (none when it must not be stored). */
export function entryFor<T>(
  key: string,
  value: T,
  policy: CachePolicy<T>,
  now: number,
): { entry: CacheEntry<T>; write?: Write } {
  const negative = (policy.isNegative ?? isNullish)(value);
  const entry = negative
    ? createEntry(value, now, { ttlSeconds: policy.negativeTtlSeconds ?? 0 }, true)
    : createEntry(value, now, policy);
  if (!(hardExpiry(entry) > now)) return { entry };
  let tags: readonly string[] | undefined;
  try {
    tags = negative ? undefined : policy.tags?.(value, key);
  } catch {
    tags = undefined; // a tagging bug costs invalidation precision, not the answer
  }
  return { entry, write: { key, entry, tags } };
}

function isNullish(value: unknown): boolean {
  return value === null || value === undefined;
}
