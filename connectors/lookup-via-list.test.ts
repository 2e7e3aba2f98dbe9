import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import type { Service, Structure, OffreFilter } from '../src/domain/index.js';
import type { CacheInfo, FetchResult, OffreConnector } from './connector.js';
import { lookupViaList } from './lookup-via-list.js';

/** A connector whose list holds `listed` and whose detail route knows `detailed`; it records its calls. */
function partner(
  id: string,
  listed: string[],
  detailed: string[] = [],
  failList = false,
  cache: CacheInfo = { status: 'miss', ageSeconds: 0, freshForSeconds: 60 },
) {
  const calls: string[] = [];
  const st = (i: string) => ({ id: i, source: i.split('--')[0] }) as unknown as Structure;
  const c: OffreConnector = {
    id,
    connector: id,
    capabilities: { pushdown: [], coverage: { kind: 'all' } },
    async listStructures(f: OffreFilter): Promise<FetchResult<Structure>> {
      calls.push(`list ${JSON.stringify(f)}`);
      if (failList) throw new ConnectorError(id, 'unavailable', 'down');
      return { items: listed.map(st), rejected: [], appliedFilters: [], cache };
    },
    listServices: async () => ({ items: [] as Service[], rejected: [], appliedFilters: [] }),
    async getStructures(ids) {
      calls.push(`detail ${ids.join(',')}`);
      return ids.map((i) => (detailed.includes(i) ? st(i) : null));
    },
    getServices: async (ids) => ids.map(() => null),
  };
  return { c, calls };
}

const ids = (rows: ReadonlyArray<{ id: string } | null>) => rows.map((r) => r?.id ?? null);

describe('lookupViaList', () => {
  it.each([
    // [what, listed, detailed, asked, calls, answer]
    [
      'a batch is answered by one list call',
      ['dora--1', 'dora--2', 'dora--3'],
      [],
      ['dora--3', 'dora--1', 'dora--3'],
      ['list {}'],
      ['dora--3', 'dora--1', 'dora--3'],
    ],
    [
      'ids the list lacks fall back to detail calls',
      ['dora--1'],
      ['dora--9'],
      ['dora--1', 'dora--9', 'dora--404'],
      ['list {}', 'detail dora--9,dora--404'],
      ['dora--1', 'dora--9', null],
    ],
    [
      'one id with no list fetched goes to the detail route',
      ['dora--1'],
      ['dora--1'],
      ['dora--1'],
      ['detail dora--1'],
      ['dora--1'],
    ],
  ])('%s', async (_what, listed, detailed, asked, calls, answer) => {
    const p = partner('dora', listed, detailed);
    expect(ids(await lookupViaList(p.c).getStructures(asked))).toEqual(answer);
    expect(p.calls).toEqual(calls);
  });

  it('uses the list for a single id once the list is known fresh', async () => {
    let t = 0;
    const p = partner('dora', ['dora--1', 'dora--2']);
    const c = lookupViaList(p.c, { now: () => t });
    await c.getStructures(['dora--1', 'dora--2']);
    await c.getStructures(['dora--2']);
    t = 61_000; // past the list's freshness
    await c.getStructures(['dora--2']);
    expect(p.calls).toEqual(['list {}', 'list {}', 'detail dora--2']);
  });

  it('asks an aggregator for the list of the source of the ids', async () => {
    const p = partner('data-inclusion', ['fredo--1', 'fredo--2']);
    expect(ids(await lookupViaList(p.c).getStructures(['fredo--1', 'fredo--2']))).toEqual(['fredo--1', 'fredo--2']);
    expect(p.calls).toEqual(['list {"sources":["fredo"]}']);
  });

  it('falls back to detail calls when the list fails', async () => {
    const p = partner('dora', [], ['dora--1'], true);
    expect(ids(await lookupViaList(p.c).getStructures(['dora--1', 'dora--2']))).toEqual(['dora--1', null]);
    expect(p.calls).toEqual(['list {}', 'detail dora--1,dora--2']);
  });

  describe('complete lists (a national list): ids a fresh one lacks are not found, without calling the partner', () => {
    it('answers made-up ids null from the list, counts them, and still finds the real ones', async () => {
      const p = partner('dora', ['dora--1', 'dora--2'], ['dora--404']);
      const negatives: string[] = [];
      const c = lookupViaList(p.c, { complete: true, onNegative: (s) => negatives.push(s) });
      expect(ids(await c.getStructures(['dora--1', 'dora--made-up-1', 'dora--made-up-2']))).toEqual([
        'dora--1',
        null,
        null,
      ]);
      expect(p.calls).toEqual(['list {}']);
      expect(negatives).toEqual(['dora', 'dora']);
    });

    it('leaves the records the list kept out (schema violations) to the detail route', async () => {
      const p = partner('dora', ['dora--1'], ['dora--bad']);
      const list = p.c.listStructures.bind(p.c);
      p.c.listStructures = async (f) => ({
        ...(await list(f)),
        rejected: [{ source: 'dora', id: 'dora--bad', reason: 'no nom' }],
      });
      expect(ids(await lookupViaList(p.c, { complete: true }).getStructures(['dora--bad', 'dora--made-up']))).toEqual([
        'dora--bad',
        null,
      ]);
      expect(p.calls).toEqual(['list {}', 'detail dora--bad']);
    });

    it('a list read for a query warms single lookups, which then never reach the detail route', async () => {
      const p = partner('dora', ['dora--1']);
      const c = lookupViaList(p.c, { complete: true });
      await c.listStructures({ codeDepartement: '59' });
      for (let i = 0; i < 130; i++) expect(await c.getStructures([`dora--made-up-${i}`])).toEqual([null]);
      expect(ids(await c.getStructures(['dora--1']))).toEqual(['dora--1']);
      expect(p.calls.filter((x) => x.startsWith('detail'))).toEqual([]);
    });

    it.each([
      ['stale', { status: 'stale', ageSeconds: 400, freshForSeconds: 0 }],
      ['stale-if-error', { status: 'stale-error', ageSeconds: 4_000, freshForSeconds: 0 }],
    ] as const)('a %s list proves nothing: the detail route answers', async (_what, cache) => {
      const p = partner('dora', ['dora--1'], ['dora--2'], false, cache);
      const c = lookupViaList(p.c, { complete: true });
      expect(ids(await c.getStructures(['dora--1', 'dora--2', 'dora--3']))).toEqual(['dora--1', 'dora--2', null]);
      expect(p.calls).toEqual(['list {}', 'detail dora--2,dora--3']);
    });

    it('an incomplete list (the default) falls back to detail calls as before', async () => {
      const p = partner('dora', ['dora--1'], ['dora--2']);
      expect(ids(await lookupViaList(p.c).getStructures(['dora--1', 'dora--2']))).toEqual(['dora--1', 'dora--2']);
      expect(p.calls).toEqual(['list {}', 'detail dora--2']);
    });
  });
});
