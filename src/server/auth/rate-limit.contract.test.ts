/** Rate limits against the real Redis (shared counts, under the key prefix) and with Redis unreachable (memory fallback). */
import { afterAll, describe, expect, it } from 'vitest';
import { createRedis } from '../../../cache/redis.js';
import { deleteKeys, keysUnder, runPrefix, TEST_REDIS_URL } from '../../../tests/helpers/cache-e2e.js';
import type { Consumer } from '../request-scope.js';
import { createRateLimits } from './rate-limit.js';

const PREFIX = runPrefix();
const consumer = (name: string, anonymous = false): Consumer => ({ name, scopes: new Set(['api']), anonymous });
const limits = {
  anonymous: { requests: 2, perSeconds: 600 },
  consumer: { requests: 3, perSeconds: 600 },
  declared: [{ name: 'own', keySha256: [], scopes: ['api' as const], rateLimit: { requests: 1, perSeconds: 600 } }],
};

afterAll(() => deleteKeys(PREFIX));

/** How many of `n` requests of `c` are allowed. */
async function allowed(take: ReturnType<typeof createRateLimits>, c: Consumer, n: number): Promise<number> {
  let count = 0;
  for (let i = 0; i < n; i++) if ((await take(c)).allowed) count++;
  return count;
}

describe('createRateLimits', () => {
  it('counts in Redis under the prefix: two limiters over the same Redis share each bucket', async () => {
    const [a, b] = [
      createRedis(TEST_REDIS_URL, { keyPrefix: PREFIX }),
      createRedis(TEST_REDIS_URL, { keyPrefix: PREFIX }),
    ];
    try {
      // Until a client is ready its counts go to memory (as during an outage): wait for both.
      await Promise.all(
        [a, b].map((r) =>
          r.status === 'ready' ? Promise.resolve() : new Promise((resolve) => r.once('ready', resolve)),
        ),
      );
      const [takeA, takeB] = [createRateLimits({ redis: a, ...limits }), createRateLimits({ redis: b, ...limits })];
      expect((await allowed(takeA, consumer('partner'), 2)) + (await allowed(takeB, consumer('partner'), 2))).toBe(3);
      expect(await allowed(takeB, consumer('own'), 3)).toBe(1);
      expect(await allowed(takeA, consumer('anonymous:10.0.0.1', true), 3)).toBe(2);
      expect(await allowed(takeB, consumer('anonymous:10.0.0.2', true), 3)).toBe(2);
      expect((await keysUnder(PREFIX, TEST_REDIS_URL)).sort()).toEqual(
        [
          `${PREFIX}rl:3-600:partner`,
          `${PREFIX}rl:1-600:own`,
          `${PREFIX}rl:2-600:anonymous:10.0.0.1`,
          `${PREFIX}rl:2-600:anonymous:10.0.0.2`,
        ].sort(),
      );
    } finally {
      a.disconnect();
      b.disconnect();
    }
  });

  it('falls back to memory when Redis is unreachable: still answers, still limits', async () => {
    const down = createRedis('redis://127.0.0.1:1', { keyPrefix: PREFIX, connectTimeoutMs: 200 });
    try {
      const take = createRateLimits({ redis: down, ...limits });
      const first = await take(consumer('partner'));
      expect(first).toEqual({
        allowed: true,
        headers: expect.objectContaining({ 'ratelimit-limit': '3', 'ratelimit-remaining': '2' }),
      });
      expect(await allowed(take, consumer('partner'), 3)).toBe(2);
      const refused = await take(consumer('partner'));
      expect(refused.allowed).toBe(false);
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      down.disconnect();
    }
  });
});
