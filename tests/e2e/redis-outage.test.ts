/**
 * Redis is best effort, for real: the gateway runs against its own redis-server child process,
 * which the test kills and restarts on the same port. Queries keep answering during the outage
 * (L1 and live calls), the outage is logged once, and once Redis is back the gateway writes to it
 * again by itself. Every wait is bounded by the fetch deadline and the test timeout.
 */
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { startEmbeddedGateway, type EmbeddedGateway } from '../helpers/embedded-gateway.js';
import {
  capturingLogger,
  freePort,
  gql,
  keysUnder,
  runPrefix,
  startRedisServer,
  stopProcess,
} from '../helpers/cache-e2e.js';
import { partnerHeaders, TEST_JWT_SECRET } from '../helpers/credentials.js';

const PREFIX = runPrefix();
const OUTAGE = 'Redis unavailable: cache reads miss and writes are dropped until it recovers';
const PAGE =
  'query Page($source: String!, $first: Int!) { structures(filter: { sources: [$source] }, first: $first) { totalCount edges { node { id } } } }';

let port: number;
let redis: ChildProcess;
let gw: EmbeddedGateway;
const { logger, lines } = capturingLogger('info');
const redisUrl = () => `redis://127.0.0.1:${port}`;
// Every scope: Soliguide is restricted in the embedded default.
let partner: Record<string, string> = {};
const page = (source: string, first: number) => gql(gw.graphqlUrl, PAGE, { source, first }, partner);

beforeAll(async () => {
  port = await freePort();
  redis = await startRedisServer(port);
  partner = await partnerHeaders();
  gw = await startEmbeddedGateway(
    loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SANDBOX_SCALE: '300',
      REDIS_URL: redisUrl(),
      REDIS_KEY_PREFIX: PREFIX,
      LOG_LEVEL: 'info',
      JWT_SECRET: TEST_JWT_SECRET,
    }),
    logger,
  );
});

afterAll(async () => {
  await gw?.stop(0);
  if (redis) await stopProcess(redis);
});

describe('a Redis outage during a run', () => {
  it(
    'keeps answering, logs the outage once, and writes to Redis again once it is back',
    { timeout: 60_000 },
    async () => {
      const before = await page('dora', 3);
      expect(before.errors).toBeUndefined();
      await gw.drainCache();
      expect((await keysUnder(PREFIX, redisUrl())).length).toBeGreaterThan(0);

      await stopProcess(redis);
      // The same query (L1), a new page of the same list (L1) and a source never asked (live), several times.
      for (let i = 0; i < 3; i++) {
        const [same, other, live] = await Promise.all([page('dora', 3), page('dora', 4 + i), page('soliguide', 2 + i)]);
        expect(same.data).toEqual(before.data);
        expect(other.errors).toBeUndefined();
        expect(other.data!.structures.totalCount).toBe(before.data!.structures.totalCount);
        expect(live.errors).toBeUndefined();
        expect(live.data!.structures.totalCount).toBeGreaterThan(0);
      }
      await gw.drainCache();
      expect(lines.filter((l) => l.msg === OUTAGE)).toHaveLength(1);
      const ready = await fetch(`${gw.url}/readyz`);
      expect(await ready.json()).toMatchObject({ status: 'unavailable', failed: ['cache'] });

      redis = await startRedisServer(port);
      // Nothing survived the restart (no persistence): any key under the prefix was written after it.
      let first = 20;
      await expect
        .poll(
          async () => {
            await page('dora', first++); // a response never stored: written to L1 and, once reconnected, to Redis
            await gw.drainCache();
            return (await keysUnder(PREFIX, redisUrl())).length;
          },
          { timeout: 30_000, interval: 200 },
        )
        .toBeGreaterThan(0);
      expect(lines.filter((l) => l.msg === OUTAGE)).toHaveLength(1);
      expect(lines.some((l) => l.msg === 'Redis recovered: cache back in use')).toBe(true);
      expect((await fetch(`${gw.url}/readyz`)).status).toBe(200);
    },
  );
});
