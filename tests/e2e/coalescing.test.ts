/**
 * Request coalescing across replicas: three gateway PROCESSES (`node dist/src/main.js`, built by
 * `npm test`'s pretest, or here when stale) share one Redis and one set of partner simulators started here. Thirty
 * concurrent identical cold queries spread over them make exactly one call to the partner.
 */
import type { ChildProcess } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { deleteKeys, gql, runPrefix, stopProcess, TEST_REDIS_URL, writeSourcesFile } from '../helpers/cache-e2e.js';
import { ensureBuilt, startReplica } from '../helpers/replicas.js';

const PREFIX = runPrefix();
/** One source, one list call: DORA's services need its /services and /structures routes, once each. */
const QUERY = '{ services(filter: { sources: ["dora"] }, first: 5) { totalCount edges { node { id nom } } } }';

let sandbox: Sandbox;
let sourcesFile: string;
const children: ChildProcess[] = [];
const urls: string[] = [];

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ services: 300, seed: 5 });
  const written = writeSourcesFile(sandbox);
  sourcesFile = written.file;
  const env = {
    ...written.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SOURCES_FILE: sourcesFile,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    LOG_LEVEL: 'info',
  };
  urls.push(
    ...(await Promise.all([startReplica(env, children), startReplica(env, children), startReplica(env, children)])),
  );
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => stopProcess(c, 'SIGTERM')));
  await sandbox?.close();
  await deleteKeys(PREFIX);
  if (sourcesFile) rmSync(dirname(sourcesFile), { recursive: true, force: true });
});

/** A counter of one replica's /metrics, for DORA when `labels` says so (0 when absent). */
async function counter(graphqlUrl: string, name: string, labels = '{source="dora"}'): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  const escaped = labels.replace(/[{}]/g, '\\$&');
  return Number(new RegExp(`^${name}${escaped} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

describe('three gateway processes sharing one Redis', () => {
  it('make exactly one partner call for 30 concurrent identical cold queries spread over them', async () => {
    expect(new Set(urls).size).toBe(3);
    const dora = sandbox.simulators.dora!;
    dora.reset();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => gql(urls[i % 3]!, QUERY)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers[0]!.data!.services.totalCount).toBeGreaterThan(0);
    expect(dora.count('/api/v2/services')).toBe(1);
    expect(dora.count('/api/v2/structures')).toBe(1);
    expect(dora.count()).toBe(2);
    // Across the replicas: one fetch, every other answer joined it or, arriving late, read what it stored:
    // the cached partner answer, or the whole response the first answer of its replica stored.
    const sum = async (name: string, labels?: string) =>
      (await Promise.all(urls.map((u) => counter(u, name, labels)))).reduce((a, b) => a + b, 0);
    expect(await sum('gateway_cache_fetches_total')).toBe(1);
    const joined =
      (await sum('gateway_cache_coalesced_waits_total')) +
      (await sum('gateway_cache_hits_total')) +
      (await sum('gateway_response_cache_hits_total', ''));
    expect(joined).toBe(29);
  });
});
