/**
 * Per-consumer rate limits (rate-limiter-flexible): a fixed window per consumer, counted in Redis so
 * every replica shares it (keys `<REDIS_KEY_PREFIX>rl:<requests>-<seconds>:<consumer>`), in memory
 * without Redis or while Redis is unreachable. Anonymous consumers are named by their client IP, so
 * each IP has its own bucket. The answer carries the IETF draft headers RateLimit-Limit,
 * RateLimit-Remaining, RateLimit-Reset and RateLimit-Policy, and Retry-After when refused.
 *
 * Redis is kept off the hot path by leases. A process does not count each request in Redis: it takes
 * a lease of `max(1, ⌊limit / 100⌋)` points from the shared count in one command and spends it
 * locally, asking again only when the lease is spent (one ask per key at a time; the other requests
 * of that consumer wait for it). A lease is counted in Redis before any of its points admits a
 * request, so the replicas together never admit more than the limit; when a lease finds fewer points
 * left than it asked for, it keeps only those, and when the window's points are all taken the
 * process refuses locally until the window ends. What this costs: points leased by a replica that
 * the consumer no longer sends requests to go unused until the window ends, at most one lease per
 * other replica (README, "Rate limits"). A limit under 200 leases one point: each request counted.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { Lru } from '../../../cache/lru.js';
import type { RateLimit } from '../../config.js';
import type { Consumer } from '../request-scope.js';
import type { DeclaredConsumer } from './consumers-file.js';

/** Whether a request may go on, and the headers that say how much is left. */
export interface RateDecision {
  readonly allowed: boolean;
  readonly headers: Readonly<Record<string, string>>;
}

/** What the rate limits are built from. */
export interface RateLimitsDeps {
  /** The gateway's Redis client (its key prefix applies); undefined: memory only. */
  readonly redis?: Redis;
  readonly anonymous: RateLimit;
  readonly consumer: RateLimit;
  readonly declared: readonly DeclaredConsumer[];
}

/** Counts one request of a consumer. */
export type TakeRequest = (consumer: Consumer) => Promise<RateDecision>;

/** The part of a limit one lease takes. */
const LEASE_FRACTION = 1 / 100;
/** Consumers whose lease a process keeps at once (least recently seen forgotten first). */
const MAX_LEASES = 10_000;

/** What one process holds of one consumer's window. */
interface Lease {
  /** Points leased to this process and not spent yet. */
  left: number;
  /** The shared count when the lease was taken (every replica's leases), at most the limit. */
  readonly counted: number;
  /** End of the window, epoch ms. */
  readonly resetAt: number;
  /** The window's points were all taken: refuse locally until it ends. */
  readonly exhausted: boolean;
}

function headersOf(limit: RateLimit, remaining: number, msBeforeNext: number, allowed: boolean) {
  const reset = String(Math.max(1, Math.ceil(msBeforeNext / 1000)));
  return {
    'ratelimit-limit': String(limit.requests),
    'ratelimit-remaining': String(Math.max(0, remaining)),
    'ratelimit-reset': reset,
    'ratelimit-policy': `${limit.requests};w=${limit.perSeconds}`,
    ...(allowed ? {} : { 'retry-after': reset }),
  };
}

/** The store of one limit: Redis with a memory insurance, or memory only. */
function storeOf(limit: RateLimit, redis: Redis | undefined): RateLimiterAbstract {
  const shape = {
    points: limit.requests,
    duration: limit.perSeconds,
    keyPrefix: `rl:${limit.requests}-${limit.perSeconds}`,
  };
  return redis
    ? new RateLimiterRedis({
        ...shape,
        storeClient: redis,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(shape),
      })
    : new RateLimiterMemory(shape);
}

/** One limit's leases: `take(key)` decides one request of consumer `key`. */
function leasedLimit(limit: RateLimit, store: RateLimiterAbstract) {
  const size = Math.max(1, Math.floor(limit.requests * LEASE_FRACTION));
  const leases = new Lru<Lease>({ maxEntries: MAX_LEASES });
  const asking = new Map<string, Promise<void>>();

  async function lease(key: string): Promise<void> {
    let res: RateLimiterRes;
    let granted = size;
    try {
      res = await store.consume(key, size);
    } catch (err) {
      // Past the limit the store still counted the whole ask: keep only the points that were left.
      if (!(err instanceof RateLimiterRes)) throw err;
      res = err;
      granted = Math.max(0, limit.requests - (err.consumedPoints - size));
    }
    const resetAt = Date.now() + Math.max(1, res.msBeforeNext);
    const counted = Math.min(limit.requests, res.consumedPoints);
    leases.set(key, { left: granted, counted, resetAt, exhausted: counted >= limit.requests }, resetAt, 1);
  }

  /** One ask of `key` at a time; the others wait for it. */
  function renew(key: string): Promise<void> {
    let pending = asking.get(key);
    if (pending === undefined) {
      pending = lease(key).finally(() => asking.delete(key));
      asking.set(key, pending);
    }
    return pending;
  }

  return async function take(key: string): Promise<RateDecision> {
    for (;;) {
      const held = leases.get(key);
      if (held !== undefined && (held.left > 0 || held.exhausted)) {
        const allowed = held.left > 0;
        if (allowed) held.left -= 1;
        const remaining = allowed ? limit.requests - held.counted + held.left : 0;
        return { allowed, headers: headersOf(limit, remaining, held.resetAt - Date.now(), allowed) };
      }
      // Each ask takes points of the window or finds them all taken, so this ends.
      await renew(key);
    }
  };
}

/** Builds the rate limits: one leased limit per distinct limit, each keyed by consumer name. */
export function createRateLimits(deps: RateLimitsDeps): TakeRequest {
  const own = new Map(deps.declared.flatMap((c) => (c.rateLimit ? [[c.name, c.rateLimit] as const] : [])));
  const limits = new Map<string, (key: string) => Promise<RateDecision>>();
  const limitOf = (limit: RateLimit) => {
    const id = `${limit.requests}-${limit.perSeconds}`;
    let take = limits.get(id);
    if (take === undefined) {
      take = leasedLimit(limit, storeOf(limit, deps.redis));
      limits.set(id, take);
    }
    return take;
  };
  return async (consumer) => {
    const limit = consumer.anonymous ? deps.anonymous : (own.get(consumer.name) ?? deps.consumer);
    try {
      return await limitOf(limit)(consumer.name);
    } catch {
      // Both stores failing lets the request through: limits never take the API down.
      return { allowed: true, headers: {} };
    }
  };
}
