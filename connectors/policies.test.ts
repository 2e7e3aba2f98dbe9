import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import type { EntrepriseConnector, OffreConnector, Outcome } from './connector.js';
import { entrepriseOperations, observed, offreOperations, type OperationWrapper } from './policies.js';

const capabilities = { pushdown: [], coverage: { kind: 'all' } } as const;
const registry: EntrepriseConnector = {
  id: 'x',
  connector: 'x',
  capabilities,
  getEtablissements: async (sirets) => sirets.map(() => null),
  ping: async () => {
    throw new ConnectorError('x', 'timeout', 'slow');
  },
};

describe('observed', () => {
  it('reports each call and passes results and errors through unchanged', async () => {
    const seen: Outcome[] = [];
    const c = entrepriseOperations(
      registry,
      observed('x', (o) => seen.push(o)),
    );
    expect(await c.getEtablissements(['1', '2'])).toEqual([null, null]);
    await expect(c.ping?.()).rejects.toMatchObject({ kind: 'timeout' });
    expect(c.id).toBe('x');
    expect(seen.map((o) => [o.source, o.operation, o.ok, o.error?.kind ?? null])).toEqual([
      ['x', 'getEtablissements', true, null],
      ['x', 'ping', false, 'timeout'],
    ]);
  });

  it('reports the records a list answer gave and kept out', async () => {
    const seen: Outcome[] = [];
    const lists: OffreConnector = {
      id: 'x',
      connector: 'x',
      capabilities,
      listStructures: async () => ({
        items: [],
        rejected: [{ source: 'x', id: 'x--1', reason: 'no nom' }],
        appliedFilters: [],
      }),
      listServices: async () => ({ items: [], rejected: [], appliedFilters: [] }),
      getStructures: async () => [],
      getServices: async () => [],
    };
    await offreOperations(
      lists,
      observed('x', (o) => seen.push(o)),
    ).listStructures({});
    expect(seen.map((o) => [o.operation, o.returned, o.rejected])).toEqual([
      ['listStructures', 0, [{ source: 'x', id: 'x--1', reason: 'no nom' }]],
    ]);
  });
});

describe('operations of a connector', () => {
  it('applies the wrappers given, the first one outermost, to every operation by name', async () => {
    const order: string[] = [];
    const tracing =
      (name: string): OperationWrapper =>
      (operation, call) =>
      async (...args) => {
        order.push(`${name}:${operation}`);
        return call(...args);
      };
    const c = entrepriseOperations(registry, tracing('outer'), tracing('inner'));
    await c.getEtablissements(['1']);
    expect(order).toEqual(['outer:getEtablissements', 'inner:getEtablissements']);
  });
});
