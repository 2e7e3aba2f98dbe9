/**
 * The bench's view of the gateway's Redis: how many commands it processed (INFO commandstats,
 * server-wide, minus the bench's own INFO calls), and deleting the run's keys at the end.
 */
import { Redis } from 'ioredis';

/** Connection to the Redis the gateway uses. */
export interface RedisProbe {
  /** Commands processed by the server so far, `info` excluded (the probe's own). */
  commands(): Promise<number>;
  /** Deletes every key starting with `prefix`; returns how many. */
  deletePrefix(prefix: string): Promise<number>;
  close(): Promise<void>;
}

/** Sums `calls=` over `cmdstat_*` lines, skipping the INFO command itself. */
export function commandCalls(info: string): number {
  let total = 0;
  for (const m of info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)) if (m[1] !== 'info') total += Number(m[2]);
  return total;
}

/** Connects (fails fast when Redis is not reachable: the bench measures a Redis-backed gateway). */
export async function connectRedis(url: string): Promise<RedisProbe> {
  const redis = new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  // Errors surface through the commands' rejections; remember the last one for the message below.
  let lastError: Error | null = null;
  redis.on('error', (err: Error) => void (lastError = err));
  try {
    await redis.connect();
  } catch (err) {
    redis.disconnect();
    const why = (lastError ?? (err as Error)).message;
    throw new Error(
      `bench: Redis not reachable at ${url.replace(/\/\/[^@/]*@/, '//***@')} (${why}); start one or set REDIS_URL`,
    );
  }
  return {
    commands: async () => commandCalls(await redis.info('commandstats')),
    deletePrefix: async (prefix) => {
      let cursor = '0';
      let deleted = 0;
      do {
        const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
        cursor = next;
        if (keys.length > 0) deleted += await redis.del(...keys);
      } while (cursor !== '0');
      return deleted;
    },
    close: async () => {
      await redis.quit();
    },
  };
}
