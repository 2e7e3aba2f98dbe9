import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import type { Connector } from './connector.js';
import { observed, type CallOutcome } from './policies.js';

const base: Connector & { ok(n: number): Promise<number>; fail(): Promise<never>; sync(): string } = {
  id: 'x', connector: 'x', capabilities: { pushdown: [], coverage: { kind: 'all' } },
  ok: async (n) => n * 2,
  fail: async () => { throw new ConnectorError('x', 'timeout', 'slow'); },
  sync: () => 'plain',
};

describe('observed', () => {
  it('reports each async call and passes results and errors through unchanged', async () => {
    const seen: CallOutcome[] = [];
    const c = observed(base, (o) => seen.push(o));
    expect(await c.ok(21)).toBe(42);
    await expect(c.fail()).rejects.toMatchObject({ kind: 'timeout' });
    expect(c.sync()).toBe('plain');
    expect(c.id).toBe('x');
    expect(seen.map((o) => [o.source, o.operation, o.ok, o.error?.kind ?? null])).toEqual([['x', 'ok', true, null], ['x', 'fail', false, 'timeout']]);
  });

  it('reports the records a list answer kept out', async () => {
    const seen: CallOutcome[] = [];
    const lists = { ...base, list: async () => ({ items: [1], rejected: [{ id: 'x--1', reason: 'no nom' }] }) };
    await observed(lists, (o) => seen.push(o)).list();
    expect(seen.map((o) => [o.operation, o.rejected])).toEqual([['list', [{ id: 'x--1', reason: 'no nom' }]]]);
  });
});
