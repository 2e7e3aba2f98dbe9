/**
 * The request deadline end to end (REQUEST_DEADLINE_MS): a partner answering 429 with a long
 * Retry-After, or a client-side rate budget that would queue a call past the deadline, never holds
 * the response. The source is reported missing and why (rate_limited, with its retry-after), or its
 * last good answer stands in (stale, with its age); the other sources' records go out, and the
 * partner never receives more than its budget. Real simulators, real Redis, and no clock assert:
 * a response held until a Retry-After (60 s) would outlive the test's timeout, and the partners'
 * request counts show that nothing was retried or queued behind the answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sandbox } from '../../sandbox/embedded.js';
import type { Gateway } from '../../src/gateway.js';
import { gql, startCachedGateway } from '../helpers/cache-e2e.js';

const HOUR_MS = 3_600_000;
/** Requests the partners receive for one query while they answer 429: each call once, none retried. */
const SENT_69 = 2;
const SENT_35 = 4;
const QUERY = `query($d: String!) { services(filter: { codeDepartement: $d }, first: 500) { incompleteSources edges { node { id source } } } }`;
// Les emplois publish structures only.
const STRUCTURES = QUERY.replace('services(', 'structures(');
type Services = { incompleteSources: string[]; edges: Array<{ node: { id: string; source: string } }> };

describe('request deadline: throttled partners never hold the response', () => {
  let sandbox: Sandbox;
  let gw: Gateway;
  let close = async () => {};
  let offsetMs = 0;
  const ask = async (d: string, query = QUERY) => {
    const r = await gql(gw.graphqlUrl, query, { d });
    return { r, s: (r.data?.services ?? r.data?.structures) as Services };
  };
  const sourcesOf = (s: Services) => new Set(s.edges.map((e) => e.node.source));

  beforeAll(async () => {
    ({ sandbox, gw, close } = await startCachedGateway({
      sandbox: { services: 600 },
      // Our client allows les emplois 2 calls a minute (its simulator allows 120): the client-side queue is what is tested.
      sources: { 'emplois-de-linclusion': { options: { ratePerMinute: 2 } } },
      env: { CACHE_SWR_SECONDS: '0', REQUEST_DEADLINE_MS: '4000' },
      clock: () => Date.now() + offsetMs,
    }));
  });

  afterAll(() => close());

  it('answers at once when DORA says 429 Retry-After: 60, marking it rate-limited with the others present', async () => {
    const dora = sandbox.simulators.dora!;
    dora.fault({ kind: 'rate_limit', retryAfterSeconds: 60, times: 20 });
    const { r, s } = await ask('69');
    const sent = dora.count();
    dora.reset();
    expect(sent).toBe(SENT_69);
    expect(s.incompleteSources).toEqual(['dora']);
    expect(r.extensions!.sources.dora).toMatchObject({ ok: false, error: 'rate_limited', retryAfterSeconds: 60 });
    expect(r.errors).toEqual([
      expect.objectContaining({
        extensions: expect.objectContaining({ code: 'PARTNER_RATE_LIMITED', partner: 'dora', retryAfterSeconds: 60 }),
      }),
    ]);
    expect(sourcesOf(s).has('dora')).toBe(false);
    expect(sourcesOf(s).size).toBeGreaterThanOrEqual(2);
    // The health board does not call a throttled partner down.
    const health = await gql(gw.graphqlUrl, '{ sources { id status } }');
    expect((health.data!.sources as Array<{ id: string; status: string }>).find((x) => x.id === 'dora')?.status).toBe(
      'rate_limited',
    );
  });

  it('does not call DORA again while its Retry-After runs: the next request is answered rate-limited without sending', async () => {
    const dora = sandbox.simulators.dora!;
    const { r } = await ask('13');
    expect(r.extensions!.sources.dora).toMatchObject({ ok: false, error: 'rate_limited' });
    expect(r.extensions!.sources.dora.retryAfterSeconds).toBeGreaterThan(0);
    expect(dora.count()).toBe(0);
  });

  it('serves the last good answer, marked stale with its age, when a warm partner starts answering 429', async () => {
    const soli = sandbox.simulators.soliguide!;
    const warm = await ask('35');
    expect(warm.r.extensions!.sources.soliguide).toMatchObject({ ok: true });
    const soliguideIds = warm.s.edges.filter((e) => e.node.source === 'soliguide').map((e) => e.node.id);
    expect(soliguideIds.length).toBeGreaterThan(0);
    await gw.drainCache();

    offsetMs += 2 * HOUR_MS; // past every TTL, within stale-if-error (6 h)
    soli.fault({ kind: 'rate_limit', retryAfterSeconds: 60, times: 20 });
    const limited = await ask('35');
    const sent = soli.count();
    soli.reset();
    expect(sent).toBe(SENT_35);
    expect(limited.r.extensions!.sources.soliguide).toMatchObject({
      ok: true,
      stale: { ageSeconds: expect.any(Number) },
    });
    expect(limited.r.extensions!.sources.soliguide.stale.ageSeconds).toBeGreaterThanOrEqual(2 * 3600);
    expect(limited.s.incompleteSources).not.toContain('soliguide');
    expect(limited.s.edges.filter((e) => e.node.source === 'soliguide').map((e) => e.node.id)).toEqual(soliguideIds);
  });

  it('does not queue a call past the deadline when the client-side budget is spent, and never exceeds it', async () => {
    const emplois = sandbox.simulators['emplois-de-linclusion']!;
    emplois.reset();
    offsetMs += 12 * HOUR_MS; // nothing cached can stand in any more
    const asked: Array<Awaited<ReturnType<typeof ask>>> = [];
    for (const d of ['59', '93', '69', '13', '35']) {
      asked.push(await ask(d, STRUCTURES));
      await gw.drainCache();
      offsetMs += 12 * HOUR_MS;
    }
    // The budget (2 a minute) is spent by the first answers; the later ones are refused before sending.
    expect(emplois.count()).toBeLessThanOrEqual(2);
    const refused = asked
      .map((a) => a.r.extensions!.sources['emplois-de-linclusion'])
      .filter((e) => e?.error === 'rate_limited');
    expect(refused.length).toBeGreaterThanOrEqual(3);
    for (const e of refused) expect(e.retryAfterSeconds).toBeGreaterThan(0);
    // Every answer still carries the other sources' records.
    for (const a of asked) expect(sourcesOf(a.s).size).toBeGreaterThanOrEqual(1);
  });
});
