/**
 * The circuit breaker around a real connector, against the DORA simulator scripted to fail: it
 * opens after N consecutive partner failures (not after the caller's own 4xx or a rate limit),
 * fails fast while open without a single request reaching DORA, lets one probe through after the
 * cool-down while the other calls still fail fast, closes when the probe succeeds and opens again
 * when it fails. The cool-down is short; the test waits on the probe reaching the simulator.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import { behindCircuit, createCircuit, isPartnerFault } from './circuit.js';
import { offreOperations } from './policies.js';
import type { CircuitStatus, OffreConnector, SourceConfig } from './connector.js';
import { bulkWorld } from './dora/fixtures/world.js';
import { createDoraConnector } from './dora/index.js';
import { DORA_SIM_TOKEN, startDoraSimulator } from './dora/simulator.js';
import type { Simulator } from './sim/server.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startDoraSimulator({ world: bulkWorld(3, 2) });
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
});
afterAll(() => sim.close());

const source: () => SourceConfig = () => ({
  id: 'dora',
  connector: 'dora',
  baseUrl: `${sim.url}/api/v2`,
  token: DORA_SIM_TOKEN,
  timeoutMs: 3_000,
  options: { pageSize: 50 },
});
const settle = (p: Promise<unknown>) =>
  p.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );
const nextTurn = () => new Promise<'pending'>((r) => setImmediate(() => r('pending')));

/** A DORA connector behind a fresh circuit (threshold 3, cool-down 200 ms), and the states it went through. */
function guarded() {
  const changes: CircuitStatus[] = [];
  const circuit = createCircuit('dora', { failureThreshold: 3, cooldownMs: 200 }, (c) => changes.push(c.state));
  const dora: OffreConnector = offreOperations(createDoraConnector(source()), behindCircuit(circuit));
  return { dora, circuit, changes };
}

/** Opens the circuit with three malformed answers. */
async function breakIt(dora: OffreConnector) {
  sim.fault({ kind: 'malformed', times: 3 });
  for (let i = 0; i < 3; i++)
    expect(await settle(dora.listStructures({}))).toMatchObject({ ok: false, e: { kind: 'bad_response' } });
}

/** Calls until one is let through as the half-open probe (it reaches the simulator instead of failing at once); returns it, unsettled. */
async function probe(dora: OffreConnector): Promise<{ call: Promise<{ ok: boolean }> }> {
  let found: Promise<{ ok: boolean }> | undefined;
  await vi.waitFor(
    async () => {
      const p = settle(dora.listStructures({}));
      if ((await Promise.race([p.then(() => 'settled' as const), nextTurn()])) === 'pending') found = p;
      else if ((await p).ok) found = p;
      expect(found).toBeDefined();
    },
    { timeout: 10_000, interval: 20 },
  );
  return { call: found! };
}

describe('circuit breaker per source, against the DORA simulator', () => {
  it('counts only the partner’s faults', () => {
    expect(isPartnerFault(new ConnectorError('dora', 'timeout', 'slow'))).toBe(true);
    expect(isPartnerFault(new ConnectorError('dora', 'unavailable', 'down', { status: 503 }))).toBe(true);
    expect(isPartnerFault(new ConnectorError('dora', 'bad_response', 'garbage'))).toBe(true);
    expect(isPartnerFault(new ConnectorError('dora', 'bad_response', 'HTTP 400', { status: 400 }))).toBe(false);
    expect(isPartnerFault(new ConnectorError('dora', 'not_found', 'HTTP 404', { status: 404 }))).toBe(false);
    expect(isPartnerFault(new ConnectorError('dora', 'rate_limited', 'HTTP 429', { status: 429 }))).toBe(false);
    expect(isPartnerFault(new Error('a bug of ours'))).toBe(false);
  });

  it('does not count calls their caller aborted', async () => {
    const { dora, circuit } = guarded();
    for (let i = 0; i < 4; i++) {
      sim.fault({ kind: 'hang' });
      const abort = new AbortController();
      const call = settle(dora.listStructures({}, { signal: abort.signal }));
      await vi.waitFor(() => expect(sim.count()).toBe(i + 1));
      abort.abort();
      expect(await call).toMatchObject({ ok: false, e: { kind: 'unavailable' } });
    }
    expect(circuit.state()).toBe('CLOSED');
  });

  it('ignores the caller’s own 4xx, not-found lookups and rate limits; opens after 3 consecutive partner failures, then fails fast without calling DORA', async () => {
    const { dora, circuit, changes } = guarded();
    sim.fault({ kind: 'status', status: 400, times: 4 });
    for (let i = 0; i < 4; i++)
      expect(await settle(dora.listStructures({}))).toMatchObject({ ok: false, e: { kind: 'bad_response' } });
    expect(await dora.getServices(['dora--made-up-1', 'dora--made-up-2'])).toEqual([null, null]);
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 60, times: 2 });
    for (let i = 0; i < 2; i++)
      expect(await settle(dora.listStructures({}))).toMatchObject({ ok: false, e: { kind: 'rate_limited' } });
    expect(circuit.state()).toBe('CLOSED');

    await breakIt(dora);
    expect(circuit.state()).toBe('OPEN');
    expect(changes).toEqual(['OPEN']);
    const sent = sim.count();
    for (let i = 0; i < 20; i++) {
      const r = await settle(dora.getStructures([`dora--${i}`, 'dora--x']));
      expect(r).toMatchObject({ ok: false, e: { kind: 'unavailable', partner: 'dora' } });
      expect((r as { e: ConnectorError }).e.message).toMatch(/circuit open/);
    }
    expect(sim.count()).toBe(sent);
  });

  it('after the cool-down lets one probe through while the others fail fast, and closes when it succeeds', async () => {
    const { dora, circuit, changes } = guarded();
    await breakIt(dora);
    sim.fault({ kind: 'hold' });
    const held = (await probe(dora)).call;
    expect(circuit.state()).toBe('HALF_OPEN');
    const sent = sim.count();
    const others = await Promise.all(Array.from({ length: 5 }, () => settle(dora.listServices({}))));
    for (const r of others) expect(r).toMatchObject({ ok: false, e: { kind: 'unavailable' } });
    expect(sim.count()).toBe(sent);
    expect(sim.release()).toBe(1);
    expect(await held).toMatchObject({ ok: true });
    expect(circuit.state()).toBe('CLOSED');
    expect(changes).toEqual(['OPEN', 'HALF_OPEN', 'CLOSED']);
    expect((await dora.listStructures({})).items).toHaveLength(3);
  });

  it('opens again when the probe fails', async () => {
    const { dora, circuit, changes } = guarded();
    await breakIt(dora);
    sim.fault({ kind: 'malformed' });
    expect(await (await probe(dora)).call).toMatchObject({ ok: false });
    expect(circuit.state()).toBe('OPEN');
    expect(changes).toEqual(['OPEN', 'HALF_OPEN', 'OPEN']);
  });
});
