/**
 * Per-consumer rate limits hold across replicas: three gateway PROCESSES share one Redis (one key
 * prefix) and one consumers file; requests spread over them are refused exactly past the limit, with
 * the RateLimit-* and Retry-After headers, anonymous requests share one bucket per client IP, and
 * the probes are never limited. A limit of several hundred is leased to each process a few points at
 * a time: still never exceeded, at most one lease per other replica unused, Redis asked once a lease.
 */
import type { ChildProcess } from 'node:child_process';
import { Redis } from 'ioredis';
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import {
  deleteKeys,
  keysUnder,
  runPrefix,
  stopProcess,
  TEST_REDIS_URL,
  writeSourcesFile,
} from '../helpers/cache-e2e.js';
import { writeConsumersFile } from '../helpers/credentials.js';
import { ensureBuilt, startReplica } from '../helpers/replicas.js';

const PREFIX = runPrefix();
const LIMIT = 10;
const ANONYMOUS_LIMIT = 4;
/** Leased 4 points at a time (a hundredth of the limit). */
const BULK_LIMIT = 400;

let sandbox: Sandbox;
const files: string[] = [];
const children: ChildProcess[] = [];
const urls: string[] = [];
let key = '';
let bulkKey = '';

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ services: 100, seed: 3 });
  const sources = writeSourcesFile(sandbox);
  const consumers = writeConsumersFile({
    limited: { scopes: ['api'], rate: { requests: LIMIT, perSeconds: 3600 } },
    bulk: { scopes: ['api'], rate: { requests: BULK_LIMIT, perSeconds: 3600 } },
  });
  files.push(sources.file, consumers.file);
  key = consumers.keys.limited!;
  bulkKey = consumers.keys.bulk!;
  const env = {
    ...sources.env,
    PORT: '0',
    HOST: '127.0.0.1',
    SOURCES_FILE: sources.file,
    CONSUMERS_FILE: consumers.file,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    ANONYMOUS_RATE_LIMIT: `${ANONYMOUS_LIMIT}/3600`,
    LOG_LEVEL: 'info',
  };
  urls.push(...(await Promise.all([0, 1, 2].map(() => startReplica(env, children)))));
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => stopProcess(c, 'SIGTERM')));
  await sandbox?.close();
  await deleteKeys(PREFIX);
  for (const f of files) rmSync(dirname(f), { recursive: true, force: true });
});

/** POSTs a tiny query to replica `i % 3`. */
async function post(i: number, headers: Record<string, string> = {}) {
  const res = await fetch(urls[i % urls.length]!, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: '{ __typename }' }),
    signal: AbortSignal.timeout(20_000),
  });
  return {
    status: res.status,
    headers: res.headers,
    body: (await res.json()) as { errors?: Array<{ extensions?: { code?: string } }> },
  };
}

describe('rate limits across three replicas sharing Redis', () => {
  it('a declared consumer gets exactly its limit, whichever replica answers, then 429 with Retry-After', async () => {
    const sent = 25;
    const answers = await Promise.all(Array.from({ length: sent }, (_, i) => post(i, { 'x-api-key': key })));
    const ok = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 429);
    expect(ok).toHaveLength(LIMIT);
    expect(refused).toHaveLength(sent - LIMIT);
    // Each admitted request saw its own count: remaining runs from LIMIT-1 down to 0, once each.
    expect(ok.map((a) => Number(a.headers.get('ratelimit-remaining'))).sort((a, b) => a - b)).toEqual(
      Array.from({ length: LIMIT }, (_, i) => i),
    );
    for (const a of answers) {
      expect(a.headers.get('ratelimit-limit')).toBe(String(LIMIT));
      expect(a.headers.get('ratelimit-policy')).toBe(`${LIMIT};w=3600`);
      const reset = Number(a.headers.get('ratelimit-reset'));
      expect(reset).toBeGreaterThan(0);
      expect(reset).toBeLessThanOrEqual(3600);
    }
    for (const a of refused) {
      expect(a.headers.get('ratelimit-remaining')).toBe('0');
      expect(Number(a.headers.get('retry-after'))).toBe(Number(a.headers.get('ratelimit-reset')));
      expect(a.body.errors?.[0]?.extensions?.code).toBe('RATE_LIMITED');
    }
    expect(await keysUnder(`${PREFIX}rl:`, TEST_REDIS_URL)).toEqual([`${PREFIX}rl:${LIMIT}-3600:limited`]);
  });

  it('anonymous requests share one bucket per client IP across replicas; the probes are not limited', async () => {
    const sent = 9;
    const answers = await Promise.all(Array.from({ length: sent }, (_, i) => post(i)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(ANONYMOUS_LIMIT);
    expect(answers.filter((a) => a.status === 429)).toHaveLength(sent - ANONYMOUS_LIMIT);
    expect(answers.every((a) => a.headers.get('ratelimit-limit') === String(ANONYMOUS_LIMIT))).toBe(true);
    for (const url of urls) {
      const base = url.replace(/\/graphql$/, '');
      expect((await fetch(`${base}/healthz`)).status).toBe(200);
      expect((await fetch(`${base}/readyz`)).status).toBe(200);
    }
  });

  it('a leased limit is never exceeded across the replicas, and Redis is asked once per lease, not per request', async () => {
    const monitor = await new Redis(TEST_REDIS_URL).monitor();
    const rateCommands: string[][] = [];
    monitor.on('monitor', (_time: string, args: unknown[]) => {
      const all = args.map(String);
      if (all.slice(1).some((a) => a.startsWith(`${PREFIX}rl:${BULK_LIMIT}-`))) rateCommands.push(all);
    });
    const raw = new Redis(TEST_REDIS_URL);
    try {
      let admitted = 0;
      // 520 requests for 400 points, in bursts spread over the three processes.
      for (let round = 0; round < 26; round++) {
        const answers = await Promise.all(
          Array.from({ length: 20 }, (_, i) => post(round + i, { 'x-api-key': bulkKey })),
        );
        expect(answers.every((a) => a.status === 200 || a.status === 429)).toBe(true);
        admitted += answers.filter((a) => a.status === 200).length;
      }
      expect(admitted).toBeLessThanOrEqual(BULK_LIMIT);
      expect(admitted).toBeGreaterThanOrEqual(BULK_LIMIT - 2 * 4);
      // Every command was sent before its answer: a marker read after them is reported after them.
      const marker = `${PREFIX}rl:${BULK_LIMIT}-marker`;
      await raw.get(marker);
      await expect.poll(() => rateCommands.some((args) => args[1] === marker)).toBe(true);
      const perAdmitted = rateCommands.findIndex((args) => args[1] === marker) / admitted;
      // A lease of 4 points costs at most 4 commands (the script and what it runs); asks past the limit are few.
      expect(perAdmitted).toBeLessThanOrEqual(1.2);
    } finally {
      monitor.disconnect();
      raw.disconnect();
    }
  });
});
