import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { startSimulator, type Simulator } from '../connectors/sim/server.js';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { createRedisBus } from './bus.js';
import { type CachePolicy, createCache } from './cached.js';
import { createCoalescer } from './coalesce.js';
import type { CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { createRedis, RedisStore } from './redis.js';

const RUN = `gwtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
const POLICY: CachePolicy<unknown> = { ttlSeconds: 60, staleIfErrorSeconds: 600 };
const OUTAGE = 'Redis unavailable: cache reads miss and writes are dropped until it recovers';
const cleanups: Array<() => Promise<unknown> | void> = [];

afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

/** A free loopback port (released before use: redis-server binds it right after). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Our own throwaway redis-server (no persistence), resolved once it accepts connections. */
function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--daemonize', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-300)}`)));
  });
}

async function stopRedis(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGKILL');
  await exited;
}

/** Fails the test instead of hanging it: the promise must settle within `ms`. */
function settlesWithin<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>(
    (_, reject) => (timer = setTimeout(() => reject(new Error(`still pending after ${ms} ms`)), ms)),
  );
  return Promise.race([promise, hang]).finally(() => clearTimeout(timer));
}

describe('Redis outage, for real: a redis-server stopped and restarted during the run', () => {
  it(
    'keeps answering from L1 and live calls, logs the outage once, and uses Redis again once it is back',
    { timeout: 40_000 },
    async () => {
      const port = await freePort();
      let server = await startRedis(port);
      cleanups.push(() => stopRedis(server));
      const sim: Simulator = await startSimulator('outage', [
        { method: 'GET', path: '/items/:id', handler: (_req, p) => ({ body: { id: p.id } }) },
      ]);
      cleanups.push(() => sim.close());
      const logger = captureLogger();
      const redis = createRedis(`redis://127.0.0.1:${port}`, { keyPrefix: RUN });
      const store = new RedisStore(redis, logger);
      const bus = createRedisBus(redis);
      const coalescer = createCoalescer({ redis, bus, lockMs: 1_000 });
      const cache = createCache({ l1: new Lru<CacheEntry>(), l2: store, coalescer, bus, logger });
      cleanups.push(
        () => cache.close(),
        () => coalescer.close(),
        () => bus.close(),
        () => store.close(),
      );
      expect(await store.waitUntilReady(5_000)).toBe(true);
      expect(await bus.ready()).toBe(true);
      const live = (id: string) => () => fetch(`${sim.url}/items/${id}`).then((r) => r.json() as Promise<unknown>);

      expect(await cache.get('v1:sim:item:a', live('a'), POLICY)).toMatchObject({ status: 'miss', value: { id: 'a' } });

      await stopRedis(server);
      const during = await settlesWithin(
        Promise.all([
          cache.get('v1:sim:item:a', live('a'), POLICY),
          ...Array.from({ length: 10 }, () => cache.get('v1:sim:item:b', live('b'), POLICY)),
        ]),
        5_000,
      );
      expect(during[0]).toMatchObject({ status: 'hit', value: { id: 'a' } }); // from L1
      expect(during.slice(1).every((r) => (r.value as { id: string }).id === 'b')).toBe(true);
      expect(sim.count('/items/b')).toBe(1); // live, and still single-flight
      expect(await settlesWithin(cache.get('v1:sim:item:b', live('b'), POLICY), 5_000)).toMatchObject({
        status: 'hit',
      });
      expect(await settlesWithin(cache.get('v1:sim:item:c', live('c'), POLICY), 5_000)).toMatchObject({
        status: 'miss',
      });
      await settlesWithin(cache.drain(), 5_000);
      expect(logger.entries.filter((e) => e.msg === OUTAGE)).toHaveLength(1);

      server = await startRedis(port);
      expect(await store.waitUntilReady(15_000)).toBe(true);
      expect(await bus.ready()).toBe(true);
      await cache.get('v1:sim:item:d', live('d'), POLICY);
      await cache.drain();
      const fresh = new Redis(`redis://127.0.0.1:${port}`);
      try {
        expect(await fresh.get(`${RUN}v1:sim:item:d`)).toMatch(/^j1:.*"id":"d"/);
        expect(await fresh.get(`${RUN}lock:v1:sim:item:d`)).toBe('='); // the coalescer took its lock and released it (DONE)
      } finally {
        await fresh.quit();
      }
      expect(logger.entries.map((e) => `${e.level}: ${e.msg}`)).toEqual([
        `warn: ${OUTAGE}`,
        'info: Redis recovered: cache back in use',
      ]);
    },
  );
});
