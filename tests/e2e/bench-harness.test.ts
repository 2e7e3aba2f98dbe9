/**
 * The benchmark harness at tiny scale, in-process: its pieces produce numbers against the three
 * kinds of target (gateway, naive gateway, ceiling), the naive gateway pays per field on the N+1
 * query, and the Redis probe counts and cleans up. No speed is asserted, only that the
 * measurements exist and the upstream counters tell the two gateways apart.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCeiling } from '../../bench/ceiling/server.js';
import { post } from '../../bench/drive.js';
import { loadScenario, sequentialScenario, type Probe } from '../../bench/measure.js';
import { startNaiveGateway, type NaiveGateway } from '../../bench/naive/server.js';
import { detectFeatures, nPlusOneBodies, territoriesOf, warmBody } from '../../bench/queries.js';
import { connectRedis } from '../../bench/redis.js';
import { inProcessTarget, type Target } from '../../bench/targets.js';
import { BENCH_RATE_LIMIT } from '../../bench/sandbox.js';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedGateway, type EmbeddedGateway } from '../helpers/embedded-gateway.js';

const logger = pino({ level: 'silent' });
const LOAD = { seconds: 1, connections: 2 };

describe('benchmark harness (tiny scale)', () => {
  let gw: EmbeddedGateway;
  let naive: NaiveGateway;
  let ceiling: { url: string; stop(): Promise<void> };
  let targets: Record<'gateway' | 'naive' | 'ceiling', Target>;
  let probe: Probe;
  let warm: string;
  let nPlusOne: string;

  beforeAll(async () => {
    // The harness measures throughput, not limits.
    gw = await startEmbeddedGateway(
      loadConfig({
        PORT: '0',
        HOST: '127.0.0.1',
        SANDBOX_SCALE: '600',
        LOG_LEVEL: 'silent',
        ANONYMOUS_RATE_LIMIT: BENCH_RATE_LIMIT,
      }),
      logger,
    );
    const sims = gw.sandbox!.simulators;
    probe = { counts: () => Object.fromEntries(Object.entries(sims).map(([id, s]) => [id, s.count()])), redis: null };
    naive = await startNaiveGateway(gw.sandbox!.sources);
    const territories = territoriesOf(gw.sandbox!.world);
    const features = await detectFeatures(gw.graphqlUrl);
    warm = warmBody(territories, features);
    nPlusOne = nPlusOneBodies(territories, features)[0]!;
    // The gateway stays cold until the N+1 test: the ceiling's bytes are captured after it.
    ceiling = await startCeiling({ byBody: {}, fallback: '{}' });
    targets = {
      gateway: inProcessTarget('gateway', gw.graphqlUrl, async () => {}),
      naive: inProcessTarget('naive', naive.url, async () => {}),
      ceiling: inProcessTarget('ceiling', ceiling.url, async () => {}),
    };
  });
  afterAll(async () => {
    await ceiling?.stop();
    await naive?.stop();
    await gw?.stop(0);
  });

  it('the naive gateway answers the N+1 query like the gateway, calling partners more often', async () => {
    const g = await sequentialScenario('n+1', targets.gateway, [nPlusOne], probe, { budgetMs: 0, timeoutMs: 20_000 });
    const n = await sequentialScenario('n+1', targets.naive, [nPlusOne], probe, { budgetMs: 0, timeoutMs: 20_000 });
    const ids = (answer: string) =>
      (JSON.parse(answer).data.services.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
    expect(n.runs[0]!.status).toBe(200);
    expect(ids(n.runs[0]!.answer)).toEqual(ids(g.runs[0]!.answer));
    expect(ids(n.runs[0]!.answer).length).toBeGreaterThan(20);
    // One detail call per service's structure: at least one call per result beyond the list fan-out.
    expect(n.result.upstreamPerQuery).toBeGreaterThan(ids(n.runs[0]!.answer).length);
    expect(n.result.upstreamPerQuery).toBeGreaterThan(g.result.upstreamPerQuery);
    expect(g.result.sourcesPerQuery).toBeGreaterThan(0);
  });

  it('measures req/s, latency percentiles and RSS against each target', async () => {
    const captured = await post(gw.graphqlUrl, warm);
    await ceiling.stop();
    ceiling = await startCeiling({ byBody: { [warm]: captured.answer }, fallback: captured.answer });
    targets.ceiling = inProcessTarget('ceiling', ceiling.url, async () => {});
    for (const t of [targets.ceiling, targets.naive, targets.gateway]) {
      const r = await loadScenario('warm', t, [warm], LOAD, probe);
      expect(r.target).toBe(t.name);
      expect(r.requests).toBeGreaterThan(0);
      expect(r.rps).toBeGreaterThan(0);
      expect(Number.isFinite(r.p50) && Number.isFinite(r.p99)).toBe(true);
      expect(r.rssMb).toBeGreaterThan(0);
      expect(r.errors).toBe(0);
    }
  });

  it('the ceiling replays the captured bytes exactly', async () => {
    const [fromGateway, fromCeiling] = await Promise.all([post(gw.graphqlUrl, warm), post(ceiling.url, warm)]);
    expect(JSON.parse(fromCeiling.answer).data).toEqual(JSON.parse(fromGateway.answer).data);
  });
});

describe('Redis probe', () => {
  it('counts commands and deletes only its prefix', async () => {
    const redis = await connectRedis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    const prefix = `test:bench-harness:${process.pid}-${Date.now()}:`;
    const { Redis } = await import('ioredis');
    const client = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
    try {
      const before = await redis.commands();
      await client.set(`${prefix}a`, '1');
      await client.set(`${prefix}b`, '2');
      await client.set(`other:${prefix}c`, '3');
      expect(await redis.commands()).toBeGreaterThanOrEqual(before + 3);
      expect(await redis.deletePrefix(prefix)).toBe(2);
      expect(await client.get(`other:${prefix}c`)).toBe('3');
    } finally {
      await client.del(`other:${prefix}c`);
      client.disconnect();
      await redis.close();
    }
  });
});
