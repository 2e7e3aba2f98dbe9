/**
 * The fair share of a partner's budget against the DORA simulator (120 requests a minute): a
 * consumer flooding it with lookups of made-up ids is refused past its quarter, without the partner
 * seeing those calls, while another consumer's lookups and lists still reach DORA and answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import type { OffreConnector, SourceConfig } from './connector.js';
import { budgetOf, runWithBudget } from './deadline.js';
import { bulkWorld } from './dora/fixtures/world.js';
import { createDoraConnector } from './dora/index.js';
import { DORA_SIM_TOKEN, startDoraSimulator } from './dora/simulator.js';
import type { Simulator } from './sim/server.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startDoraSimulator({ world: bulkWorld(5, 3) });
});
afterAll(() => sim.close());

const source = (over: Partial<SourceConfig> = {}): SourceConfig => ({
  id: 'dora',
  connector: 'dora',
  baseUrl: `${sim.url}/api/v2`,
  token: DORA_SIM_TOKEN,
  timeoutMs: 5_000,
  options: { pageSize: 50 },
  ...over,
});
/** Runs `fn` as a request of `consumer` would, with a 5 s budget. */
const as = <T>(consumer: string, fn: () => Promise<T>) => runWithBudget(budgetOf(5_000, Date.now(), consumer), fn);
const settle = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );

describe('fair share of a partner budget, against the DORA simulator', () => {
  it('refuses the flooding consumer past its share; the other consumer still reaches DORA; the partner never throttles', async () => {
    const dora: OffreConnector = createDoraConnector(source({ consumerShare: 0.25 }));
    // A background read (no consumer) finds real ids and is charged to nobody.
    const real = (await dora.listServices({})).items.map((s) => s.id).slice(0, 5);
    expect(real).toHaveLength(5);
    const before = sim.count();

    const flood = await as('consumer-a', () =>
      Promise.all(Array.from({ length: 60 }, (_, i) => settle(dora.getServices([`dora--made-up-${i}`])))),
    );
    const sentForA = sim.count() - before;
    const refused = flood.filter((r) => !r.ok).map((r) => r.e as ConnectorError);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused) {
      expect(e).toBeInstanceOf(ConnectorError);
      expect(e.kind).toBe('rate_limited');
      expect(e.message).toMatch(/consumer's share/);
      expect(e.details.status).toBeUndefined(); // refused here, not a 429 from DORA
      expect(e.details.retryAfterMs).toBeGreaterThan(0);
    }
    // A quarter of 120 a minute: at most 30 of its calls were sent.
    expect(sentForA).toBeLessThanOrEqual(30);
    for (const r of flood.filter((x) => x.ok)) expect(r.v).toEqual([null]);

    // Consumer B is not starved: its lookups and a list reach DORA and answer.
    const beforeB = sim.count();
    const found = await as('consumer-b', () => dora.getServices(real));
    expect(found.map((s) => s?.id)).toEqual(real);
    const list = await as('consumer-b', () => dora.listStructures({}));
    expect(list.items.length).toBe(5);
    expect(sim.count()).toBeGreaterThan(beforeB);
    // A is still refused meanwhile.
    expect(await as('consumer-a', () => settle(dora.getServices(['dora--made-up-again'])))).toMatchObject({
      ok: false,
      e: { kind: 'rate_limited' },
    });
    // The partner never saw more than its budget, so it never answered 429.
    expect(sim.count()).toBeLessThanOrEqual(120);
  });
});
