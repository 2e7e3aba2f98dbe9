import { describe, expect, it } from 'vitest';
import { createCache } from '../cache/cached.js';
import type { CacheEntry } from '../cache/entry.js';
import { Lru } from '../cache/lru.js';
import { MemoryStore } from '../cache/memory.js';
import type { Service, Structure, OffreFilter } from '../src/domain/index.js';
import type { AnswerNote, Caching } from './cached-call.js';
import { cachedEntreprises, cachedGeocoder, cachedOffre } from './cached-kinds.js';
import type { EntrepriseConnector, FetchResult, GeocoderConnector, OffreConnector } from './connector.js';

function caching(source: string) {
  const notes: AnswerNote[] = [];
  const cache = createCache({ l1: new Lru<CacheEntry>(), l2: new MemoryStore() });
  const k: Caching = {
    cache,
    source,
    ttlSeconds: () => 60,
    swrSeconds: 0,
    staleIfErrorSeconds: 0,
    negativeTtlSeconds: 10,
    onAnswer: (n) => notes.push(n),
  };
  return { k, notes };
}

/** An offre connector recording every call it receives. */
function fakeOffre(
  calls: string[],
): OffreConnector & { searchServices(p: object): Promise<FetchResult<{ service: Service }>> } {
  const list = async <T>(op: string, f: OffreFilter): Promise<FetchResult<T>> => {
    calls.push(`${op} ${JSON.stringify(f)}`);
    return {
      items: [{ id: 'p--1', source: 'p', codeInsee: '59350' } as unknown as T],
      rejected: [],
      appliedFilters: [],
    };
  };
  return {
    id: 'p',
    connector: 'p',
    capabilities: { pushdown: [], coverage: { kind: 'all' } },
    listStructures: (f) => list<Structure>('listStructures', f),
    listServices: (f) => list<Service>('listServices', f),
    getStructures: async (ids) => (calls.push(`getStructures ${ids.join(',')}`), ids.map(() => null)),
    getServices: async (ids) => ids.map(() => null),
    searchServices: async (p) => (
      calls.push(`searchServices ${JSON.stringify(p)}`),
      { items: [], rejected: [], appliedFilters: [] }
    ),
  };
}

describe('cachedOffre', () => {
  it.each([
    // [national, filters asked, partner calls expected]
    [
      false,
      [
        { codeDepartement: '59', thematiques: ['b', 'a'] },
        { thematiques: ['a', 'b'], codeDepartement: '59' },
      ],
      ['listServices {"codeDepartement":"59","thematiques":["a","b"]}'],
    ],
    [
      false,
      [{ codeDepartement: '59' }, { codeDepartement: '62' }],
      ['listServices {"codeDepartement":"59"}', 'listServices {"codeDepartement":"62"}'],
    ],
    [true, [{ codeDepartement: '59' }, { codeDepartement: '62' }, {}], ['listServices {}']],
  ] as const)('national=%s: %j → %j', async (national, filters, expected) => {
    const calls: string[] = [];
    const c = cachedOffre(caching('p').k, fakeOffre(calls), { national });
    for (const f of filters) await c.listServices(f as OffreFilter);
    expect(calls).toEqual(expected);
  });

  it('says how each list answer was obtained, notes its tags, and caches lookups', async () => {
    const calls: string[] = [];
    const { k, notes } = caching('p');
    const c = cachedOffre(k, fakeOffre(calls));
    expect((await c.listStructures({})).cache).toEqual({ status: 'miss', ageSeconds: 0, freshForSeconds: 60 });
    expect((await c.listStructures({})).cache?.status).toBe('hit');
    await c.getStructures(['p--404']);
    await c.getStructures(['p--404']);
    expect(calls).toEqual(['listStructures {}', 'getStructures p--404']);
    expect(notes[0]).toEqual({
      source: 'p',
      operation: 'listStructures',
      status: 'miss',
      ageSeconds: 0,
      freshForSeconds: 60,
      tags: ['source:p', 'lists-of:p', 'lists-in:59'],
    });
    expect(notes.map((n) => `${n.operation}:${n.status}`)).toEqual([
      'listStructures:miss',
      'listStructures:hit',
      'getStructures:miss',
      'getStructures:hit',
    ]);
  });
});

describe('cachedGeocoder and cachedEntreprises', () => {
  it('cache one entry per address (case and spacing ignored) and per SIRET', async () => {
    const asked: string[] = [];
    const geo: GeocoderConnector = {
      id: 'ban',
      connector: 'ban',
      capabilities: { pushdown: [], coverage: { kind: 'all' } },
      geocode: async (qs) => qs.map((q) => (asked.push(q.q), null)),
      reverse: async () => null,
    };
    const g = cachedGeocoder(caching('ban').k, geo);
    await g.geocode([{ q: '1 Rue  de Lille' }, { q: '2 rue X' }]);
    await g.geocode([{ q: '1 rue de lille ' }]);
    expect(asked).toEqual(['1 Rue  de Lille', '2 rue X']);
    const sirets: string[] = [];
    const reg: EntrepriseConnector = {
      id: 're',
      connector: 're',
      capabilities: { pushdown: [], coverage: { kind: 'all' } },
      getEtablissements: async (s) => s.map((x) => (sirets.push(x), null)),
    };
    const e = cachedEntreprises(caching('re').k, reg);
    await e.getEtablissements(['130 025 265 00013']);
    await e.getEtablissements(['13002526500013']);
    expect(sirets).toEqual(['130 025 265 00013']);
  });
});
