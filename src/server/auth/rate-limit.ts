/**
 * Per-consumer rate limits (rate-limiter-flexible): a fixed window per consumer, counted in Redis so
 * every replica shares it (keys `<REDIS_KEY_PREFIX>rl:<requests>-<seconds>:<consumer>`), in memory
 * without Redis or while Redis is unreachable. Anonymous consumers are named by their client IP, so
 * each IP has its own bucket. The answer carries the IETF draft headers RateLimit-Limit,
 * RateLimit-Remaining, RateLimit-Reset and RateLimit-Policy, and Retry-After when refused.
 */
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
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

function headersOf(limit: RateLimit, res: RateLimiterRes, allowed: boolean): Record<string, string> {
  const reset = String(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
  return {
    'ratelimit-limit': String(limit.requests),
    'ratelimit-remaining': String(Math.max(0, res.remainingPoints)),
    'ratelimit-reset': reset,
    'ratelimit-policy': `${limit.requests};w=${limit.perSeconds}`,
    ...(allowed ? {} : { 'retry-after': reset }),
  };
}

/** Builds the rate limits: one limiter per distinct limit, each keyed by consumer name. */
export function createRateLimits(deps: RateLimitsDeps): TakeRequest {
  const own = new Map(deps.declared.flatMap((c) => (c.rateLimit ? [[c.name, c.rateLimit] as const] : [])));
  const limiters = new Map<string, RateLimiterAbstract>();
  const limiterOf = (limit: RateLimit): RateLimiterAbstract => {
    const id = `${limit.requests}-${limit.perSeconds}`;
    let limiter = limiters.get(id);
    if (limiter === undefined) {
      const shape = { points: limit.requests, duration: limit.perSeconds, keyPrefix: `rl:${id}` };
      limiter = deps.redis
        ? new RateLimiterRedis({
            ...shape,
            storeClient: deps.redis,
            rejectIfRedisNotReady: true,
            insuranceLimiter: new RateLimiterMemory(shape),
          })
        : new RateLimiterMemory(shape);
      limiters.set(id, limiter);
    }
    return limiter;
  };
  return async (consumer) => {
    const limit = consumer.anonymous ? deps.anonymous : (own.get(consumer.name) ?? deps.consumer);
    try {
      return { allowed: true, headers: headersOf(limit, await limiterOf(limit).consume(consumer.name), true) };
    } catch (err) {
      // Anything but a refusal (both stores failing) lets the request through: limits never take the API down.
      return err instanceof RateLimiterRes
        ? { allowed: false, headers: headersOf(limit, err, false) }
        : { allowed: true, headers: {} };
    }
  };
}
