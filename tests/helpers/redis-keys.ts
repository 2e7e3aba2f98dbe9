/** Test clean-up: every key a test run wrote lives under its own prefix, deleted at the end. */
import type { Redis } from 'ioredis';

/** Deletes every key under `prefix` through an open connection (SCAN + UNLINK, so it never blocks Redis). */
export async function unlinkPrefix(redis: Redis, prefix: string): Promise<void> {
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 1000);
    cursor = next;
    if (keys.length > 0) await redis.unlink(...keys);
  } while (cursor !== '0');
}
