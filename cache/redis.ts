/**
 * The shared cache (docs/architecture.md#memo-and-dedup-layers): Redis is best-effort. The client fails fast instead
 * of queueing (offline queue off, one retry, a command deadline), so an outage degrades to live
 * partner calls: reads miss, writes are dropped, nothing rejects, and the outage is logged once.
 */
import { Redis } from 'ioredis';
import type { KeyValueCache } from './store.js';

/** The logger surface the store needs (a pino logger satisfies it). */
export interface CacheLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
}

/** Options of createRedis. */
export interface RedisClientOptions {
  /** Prefix ioredis adds to every key argument (not to SCAN patterns). @default 'gw:' */
  readonly keyPrefix?: string;
  /** Deadline of one command; past it the read is a miss, not a stuck request. @default 500 */
  readonly commandTimeoutMs?: number;
  /** Deadline of one TCP connection attempt. @default 2000 */
  readonly connectTimeoutMs?: number;
  /** Connect on the first command instead of at once. @default false */
  readonly lazyConnect?: boolean;
}

/** Reconnection backoff: 100 ms doubling per attempt, capped at 5 s; never gives up. */
export function reconnectDelayMs(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(0, attempt - 1), 5_000);
}

/** Builds an ioredis client tuned to fail fast and reconnect by itself. */
export function createRedis(url: string, opts: RedisClientOptions = {}): Redis {
  return new Redis(url, {
    keyPrefix: opts.keyPrefix ?? 'gw:',
    // Without the offline queue a command sent while disconnected rejects at once (a miss)…
    enableOfflineQueue: false,
    // …and one sent just before a drop is retried once at most, never held across an outage.
    maxRetriesPerRequest: 1,
    commandTimeout: opts.commandTimeoutMs ?? 500,
    connectTimeout: opts.connectTimeoutMs ?? 2_000,
    lazyConnect: opts.lazyConnect ?? false,
    retryStrategy: reconnectDelayMs,
  });
}

/** Milliseconds for a TTL in seconds, or null when nothing should be stored. */
function ttlMs(ttlSeconds: number): number | null {
  return ttlSeconds > 0 && Number.isFinite(ttlSeconds) ? Math.max(1, Math.round(ttlSeconds * 1000)) : null;
}

/** Escapes SCAN glob metacharacters so a prefix matches literally. */
function escapeGlob(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}

/** KeyValueCache over one ioredis client, which it owns (close() quits it). */
export class RedisStore implements KeyValueCache {
  private up = true;

  constructor(
    private readonly redis: Redis,
    private readonly logger: CacheLogger,
  ) {
    // A listener is required: without one ioredis prints every connection error to the console.
    redis.on('error', (err: Error) => this.markDown(err));
    redis.on('ready', () => this.markUp());
  }

  /** Resolves true once connected, false after `timeoutMs` (the client keeps reconnecting regardless). */
  async waitUntilReady(timeoutMs: number): Promise<boolean> {
    if (this.redis.status === 'ready') return true;
    return new Promise((resolve) => {
      const onReady = () => finish(true);
      const timer = setTimeout(() => finish(false), timeoutMs);
      const finish = (ready: boolean) => {
        clearTimeout(timer);
        this.redis.off('ready', onReady);
        resolve(ready);
      };
      this.redis.once('ready', onReady);
    });
  }

  get(key: string): Promise<string | undefined> {
    return this.attempt(async () => (await this.redis.get(key)) ?? undefined, undefined);
  }

  async getMany(keys: readonly string[]): Promise<Array<string | undefined>> {
    if (keys.length === 0) return [];
    const misses = keys.map(() => undefined);
    return this.attempt(async () => (await this.redis.mget(...keys)).map((v) => v ?? undefined), misses);
  }

  set(key: string, value: string, ttlSeconds: number): Promise<void> {
    return this.setMany([{ key, value, ttlSeconds }]);
  }

  /** One pipeline, hence one round trip; a non-positive TTL deletes the key (it would expire at once). */
  async setMany(
    entries: ReadonlyArray<{ readonly key: string; readonly value: string; readonly ttlSeconds: number }>,
  ): Promise<void> {
    if (entries.length === 0) return;
    await this.attempt(async () => {
      const pipeline = this.redis.pipeline();
      for (const { key, value, ttlSeconds } of entries) {
        const ms = ttlMs(ttlSeconds);
        if (ms === null) pipeline.del(key);
        else pipeline.set(key, value, 'PX', ms);
      }
      const failed = (await pipeline.exec())?.find(([err]) => err !== null);
      if (failed?.[0]) throw failed[0];
    }, undefined);
  }

  async delete(keys: readonly string[]): Promise<number> {
    if (keys.length === 0) return 0;
    return this.attempt(() => this.redis.unlink(...keys), 0);
  }

  /**
   * SCAN's MATCH pattern is not prefixed by ioredis, but UNLINK's key arguments are: match on the
   * full stored name, then strip the client prefix before unlinking so it is not applied twice.
   */
  deleteByPrefix(prefix: string): Promise<number> {
    const clientPrefix = this.redis.options.keyPrefix ?? '';
    const match = `${escapeGlob(clientPrefix + prefix)}*`;
    return this.attempt(async () => {
      let cursor = '0';
      let removed = 0;
      do {
        const [next, found] = await this.redis.scan(cursor, 'MATCH', match, 'COUNT', 500);
        cursor = next;
        if (found.length > 0) removed += await this.redis.unlink(...found.map((k) => k.slice(clientPrefix.length)));
      } while (cursor !== '0');
      return removed;
    }, 0);
  }

  ping(): Promise<boolean> {
    return this.attempt(async () => (await this.redis.ping()) === 'PONG', false);
  }

  async close(): Promise<void> {
    if (this.redis.status === 'ready') {
      try {
        await this.redis.quit();
        return;
      } catch {
        // fall through: drop the socket
      }
    }
    this.redis.disconnect();
  }

  /** Runs one Redis call; any failure becomes `fallback` and marks the outage. */
  private async attempt<T>(call: () => Promise<T>, fallback: T): Promise<T> {
    try {
      const result = await call();
      this.markUp();
      return result;
    } catch (err) {
      this.markDown(err);
      return fallback;
    }
  }

  /** Logs the first failure of an outage only; every later one is the same outage. */
  private markDown(err: unknown): void {
    if (!this.up) return;
    this.up = false;
    const reason = err instanceof Error ? err.message : String(err);
    this.logger.warn({ reason }, 'Redis unavailable: cache reads miss and writes are dropped until it recovers');
  }

  private markUp(): void {
    if (this.up) return;
    this.up = true;
    this.logger.info({}, 'Redis recovered: cache back in use');
  }
}
