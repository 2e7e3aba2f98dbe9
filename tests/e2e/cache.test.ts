/**
 * The cache layer in the live gateway: real HTTP, real partner simulators, the real Redis (a key
 * prefix of its own, deleted afterwards), and a cache clock the test moves instead of sleeping.
 * Upstream calls are counted on the DORA simulator; `structures(sources: dora)` is one list call.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { AUTH_REFUSED } from '../../src/server/auth/authenticate.js';
import { ADMIN_REFUSED } from '../../src/server/admin.js';
import { capturingLogger, deleteKeys, gql, runPrefix, TEST_REDIS_URL, writeSourcesFile } from '../helpers/cache-e2e.js';

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
const { logger, lines } = capturingLogger('info');
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
    PORT: '0',
    HOST: '127.0.0.1',
    SOURCES_FILE: sourcesFile,
    REDIS_URL: TEST_REDIS_URL,
    REDIS_KEY_PREFIX: PREFIX,
    ADMIN_TOKEN: TOKEN,
    CACHE_SWR_SECONDS: String(SWR),
    CACHE_STALE_IF_ERROR_SECONDS: String(MAX_STALE),
    CACHE_NEGATIVE_TTL_SECONDS: '30',
    // These tests call DORA often and fail it on purpose, all as one consumer: neither its fair share nor its circuit
    // (tests/e2e/partner-protection.test.ts) may get in the way here.
    PARTNER_CONSUMER_SHARE: '1',
    CIRCUIT_FAILURE_THRESHOLD: '1000',
  });
  gw = await startGateway(config, logger, { clock: () => now });
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
    expect(tooOld.errors).toEqual([
      expect.objectContaining({
        path: ['structures'],
        extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'dora' }),
      }),
    ]);
    expect(tooOld.extensions!.sources.dora).toMatchObject({ ok: false, error: 'unavailable' });
    sandbox.simulators.dora!.reset();
  });
});

describe('invalidation', () => {
  it('the admin mutation drops the source and the next query refetches; without the right token it is refused', async () => {
    await query();
    const mutation = 'mutation { invalidateCache(source: "dora") { dropped source id territory } }';
    const refused = await gql(gw.graphqlUrl, mutation);
    expect(refused.errors?.[0]).toMatchObject({ message: ADMIN_REFUSED.missing, extensions: { code: 'FORBIDDEN' } });
    // A wrong token is wrong credentials: refused before GraphQL runs.
    const wrong = await gql(gw.graphqlUrl, mutation, undefined, {
      authorization: 'Bearer wrong-token-0123456789abcdef',
    });
    expect(wrong.errors?.[0]).toMatchObject({
      message: AUTH_REFUSED.unknownKey,
      extensions: { code: 'UNAUTHENTICATED' },
    });
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
    expect(await wrong.json()).toEqual({
      errors: [{ message: ADMIN_REFUSED.invalid, extensions: { code: 'FORBIDDEN' } }],
    });
    expect((await invalidate({ territory: 'nowhere' })).status).toBe(400);
    await query();
    expect(calls()).toBe(1);
    // The lists and the response reach Redis (and their tags) behind the answer: wait for them before dropping.
    await gw.drainCache();

    const byId = await invalidate({ id: first.data!.structures.edges[0].node.id });
    expect(byId.status).toBe(200);
    expect((await byId.json()).dropped).toBeGreaterThanOrEqual(2); // every list of the source, the response
    await query();
    expect(calls()).toBe(2);

    const located = (first.data!.structures.edges as Array<{ node: { codeInsee: string | null } }>).find(
      (e) => e.node.codeInsee,
    )!.node.codeInsee!;
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
    const value = (name: string) =>
      Number(new RegExp(`^${name}\\{source="dora"\\} (\\d+)`, 'm').exec(text)?.[1] ?? NaN);
    expect(value('gateway_cache_hits_total')).toBeGreaterThan(0);
    expect(value('gateway_cache_misses_total')).toBeGreaterThan(0);
    expect(value('gateway_cache_stale_total')).toBeGreaterThan(0);
    expect(value('gateway_upstream_requests_total')).toBeGreaterThanOrEqual(2);
    expect(text).toMatch(/^gateway_response_cache_hits_total [1-9]/m);
    expect(text).toMatch(/^gateway_upstream_latency_seconds_count\{source="dora",outcome="ok"\} [1-9]/m);
    const sources = await gql(
      gw.graphqlUrl,
      '{ sources { id hits misses staleAnswers staleIfErrorAnswers coalescedWaits upstreamCalls } }',
    );
    const dora = (sources.data!.sources as Array<Record<string, number | string>>).find((s) => s.id === 'dora')!;
    expect(dora.hits).toBe(value('gateway_cache_hits_total'));
    expect(dora.upstreamCalls).toBe(value('gateway_upstream_requests_total'));
    expect(dora.staleAnswers).toBeGreaterThan(0);
  });
});

describe('the fast path of response cache hits', () => {
  let seq = 0;
  /** POSTs a raw body with its own request id; the answer's exact bytes. */
  const raw = async (body: Record<string, unknown> | string, headers: Record<string, string> = {}) => {
    const requestId = `fast-${++seq}`;
    const res = await fetch(gw.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': requestId, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { requestId, res, text: await res.text() };
  };
  /** The log lines of one request. */
  const logged = (requestId: string) => lines.filter((l) => l.requestId === requestId);
  const servedFast = (requestId: string) =>
    logged(requestId).some((l) => l.msg === 'graphql operation' && l.responseCache === 'fast-path');
  const responseHits = async () =>
    Number(
      /^gateway_response_cache_hits_total (\d+)/m.exec(await (await fetch(`${gw.url}/metrics`)).text())?.[1] ?? NaN,
    );
  const body = (first = 5, extra: Record<string, unknown> = {}) => ({
    query: DORA_STRUCTURES,
    variables: { first },
    ...extra,
  });

  it('answers a repeated query with the bytes Apollo would send for the hit, without Apollo and without upstream calls', async () => {
    const first = await raw(body());
    expect(calls()).toBe(1);
    expect(servedFast(first.requestId)).toBe(false);
    const hitsBefore = await responseHits();
    const second = await raw(body());
    const third = await raw(body());
    expect(servedFast(second.requestId) && servedFast(third.requestId)).toBe(true);
    // Apollo ran for neither: its own operation line is missing, and no resolver called a partner.
    for (const r of [second, third])
      expect(
        logged(r.requestId)
          .map((l) => l.msg)
          .sort(),
      ).toEqual(['graphql operation', 'http request']);
    expect(calls()).toBe(1);
    expect(third.text).toBe(second.text);
    const expected = JSON.parse(first.text) as Record<string, any>;
    expected.extensions = { ...expected.extensions, responseCache: { status: 'hit', ageSeconds: 0 } };
    expect(second.text).toBe(`${JSON.stringify(expected)}\n`);
    // The same hit through Apollo (an `extensions` member sends the request there): byte-identical, same headers.
    const viaApollo = await raw(body(5, { extensions: {} }));
    expect(servedFast(viaApollo.requestId)).toBe(false);
    expect(viaApollo.text).toBe(second.text);
    for (const name of ['content-type', 'cache-control', 'content-length'])
      expect(second.res.headers.get(name)).toBe(viaApollo.res.headers.get(name));
    expect(second.res.headers.get('x-request-id')).toBe(second.requestId);
    expect(logged(second.requestId).find((l) => l.msg === 'http request')).toMatchObject({
      method: 'POST',
      path: '/graphql',
      status: 200,
    });
    expect(await responseHits()).toBe(hitsBefore + 3);
    // GET with Apollo's CSRF preflight header is served too; without it Apollo still refuses it.
    const search = new URLSearchParams({ query: DORA_STRUCTURES, variables: JSON.stringify({ first: 5 }) });
    const get = await fetch(`${gw.graphqlUrl}?${search}`, { headers: { 'apollo-require-preflight': 'true' } });
    expect(await get.text()).toBe(second.text);
    expect((await fetch(`${gw.graphqlUrl}?${search}`)).status).toBe(400);
    expect(calls()).toBe(1);
  });

  it('misses on other variables or another operation name, and ages the stored bytes', async () => {
    await raw(body());
    for (const other of [body(6), body(5, { operationName: 'DoraStructures' })]) {
      const r = await raw(other);
      expect(servedFast(r.requestId)).toBe(false);
      expect(JSON.parse(r.text).extensions.responseCache).toBeUndefined();
    }
    advance(3);
    const aged = await raw(body());
    expect(servedFast(aged.requestId)).toBe(true);
    expect(JSON.parse(aged.text).extensions.responseCache).toEqual({ status: 'hit', ageSeconds: 3 });
    expect(calls()).toBe(1);
  });

  it('after an admin invalidation (mutation or HTTP) the next query goes upstream again', async () => {
    await raw(body());
    expect(servedFast((await raw(body())).requestId)).toBe(true);
    const done = await gql(gw.graphqlUrl, 'mutation { invalidateCache(source: "dora") { dropped } }', undefined, {
      authorization: `Bearer ${TOKEN}`,
    });
    expect(done.errors).toBeUndefined();
    const afterMutation = await raw(body());
    expect(servedFast(afterMutation.requestId)).toBe(false);
    expect(calls()).toBe(2);
    expect(servedFast((await raw(body())).requestId)).toBe(true);
    expect((await invalidate({ source: 'dora' })).status).toBe(200);
    expect(servedFast((await raw(body())).requestId)).toBe(false);
    expect(calls()).toBe(3);
  });

  it('never serves a response with errors or one built from a stale answer', async () => {
    sandbox.simulators.dora!.fault({ kind: 'status', status: 503, match: /^\/api\/v2\/structures/, times: 20 });
    const failed = await raw(body());
    expect(JSON.parse(failed.text).errors).toBeDefined();
    const again = await raw(body());
    expect(servedFast(again.requestId)).toBe(false);
    expect(JSON.parse(again.text).errors).toBeDefined();
    sandbox.simulators.dora!.reset();

    await raw(body(4));
    advance(TTL + 1); // stale-while-revalidate: answered stale, refreshed in the background
    const stale = await raw(body(4));
    expect(servedFast(stale.requestId)).toBe(false);
    expect(JSON.parse(stale.text).extensions.sources.dora.stale).toBeDefined();
    await gw.drainCache();
    const next = await raw(body(4));
    expect(servedFast(next.requestId)).toBe(false); // the stale response was not stored
    expect(JSON.parse(next.text).extensions.sources.dora.stale).toBeUndefined();
  });

  it('a malformed or non-JSON body still gets the usual 400', async () => {
    for (const text of ['{"query": ', '"just a string"']) {
      const r = await raw(text);
      expect(r.res.status).toBe(400);
      expect(JSON.parse(r.text)).toEqual({
        errors: [{ message: expect.stringContaining('Malformed JSON'), extensions: { code: 'BAD_REQUEST' } }],
      });
      expect(r.res.headers.get('x-request-id')).toBe(r.requestId);
    }
    const notAnOperation = await raw({ variables: {} });
    expect(notAnOperation.res.status).toBe(400);
  });
});
