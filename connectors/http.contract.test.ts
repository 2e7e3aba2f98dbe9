/**
 * The HTTP base against a real simulator: inside a request's budget, no call queues for its rate
 * turn or waits for a Retry-After past the deadline (it fails at once as rate_limited, with the
 * wait), and the partner never receives more than its budget. Counts only, no timing asserts.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import { budgetOf, runWithBudget } from './deadline.js';
import { callPartner, createHttpClient } from './http.js';
import { startSimulator, type Simulator } from './sim/server.js';

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator('echo', [{ method: 'GET', path: '/ping', handler: () => ({ body: { ok: true } }) }]);
});
afterEach(() => {
  expect(sim.pendingFaults()).toEqual([]);
  sim.reset();
});
afterAll(async () => sim.close());

const client = (rateLimit?: { requests: number; perMs: number }) => {
  const http = createHttpClient({
    partner: 'echo',
    baseUrl: sim.url,
    timeoutMs: 2_000,
    ...(rateLimit ? { rateLimit } : {}),
  });
  return () => callPartner('echo', () => http.get('ping').json<{ ok: boolean }>());
};
const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => e,
  );
/** Runs `fn` as a request with a budget of `ms` would. */
const inRequest = <T>(ms: number, fn: () => Promise<T>) => runWithBudget(budgetOf(ms), fn);

describe('HTTP base: calls serving a request never wait past its deadline', () => {
  it('refuses the calls whose rate turn comes after the deadline, without sending them', async () => {
    const call = client({ requests: 2, perMs: 60_000 });
    const results = await inRequest(2_000, () => Promise.all(Array.from({ length: 5 }, () => outcome(call()))));
    expect(results.filter((r) => r === 'ok')).toHaveLength(2);
    const refused = results.filter((r): r is ConnectorError => r instanceof ConnectorError);
    expect(refused).toHaveLength(3);
    for (const e of refused) {
      expect(e.kind).toBe('rate_limited');
      expect(e.details.retryAfterMs).toBeGreaterThan(50_000);
    }
    expect(sim.count()).toBe(2);
  });

  it('fails at once on a 429 whose Retry-After is past the deadline, then spares the partner until it is over', async () => {
    const call = client();
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 60 });
    const first = await inRequest(3_000, () => outcome(call()));
    expect(first).toMatchObject({ kind: 'rate_limited', details: { retryAfterMs: 60_000 } });
    // The next request is answered from the partner's own word: nothing is sent during its pause.
    const second = await inRequest(3_000, () => outcome(call()));
    expect(second).toMatchObject({ kind: 'rate_limited' });
    expect((second as ConnectorError).details.retryAfterMs).toBeGreaterThan(50_000);
    expect(sim.count()).toBe(1);
  });

  it('still waits a short Retry-After that fits the budget, and succeeds', async () => {
    const call = client();
    sim.fault({ kind: 'rate_limit', retryAfterSeconds: 1 });
    expect(await inRequest(5_000, () => outcome(call()))).toBe('ok');
    expect(sim.count()).toBe(2);
  });

  it('does not retry a failing partner past the budget', async () => {
    const call = client();
    sim.fault({ kind: 'status', status: 503, times: 1 });
    // Backoff before the first retry is about 1 s: with 1 s of budget (250 ms kept for the call) there is no time for it.
    expect(await inRequest(1_000, () => outcome(call()))).toMatchObject({ kind: 'unavailable' });
    expect(sim.count()).toBe(1);
  });

  it('outside a request (background refresh), a call waits its turn as before', async () => {
    const call = client({ requests: 1, perMs: 300 });
    expect(await Promise.all([outcome(call()), outcome(call())])).toEqual(['ok', 'ok']);
    expect(sim.count()).toBe(2);
  });
});
