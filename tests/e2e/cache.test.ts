/**
 * The cache layer in the live gateway: real HTTP, real partner simulators, the real Redis (a key
 * prefix of its own, deleted afterwards), and a cache clock the test moves instead of sleeping.
 * Upstream calls are counted on the DORA simulator; `structures(sources: dora)` is one list call.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { ADMIN_REFUSED } from '../../src/server/admin.js';
import { deleteKeys, gql, runPrefix, TEST_REDIS_URL, writeSourcesFile } from '../helpers/cache-e2e.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';
const PREFIX = runPrefix();
/** DORA's default freshness (connectors/dora/config.ts), and the windows configured below. */
const TTL = 900;
const SWR = 300;
const MAX_STALE = 3600;
const DORA_STRUCTURES = `query DoraStructures($first: Int) { structures(filter: { sources: ["dora"] }, first: $first) { totalCount edges { node { id nom codeInsee } } } }`;

let sandbox: Sandbox;
let gw: Gateway;
let sourcesFile: string;
let envNames: string[] = [];
let now = Date.now();
const advance = (seconds: number) => void (now += seconds * 1000);

const calls = () => sandbox.simulators.dora!.count('/api/v2/structures');
const query = (first = 5) => gql(gw.graphqlUrl, DORA_STRUCTURES, { first });
const invalidate = (body: object, token: string | null = TOKEN) =>
  fetch(`${gw.url}/admin/cache/invalidate`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });

beforeAll(async () => {
  sandbox = await startSandbox({ services: 300, seed: 11 });
  const written = writeSourcesFile(sandbox);
  sourcesFile = written.file;
  envNames = Object.keys(written.env);
  Object.assign(process.env, written.env);
  const config = loadConfig({
    PORT: '0', HOST: '127.0.0.1', SOURCES_FILE: sourcesFile, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: PREFIX, ADMIN_TOKEN: TOKEN,
    CACHE_SWR_SECONDS: String(SWR), CACHE_STALE_IF_ERROR_SECONDS: String(MAX_STALE), CACHE_NEGATIVE_TTL_SECONDS: '30',
  });
  gw = await startGateway(config, pino({ level: 'silent' }), { clock: () => now });
});

afterAll(async () => {
  await gw?.stop(0);
  await sandbox?.close();
  await deleteKeys(PREFIX);
  if (sourcesFile) rmSync(dirname(sourcesFile), { recursive: true, force: true });
  for (const k of envNames) delete process.env[k];
});

beforeEach(async () => {
  sandbox.simulators.dora!.reset();
  expect((await invalidate({ source: 'dora' })).status).toBe(200);
  await gw.drainCache();
});

describe('answers from the cache', () => {
  it('makes no upstream call for a second identical query, which the response cache answers whole', async () => {
    const first = await query();
    expect(first.errors).toBeUndefined();
    expect(first.data!.structures.totalCount).toBeGreaterThan(5);
    expect(calls()).toBe(1);
    const again = await query();
    expect(again.data).toEqual(first.data);
    expect(again.extensions!.responseCache).toEqual({ status: 'hit', ageSeconds: 0 });
    const otherPage = await query(7); // another response, the same cached list
    expect(otherPage.extensions!.responseCache).toBeUndefined();
    expect(otherPage.extensions!.sources.dora).toMatchObject({ ok: true });
    expect(calls()).toBe(1);
  });

  it('refetches once the TTL and the stale-while-revalidate window are over', async () => {
    await query();
    advance(TTL + SWR + 1);
    const r = await query();
    expect(r.extensions!.sources.dora.stale).toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('within the SWR window answers at once, marked stale, and refreshes exactly once in the background', async () => {
    await query();
    advance(TTL + 1);
    const answers = await Promise.all([query(), query(), query(), query(), query()]);
    for (const a of answers) {
      expect(a.errors).toBeUndefined();
      expect(a.extensions!.sources.dora).toMatchObject({ ok: true, stale: { ageSeconds: TTL + 1 } });
    }
    await gw.drainCache();
    expect(calls()).toBe(2);
    const fresh = await query();
    expect(fresh.extensions!.sources.dora.stale).toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('serves the last good answer with its age when the partner fails, and an error past the maximum age', async () => {
    const good = await query();
    advance(TTL + SWR + 100);
    sandbox.simulators.dora!.fault({ kind: 'status', status: 503, match: /^\/api\/v2\/structures/, times: 20 });
    const stale = await query();
    expect(stale.errors).toBeUndefined();
    expect(stale.data).toEqual(good.data);
    expect(stale.extensions!.sources.dora).toMatchObject({ ok: true, stale: { ageSeconds: TTL + SWR + 100 } });
    advance(MAX_STALE);
    const tooOld = await query();
    expect(tooOld.data!.structures).toMatchObject({ totalCount: 0 });
    expect(tooOld.errors).toEqual([expect.objectContaining({ path: ['structures'], extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'dora' }) })]);
    expect(tooOld.extensions!.sources.dora).toMatchObject({ ok: false, error: 'unavailable' });
    sandbox.simulators.dora!.reset();
  });
});

describe('invalidation', () => {
  it('the admin mutation drops the source and the next query refetches; without the right token it is refused', async () => {
    await query();
    const mutation = 'mutation { invalidateCache(source: "dora") { dropped source id territory } }';
    for (const token of [undefined, 'wrong-token-0123456789abcdef']) {
      const refused = await gql(gw.graphqlUrl, mutation, undefined, token ? { authorization: `Bearer ${token}` } : {});
      expect(refused.errors?.[0]).toMatchObject({ message: token ? ADMIN_REFUSED.invalid : ADMIN_REFUSED.missing, extensions: { code: 'FORBIDDEN' } });
    }
    await query(6);
    expect(calls()).toBe(1);
    const done = await gql(gw.graphqlUrl, mutation, undefined, { authorization: `Bearer ${TOKEN}` });
    expect(done.errors).toBeUndefined();
    expect(done.data!.invalidateCache).toMatchObject({ source: 'dora', id: null, territory: null });
    expect(done.data!.invalidateCache.dropped).toBeGreaterThanOrEqual(3); // the list and the two responses
    const after = await query();
    expect(after.extensions!.responseCache).toBeUndefined();
    expect(calls()).toBe(2);
  });

  it('the HTTP endpoint drops by record id and by territory, and refuses a missing or wrong token', async () => {
    const first = await query();
    expect((await invalidate({ source: 'dora' }, null)).status).toBe(403);
    const wrong = await invalidate({ source: 'dora' }, 'wrong-token-0123456789abcdef');
    expect(wrong.status).toBe(403);
    expect(await wrong.json()).toEqual({ errors: [{ message: ADMIN_REFUSED.invalid, extensions: { code: 'FORBIDDEN' } }] });
    expect((await invalidate({ territory: 'nowhere' })).status).toBe(400);
    await query();
    expect(calls()).toBe(1);

    const byId = await invalidate({ id: first.data!.structures.edges[0].node.id });
    expect(byId.status).toBe(200);
    expect((await byId.json()).dropped).toBeGreaterThanOrEqual(2); // every list of the source, the response
    await query();
    expect(calls()).toBe(2);

    const located = (first.data!.structures.edges as Array<{ node: { codeInsee: string | null } }>).find((e) => e.node.codeInsee)!.node.codeInsee!;
    const byTerritory = await invalidate({ territory: located });
    expect(await byTerritory.json()).toMatchObject({ territory: located });
    await query();
    expect(calls()).toBe(3);
  });
});

describe('observability', () => {
  it('/metrics and the sources query count hits, misses, stale answers and upstream calls per source', async () => {
    await query();
    await query(8);
    await query(8);
    advance(TTL + 1);
    await query(9);
    await gw.drainCache();
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const value = (name: string) => Number(new RegExp(`^${name}\\{source="dora"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    expect(value('gateway_cache_hits_total')).toBeGreaterThan(0);
    expect(value('gateway_cache_misses_total')).toBeGreaterThan(0);
    expect(value('gateway_cache_stale_total')).toBeGreaterThan(0);
    expect(value('gateway_upstream_requests_total')).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^gateway_response_cache_hits_total [1-9]/m);
    expect(text).toMatch(/^gateway_upstream_latency_seconds_count\{source="dora",outcome="ok"\} [1-9]/m);
    const sources = await gql(gw.graphqlUrl, '{ sources { id hits misses staleAnswers staleIfErrorAnswers coalescedWaits upstreamCalls } }');
    const dora = (sources.data!.sources as Array<Record<string, number | string>>).find((s) => s.id === 'dora')!;
    expect(dora.hits).toBe(value('gateway_cache_hits_total'));
    expect(dora.upstreamCalls).toBe(value('gateway_upstream_requests_total'));
    expect(dora.staleAnswers).toBeGreaterThan(0);
  });
});
