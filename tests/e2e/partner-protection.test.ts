/**
 * Partners protected from the gateway's own traffic, over real HTTP against the sandbox simulators
 * and the real Redis: lookups of made-up ids are answered from DORA's cached national list (the
 * simulator's request counter does not move), and DORA's circuit opens after repeated failures,
 * answers stale or fails fast without calling DORA, shows in `sources { circuit }` and /metrics,
 * and closes after a successful probe once its (short) cool-down is over.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Sandbox } from '../../sandbox/embedded.js';
import type { Gateway } from '../../src/gateway.js';
import { gql, startCachedGateway } from '../helpers/cache-e2e.js';

const TOKEN = 'e2e-admin-token-0123456789abcdef';
/** DORA's default freshness and the windows configured below, in seconds. */
const TTL = 900;
const SWR = 300;
/**
 * The circuit's cool-down runs on the real clock (cockatiel's own): long enough that the steps which
 * expect it open finish first on a busy machine, short enough for the probe to be awaited.
 */
const COOLDOWN_MS = 4_000;

let sandbox: Sandbox;
let gw: Gateway;
let close = async () => {};
let offsetMs = 0;

beforeAll(async () => {
  ({ sandbox, gw, close } = await startCachedGateway({
    sandbox: { services: 300, seed: 11 },
    env: {
      ADMIN_TOKEN: TOKEN,
      CACHE_SWR_SECONDS: String(SWR),
      CIRCUIT_FAILURE_THRESHOLD: '3',
      CIRCUIT_COOLDOWN_MS: String(COOLDOWN_MS),
    },
    clock: () => Date.now() + offsetMs,
  }));
});
afterAll(() => close());

const dora = () => sandbox.simulators.dora!;
type Source = {
  id: string;
  circuit: string;
  circuitOpenedAt: string | null;
  negativeFromList: number;
  upstreamCalls: number;
};
const doraHealth = async () =>
  (
    (await gql(gw.graphqlUrl, '{ sources { id circuit circuitOpenedAt negativeFromList upstreamCalls } }')).data!
      .sources as Source[]
  ).find((s) => s.id === 'dora')!;
const metric = async (line: RegExp) => Number(line.exec(await (await fetch(`${gw.url}/metrics`)).text())?.[1] ?? NaN);

describe('lookups of made-up ids after a list was cached', () => {
  it('answers 130 made-up DORA ids null without a single DORA request, and real ids and queries still answer', async () => {
    const list = await gql(
      gw.graphqlUrl,
      '{ services(filter: { sources: ["dora"] }, first: 3) { totalCount edges { node { id } } } }',
    );
    expect(list.errors).toBeUndefined();
    const real = (list.data!.services.edges as Array<{ node: { id: string } }>).map((e) => e.node.id);
    expect(real).toHaveLength(3);
    await gw.drainCache();
    const sent = dora().count();
    const negativesBefore = (await doraHealth()).negativeFromList;

    // 80 in 8 batched requests of 10 aliases, then 50 single lookups, 5 at a time.
    const batches = Array.from(
      { length: 8 },
      (_, b) =>
        `{ ${Array.from({ length: 10 }, (_, i) => `s${i}: service(id: "dora--made-up-${b * 10 + i}") { id }`).join(' ')} }`,
    );
    for (const q of batches) {
      const r = await gql(gw.graphqlUrl, q);
      expect(r.errors).toBeUndefined();
      expect(Object.values(r.data!)).toEqual(Array(10).fill(null));
    }
    for (let i = 80; i < 130; i += 5) {
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, j) => gql(gw.graphqlUrl, `{ service(id: "dora--made-up-${i + j}") { id } }`)),
      );
      for (const r of answers) expect(r).toMatchObject({ data: { service: null } });
      for (const r of answers) expect(r.errors).toBeUndefined();
    }
    expect(dora().count()).toBe(sent);
    expect((await doraHealth()).negativeFromList - negativesBefore).toBe(130);
    expect(await metric(/^gateway_negative_from_list_total\{source="dora"\} (\d+)/m)).toBeGreaterThanOrEqual(130);

    // DORA's budget is untouched: its real records and a fresh query still answer, not rate-limited.
    const found = await gql(
      gw.graphqlUrl,
      `{ a: service(id: "${real[0]}") { id } b: service(id: "${real[1]}") { id } }`,
    );
    expect(found.errors).toBeUndefined();
    expect(found.data).toEqual({ a: { id: real[0] }, b: { id: real[1] } });
    const structures = await gql(
      gw.graphqlUrl,
      '{ structures(filter: { sources: ["dora"] }, first: 2) { totalCount } }',
    );
    expect(structures.errors).toBeUndefined();
    expect(structures.data!.structures.totalCount).toBeGreaterThan(0);
  });
});

describe('circuit breaker of a source', () => {
  const query = (first: number) =>
    gql(
      gw.graphqlUrl,
      `{ structures(filter: { sources: ["dora"] }, first: ${first}) { totalCount incompleteSources edges { node { id } } } }`,
    );

  it('opens after 3 failures, answers stale or fails fast without calling DORA, shows in sources and /metrics, and closes after a good probe', async () => {
    const good = await query(2);
    expect(good.errors).toBeUndefined();
    await gw.drainCache();
    expect((await doraHealth()).circuit).toBe('CLOSED');
    expect(await metric(/^gateway_circuit_state\{source="dora"\} (\d+)/m)).toBe(0);

    // Past freshness and stale-while-revalidate: each query calls DORA, which answers garbage; the last good answer goes out.
    offsetMs += (TTL + SWR + 60) * 1000;
    dora().fault({ kind: 'malformed', match: /^\/api\/v2\/structures/, times: 3 });
    for (let i = 0; i < 3; i++) {
      const r = await query(3 + i);
      expect(r.errors).toBeUndefined();
      expect(r.extensions!.sources.dora).toMatchObject({ ok: true, stale: expect.anything() });
    }
    expect(dora().pendingFaults()).toEqual([]);
    const open = await doraHealth();
    expect(open.circuit).toBe('OPEN');
    expect(Date.parse(open.circuitOpenedAt!)).not.toBeNaN();
    expect(await metric(/^gateway_circuit_state\{source="dora"\} (\d+)/m)).toBe(1);
    expect(await metric(/^gateway_circuit_opened_total\{source="dora"\} (\d+)/m)).toBe(1);

    // Open: stale from the cache, and not a single request to DORA.
    const sent = dora().count();
    const stale = await query(7);
    expect(stale.errors).toBeUndefined();
    expect(stale.extensions!.sources.dora).toMatchObject({ ok: true, stale: expect.anything() });
    // Without a cached answer: DORA is reported missing, PARTNER_UNAVAILABLE, circuit open.
    const dropped = await fetch(`${gw.url}/admin/cache/invalidate`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ source: 'dora' }),
    });
    expect(dropped.status).toBe(200);
    const missing = await query(8);
    expect(missing.data!.structures.incompleteSources).toEqual(['dora']);
    expect(missing.errors).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/circuit open/),
        extensions: expect.objectContaining({ code: 'PARTNER_UNAVAILABLE', partner: 'dora' }),
      }),
    ]);
    expect(dora().count()).toBe(sent);

    // After the cool-down one probe reaches DORA, which answers again: the circuit closes.
    await vi.waitFor(
      async () => {
        const r = await query(9);
        expect(r.errors).toBeUndefined();
      },
      { timeout: 30_000, interval: 200 },
    );
    expect(dora().count()).toBeGreaterThan(sent);
    expect((await doraHealth()).circuit).toBe('CLOSED');
    expect(await metric(/^gateway_circuit_state\{source="dora"\} (\d+)/m)).toBe(0);
  });
});
