/**
 * Stale-if-error for a partner that hangs (REQUEST_DEADLINE_MS shorter than the partner's own HTTP
 * timeout): its last good answer goes out just before the request's deadline, marked stale with its
 * age, instead of a timeout and missing records; the call it hangs on goes on in the background and
 * refreshes the cache when the partner recovers, with no second call. Without a cached answer the
 * source is still reported as a timeout. Real simulators (a `hold` fault: the partner answers only
 * when the test releases it, so "answered before the partner" needs no clock), real Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/embedded.js';
import type { Gateway } from '../../src/gateway.js';
import { gql, startCachedGateway } from '../helpers/cache-e2e.js';

const HOUR_MS = 3_600_000;
const QUERY = `query($d: String!) { services(filter: { codeDepartement: $d }, first: 500) { incompleteSources edges { node { id source } } } }`;
type Services = { incompleteSources: string[]; edges: Array<{ node: { id: string; source: string } }> };

describe('stale-if-error when a partner hangs past the request deadline', () => {
  let sandbox: Sandbox;
  let gw: Gateway;
  let close = async () => {};
  let offsetMs = 0;
  const ask = async (d: string) => {
    const r = await gql(gw.graphqlUrl, QUERY, { d });
    return { r, s: r.data!.services as Services };
  };
  const idsOf = (s: Services, source: string) => s.edges.filter((e) => e.node.source === source).map((e) => e.node.id);

  beforeAll(async () => {
    ({ sandbox, gw, close } = await startCachedGateway({
      sandbox: { services: 600 },
      // DORA's own timeout as in production (15 s), far beyond the request's 3 s budget.
      sources: { dora: { timeoutMs: 15_000 } },
      env: { CACHE_SWR_SECONDS: '0', REQUEST_DEADLINE_MS: '3000' },
      clock: () => Date.now() + offsetMs,
    }));
  });

  afterAll(() => close());

  it("serves the hanging partner's last good records, stale with their age, then the held call refreshes the cache", async () => {
    const dora = sandbox.simulators.dora!;
    dora.reset();
    const warm = await ask('69');
    expect(warm.r.extensions!.sources.dora).toMatchObject({ ok: true });
    expect(warm.r.extensions!.sources.dora.stale).toBeUndefined();
    const doraIds = idsOf(warm.s, 'dora');
    expect(doraIds.length).toBeGreaterThan(0);
    const callsPerLoad = dora.count(); // every request one load of DORA's list makes (pages)
    await gw.drainCache();

    offsetMs += 2 * HOUR_MS; // past every TTL (no SWR window), within stale-if-error (6 h)
    dora.reset();
    dora.fault({ kind: 'hold' }); // DORA's first request hangs until released
    const hung = await ask('69');
    // Answered while DORA still holds the request: before the partner, whatever the clock says.
    expect(dora.release()).toBe(1);
    expect(hung.r.extensions!.sources.dora).toMatchObject({ ok: true, stale: { ageSeconds: expect.any(Number) } });
    expect(hung.r.extensions!.sources.dora.stale.ageSeconds).toBeGreaterThanOrEqual(2 * 3600);
    expect(hung.r.extensions!.sources.dora.error).toBeUndefined();
    expect(hung.s.incompleteSources).not.toContain('dora');
    expect(idsOf(hung.s, 'dora')).toEqual(doraIds);
    expect((hung.r.errors ?? []).filter((e) => e.extensions?.partner === 'dora')).toEqual([]);
    const counters = await gql(gw.graphqlUrl, '{ sources { id staleIfErrorAnswers } }');
    expect(
      (counters.data!.sources as Array<{ id: string; staleIfErrorAnswers: number }>).find((x) => x.id === 'dora')!
        .staleIfErrorAnswers,
    ).toBeGreaterThanOrEqual(1);

    // The partner recovered: the call it held finished in the background and stored its answer.
    await gw.drainCache();
    expect(dora.count()).toBe(callsPerLoad); // the one load in flight, no second one
    const fresh = await ask('69');
    expect(fresh.r.extensions!.sources.dora).toMatchObject({ ok: true });
    expect(fresh.r.extensions!.sources.dora.stale).toBeUndefined();
    expect(idsOf(fresh.s, 'dora')).toEqual(doraIds);
    expect(dora.count()).toBe(callsPerLoad);
  });

  it("still reports a timeout, with the others' records, when the hanging partner has nothing cached", async () => {
    const soli = sandbox.simulators.soliguide!;
    soli.reset();
    soli.fault({ kind: 'hold' });
    const cold = await ask('13'); // never asked: nothing cached for Soliguide's search of the 13
    expect(soli.release()).toBe(1);
    expect(cold.r.extensions!.sources.soliguide).toMatchObject({ ok: false, error: 'timeout' });
    expect(cold.s.incompleteSources).toContain('soliguide');
    expect(idsOf(cold.s, 'soliguide')).toEqual([]);
    expect(new Set(cold.s.edges.map((e) => e.node.source)).size).toBeGreaterThanOrEqual(1);
    await gw.drainCache();
  });
});
