/**
 * Rate limits against the real Redis (shared counts, under the key prefix) and with Redis unreachable
 * (memory fallback). Redis commands are counted on the server: a MONITOR connection of its own keeps
 * those touching this run's prefix, so other suites sharing the Redis do not count.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
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

const raw = new Redis(TEST_REDIS_URL);
let monitor: Redis;
const seen: string[][] = [];
let sentinels = 0;

beforeAll(async () => {
  monitor = await new Redis(TEST_REDIS_URL).monitor();
  monitor.on('monitor', (_time: string, args: unknown[]) => void seen.push(args.map(String)));
});

afterAll(async () => {
  monitor?.disconnect();
  await deleteKeys(PREFIX);
  await raw.quit();
});

/** Sends a marker command and resolves once MONITOR has reported it (it reports in execution order). */
async function mark(): Promise<number> {
  const sentinel = `${PREFIX}sentinel:${++sentinels}`;
  await raw.get(sentinel);
  await expect.poll(() => seen.some((args) => args[1] === sentinel)).toBe(true);
  return seen.findIndex((args) => args[1] === sentinel);
}

/** How many commands of this run Redis executed while `work` ran (scripts count with the commands they run). */
async function commandsOf(work: () => Promise<unknown>): Promise<number> {
  await mark();
  seen.length = 0;
  await work();
  return seen.slice(0, await mark()).filter((args) => args.slice(1).some((a) => a.includes(PREFIX))).length;
}

/** Replicas' Redis clients under the run's prefix, ready (until then counts go to memory, as during an outage). */
async function readyClients(n: number): Promise<Redis[]> {
  const clients = Array.from({ length: n }, () => createRedis(TEST_REDIS_URL, { keyPrefix: PREFIX }));
  await Promise.all(
    clients.map((r) => (r.status === 'ready' ? Promise.resolve() : new Promise((resolve) => r.once('ready', resolve)))),
  );
  return clients;
}

/** How many of `n` requests of `c` are allowed. */
async function allowed(take: ReturnType<typeof createRateLimits>, c: Consumer, n: number): Promise<number> {
  let count = 0;
  for (let i = 0; i < n; i++) if ((await take(c)).allowed) count++;
  return count;
}

describe('createRateLimits', () => {
  it('counts in Redis under the prefix: two limiters over the same Redis share each bucket', async () => {
    const [a, b] = (await readyClients(2)) as [Redis, Redis];
    try {
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

  it('leases points: a warm request costs no Redis command, a lease of ⌊limit/100⌋ one script', async () => {
    const [r] = (await readyClients(1)) as [Redis];
    try {
      const take = createRateLimits({ redis: r, ...limits, consumer: { requests: 1_000, perSeconds: 600 } });
      const c = consumer('leased');
      expect(await commandsOf(() => take(c))).toBeGreaterThan(0); // the first request takes a lease of 10
      const warm = await commandsOf(() => allowed(take, c, 9));
      expect(warm).toBe(0);
      const next = await commandsOf(() => allowed(take, c, 100));
      expect(next / 100).toBeLessThanOrEqual(0.4); // 10 leases of at most 4 commands (the script and its calls)
      expect(Number(await raw.get(`${PREFIX}rl:1000-600:leased`))).toBe(110);
      // Each admitted request sees the count go down by one, its process's unspent lease included.
      const remaining = [];
      for (let i = 0; i < 12; i++) remaining.push(Number((await take(c)).headers['ratelimit-remaining']));
      expect(remaining).toEqual(Array.from({ length: 12 }, (_, i) => 1_000 - 111 - i));
    } finally {
      r.disconnect();
    }
  });

  it('never admits more than the limit across replicas, at most one lease per other replica unused; refuses locally', async () => {
    const clients = await readyClients(3);
    try {
      const limit = { requests: 300, perSeconds: 600 };
      const takes = clients.map((r) => createRateLimits({ redis: r, ...limits, consumer: limit }));
      const c = consumer('shared');
      let admitted = 0;
      // Bursts spread over the replicas, as a load balancer would: 500 requests for 300 points.
      for (let round = 0; round < 25; round++) {
        const answers = await Promise.all(Array.from({ length: 20 }, (_, i) => takes[(round + i) % 3]!(c)));
        admitted += answers.filter((a) => a.allowed).length;
      }
      expect(admitted).toBeLessThanOrEqual(300);
      expect(admitted).toBeGreaterThanOrEqual(300 - 2 * 3); // leases of 3 points
      // Once a replica knows the window's points are taken, it refuses without asking Redis.
      const refusedLocally = await commandsOf(async () => {
        for (const take of takes) for (let i = 0; i < 10; i++) expect((await take(c)).allowed).toBe(false);
      });
      expect(refusedLocally).toBe(0);
    } finally {
      for (const r of clients) r.disconnect();
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
