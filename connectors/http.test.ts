/** The rate gate's fair share, on an injected clock: one consumer cannot spend the budget the others need. */
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import { createRateGate } from './http.js';

const outcome = (p: Promise<unknown>) =>
  p.then(
    () => 'ok',
    (e: unknown) => e,
  );

/** A gate on a clock the test moves; `in(ms)` is a request's waiting budget from now. */
function gate(rateLimit: { requests: number; perMs: number; consumerShare?: number }) {
  let t = 1_000_000;
  const g = createRateGate('dora', rateLimit, () => t);
  return { g, in: (ms: number) => t + ms, advance: (ms: number) => void (t += ms) };
}

describe('rate gate: fair share of a partner budget', () => {
  it('refuses a consumer over its share at once, without spending the budget the others still get', async () => {
    const { g, in: until } = gate({ requests: 8, perMs: 60_000, consumerShare: 0.25 });
    expect(await outcome(g.take(until(5_000), 'a'))).toBe('ok');
    expect(await outcome(g.take(until(5_000), 'a'))).toBe('ok');
    const refused = await outcome(g.take(until(5_000), 'a'));
    expect(refused).toBeInstanceOf(ConnectorError);
    expect(refused).toMatchObject({ kind: 'rate_limited', partner: 'dora' });
    expect((refused as ConnectorError).message).toMatch(/consumer's share/);
    // Its turns leave the window a minute (plus the 1 % margin) after they were taken.
    expect((refused as ConnectorError).details.retryAfterMs).toBe(60_600);
    // The refused calls reserved nothing: the other consumers share the remaining six turns.
    for (const c of ['b', 'b', 'c', 'c', 'd', 'd']) expect(await outcome(g.take(until(5_000), c))).toBe('ok');
    expect(await outcome(g.take(until(5_000), 'e'))).toMatchObject({ kind: 'rate_limited' });
    expect(((await outcome(g.take(until(5_000), 'e'))) as ConnectorError).message).toMatch(
      /rate budget is spent until after/,
    );
  });

  it('gives a consumer its share again once its turns leave the window', async () => {
    const { g, in: until, advance } = gate({ requests: 4, perMs: 1_000, consumerShare: 0.5 });
    await g.take(until(500), 'a');
    await g.take(until(500), 'a');
    expect(await outcome(g.take(until(500), 'a'))).toMatchObject({ kind: 'rate_limited' });
    advance(1_010);
    expect(await outcome(g.take(until(500), 'a'))).toBe('ok');
  });

  it('charges background calls (no request) to no consumer, and gives every consumer at least one turn', async () => {
    const { g, in: until } = gate({ requests: 3, perMs: 60_000, consumerShare: 0.1 });
    await g.take();
    expect(await outcome(g.take(until(5_000), 'a'))).toBe('ok');
    expect(await outcome(g.take(until(5_000), 'a'))).toMatchObject({ kind: 'rate_limited' });
    expect(await outcome(g.take(until(5_000), 'b'))).toBe('ok');
  });

  it('without a share (or a share of 1) a consumer may use the whole budget', async () => {
    for (const consumerShare of [undefined, 1]) {
      const { g, in: until } = gate({ requests: 3, perMs: 60_000, ...(consumerShare ? { consumerShare } : {}) });
      for (let i = 0; i < 3; i++) expect(await outcome(g.take(until(5_000), 'a'))).toBe('ok');
    }
  });
});
