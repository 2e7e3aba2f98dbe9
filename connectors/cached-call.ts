/**
 * Generic wrappers that put one connector call behind the shared cache (docs/architecture.md):
 * `cachedCall` for a call with one argument (cache.get: SWR, stale-if-error, cross-replica
 * single flight) and `cachedBatch` for a key-aligned lookup (cache.getMany: MGET, one partner call for
 * the misses, one pipeline back, negative caching of "not found"). They know nothing of any partner;
 * registry.ts composes them per connector kind. Every answer is reported through `onAnswer`, so the
 * request that used it knows its age, its freshness and its invalidation tags (response cache).
 * Under a request's deadline (deadline.ts), a partner that hangs is answered for by its last good
 * answer just before the deadline, as one that fails is (stale-if-error; cache/stale-race.ts).
 */
import type { Cache, CachePolicy, CacheResult, GetOptions } from '../cache/cached.js';
import type { ErrorCodec } from '../cache/coalesce.js';
import { buildKey } from '../cache/keys.js';
import type { CacheInfo, CallContext } from './connector.js';
import { currentBudget } from './deadline.js';
import { CONNECTOR_ERROR_KINDS, ConnectorError, type ConnectorErrorKind } from '../src/errors.js';

/** Bump when a mapping's output changes, so entries written by the previous mapping are never read. */
export const CACHE_VERSION = 1;

/**
 * A partner failure as the replicas waiting on the same cache miss receive it (cache/coalesce.ts):
 * partner, kind, message and HTTP status; anything else is not shared and the waiters retry.
 */
export const connectorErrorCodec: ErrorCodec = {
  encode: (err) =>
    err instanceof ConnectorError
      ? { partner: err.partner, kind: err.kind, message: err.message, status: err.details.status }
      : undefined,
  decode: (data) => {
    const e = data as { partner?: unknown; kind?: unknown; message?: unknown; status?: unknown } | null;
    if (
      !e ||
      typeof e.partner !== 'string' ||
      typeof e.message !== 'string' ||
      !CONNECTOR_ERROR_KINDS.includes(e.kind as ConnectorErrorKind)
    )
      return undefined;
    return new ConnectorError(
      e.partner,
      e.kind as ConnectorErrorKind,
      e.message,
      typeof e.status === 'number' ? { status: e.status } : {},
    );
  },
};

/** What one answer tells the request it served. `uncached`: a live call the cache does not cover. */
export interface AnswerNote {
  readonly source: string;
  readonly operation: string;
  readonly status: CacheInfo['status'] | 'uncached';
  readonly ageSeconds: number;
  readonly freshForSeconds: number;
  readonly tags: readonly string[];
}

/** How one source's answers are cached. Times in seconds. */
export interface Caching {
  readonly cache: Cache;
  /** The source id: key segment, metrics label. */
  readonly source: string;
  readonly ttlSeconds: (operation: string) => number;
  readonly swrSeconds: number;
  readonly staleIfErrorSeconds: number;
  readonly negativeTtlSeconds: number;
  readonly onAnswer?: (note: AnswerNote) => void;
}

/** A value and how the cache obtained it. */
export interface Cached<T> {
  readonly value: T;
  readonly info: CacheInfo;
}

type Tags<T> = (value: T) => readonly string[];

/** Tags computed once per cached value object (values are shared, immutable L1 objects). */
function memoTags<T>(tags: Tags<T> | undefined): Tags<T> {
  const memo = new WeakMap<object, readonly string[]>();
  return (value) => {
    if (!tags || value === null || value === undefined) return [];
    if (typeof value !== 'object') return tags(value);
    const known = memo.get(value as object);
    if (known) return known;
    const computed = tags(value);
    memo.set(value as object, computed);
    return computed;
  };
}

function policyOf<T>(c: Caching, operation: string, tags: Tags<T>): CachePolicy<T> {
  return {
    ttlSeconds: c.ttlSeconds(operation),
    swrSeconds: c.swrSeconds,
    staleIfErrorSeconds: c.staleIfErrorSeconds,
    negativeTtlSeconds: c.negativeTtlSeconds,
    tags,
    source: c.source,
  };
}

/** Status, age and remaining freshness of one answer. */
function infoOf<T>(r: CacheResult<T>, policy: CachePolicy<T>): CacheInfo {
  const negative = r.value === null || r.value === undefined;
  const ttl = negative ? (policy.negativeTtlSeconds ?? 0) : policy.ttlSeconds;
  const fresh = r.status === 'stale' || r.status === 'stale-error' ? 0 : Math.max(0, ttl - r.ageSeconds);
  return { status: r.status, ageSeconds: r.ageSeconds, freshForSeconds: fresh };
}

/**
 * How long before the request's deadline a hanging partner's last good answer is served instead.
 * The federation stops waiting at the deadline itself; timers fire in due order and the answer
 * reaches it in microtasks, so a small margin is enough: the partner keeps nearly all the budget.
 */
const STALE_MARGIN_MS = 50;

/** Until when the current request waits for a load that has a stale-if-error entry to fall back on. */
function deadlineOptions(): GetOptions {
  const budget = currentBudget();
  return budget === undefined ? {} : { staleAt: budget.deadline - STALE_MARGIN_MS };
}

/** Shared loads outlive the caller that started them: forward its request id, never its abort signal. */
function shared(ctx: CallContext | undefined): CallContext | undefined {
  return ctx?.requestId === undefined ? undefined : { requestId: ctx.requestId };
}

/** `fn` behind cache.get, keyed by (source, operation, params(arg)). */
export function cachedCall<A, R>(
  c: Caching,
  operation: string,
  fn: (arg: A, ctx?: CallContext) => Promise<R>,
  opts: { params?: (arg: A) => unknown; tags?: Tags<R> } = {},
) {
  const tags = memoTags(opts.tags);
  const policy = policyOf<R>(c, operation, tags);
  return async (arg: A, ctx?: CallContext): Promise<Cached<R>> => {
    const key = buildKey({
      version: CACHE_VERSION,
      source: c.source,
      operation,
      params: opts.params ? opts.params(arg) : arg,
    });
    const result = await c.cache.get(key, () => fn(arg, shared(ctx)), policy, deadlineOptions());
    const info = infoOf(result, policy);
    c.onAnswer?.({ source: c.source, operation, ...info, tags: tags(result.value) });
    return { value: result.value, info };
  };
}

/** `fn` (aligned batch lookup) behind cache.getMany, one key per item; a failed slot fails the call with its error. */
export function cachedBatch<K, R>(
  c: Caching,
  operation: string,
  fn: (keys: readonly K[], ctx?: CallContext) => Promise<ReadonlyArray<R | null>>,
  opts: { params?: (key: K) => unknown; tags?: Tags<R> } = {},
) {
  const tags = memoTags(opts.tags);
  const policy = policyOf<R | null>(c, operation, (v) => (v === null ? [] : tags(v)));
  return async (keys: readonly K[], ctx?: CallContext): Promise<Array<R | null>> => {
    if (keys.length === 0) return [];
    const cacheKeys = keys.map((k) =>
      buildKey({ version: CACHE_VERSION, source: c.source, operation, params: opts.params ? opts.params(k) : k }),
    );
    const itemOf = new Map(cacheKeys.map((ck, i) => [ck, keys[i]!]));
    const results = await c.cache.getMany<R | null>(
      cacheKeys,
      (miss) =>
        fn(
          miss.map((m) => itemOf.get(m)!),
          shared(ctx),
        ),
      policy,
      deadlineOptions(),
    );
    const failed = results.find((r): r is Error => r instanceof Error);
    if (failed) throw failed;
    const answers = results as Array<CacheResult<R | null>>;
    c.onAnswer?.(
      summarise(
        c.source,
        operation,
        answers.map((r) => infoOf(r, policy)),
        answers.flatMap((r) => (r.value == null ? [] : tags(r.value))),
      ),
    );
    return answers.map((r) => r.value ?? null);
  };
}

const WORST: ReadonlyArray<CacheInfo['status']> = ['stale-error', 'stale', 'miss', 'coalesced', 'hit'];

/** One note for a batch: its worst status, oldest age, shortest freshness and every tag. */
function summarise(
  source: string,
  operation: string,
  infos: readonly CacheInfo[],
  tags: readonly string[],
): AnswerNote {
  const status = WORST.find((s) => infos.some((i) => i.status === s)) ?? 'hit';
  const ageSeconds = Math.max(0, ...infos.map((i) => i.ageSeconds));
  const freshForSeconds = Math.min(...infos.map((i) => i.freshForSeconds));
  return { source, operation, status, ageSeconds, freshForSeconds, tags: [...new Set(tags)] };
}
