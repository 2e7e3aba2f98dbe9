import { describe, expect, it } from 'vitest';
import type { CommuneQuery, TerritoryConnector } from '../../connectors/connector.js';
import type { Commune, Departement } from '../domain/index.js';
import { ConnectorError } from '../errors.js';
import { ALL, communeQueryKey, createTerritoryLoaders } from './territory.loaders.js';

const commune = (code: string): Commune => ({
  code,
  nom: `C${code}`,
  codesPostaux: [],
  population: 1,
  centre: null,
  codeDepartement: code.slice(0, 2),
  codeRegion: '32',
  codeEpci: null,
});
const NORD: Departement = { code: '59', nom: 'Nord', codeRegion: '32' };

/** A hand-written territory source that records every call it receives. */
function recordingTerritory(opts: { maxBatchSize?: number; fail?: boolean; misalign?: boolean } = {}) {
  const calls: Array<[string, unknown]> = [];
  const known = new Set(['59350', '59512', '62041']);
  const territory: TerritoryConnector = {
    id: 'fake',
    connector: 'fake',
    capabilities: { pushdown: [], coverage: { kind: 'all' }, maxBatchSize: opts.maxBatchSize },
    async getCommunes(codes) {
      calls.push(['getCommunes', [...codes]]);
      if (opts.fail) throw new ConnectorError('fake', 'unavailable', 'partner error (HTTP 500)');
      const rows = codes.map((c) => (known.has(c) ? commune(c) : null));
      return opts.misalign ? rows.slice(1) : rows;
    },
    async searchCommunes(q: CommuneQuery) {
      calls.push(['searchCommunes', q]);
      return [commune('59350'), commune('59512')];
    },
    async communeAt(point) {
      calls.push(['communeAt', point]);
      return commune('59350');
    },
    async getDepartements(codes) {
      calls.push(['getDepartements', [...codes]]);
      return codes.map((c) => (c === '59' ? NORD : null));
    },
    async listDepartements(codeRegion) {
      calls.push(['listDepartements', codeRegion]);
      return [NORD];
    },
    async getRegions(codes) {
      calls.push(['getRegions', [...codes]]);
      return codes.map(() => null);
    },
    async listRegions() {
      calls.push(['listRegions', undefined]);
      return [{ code: '32', nom: 'Hauts-de-France' }];
    },
    async getEpcis(codes) {
      calls.push(['getEpcis', [...codes]]);
      return codes.map(() => null);
    },
    async listEpcis(codeDepartement) {
      calls.push(['listEpcis', codeDepartement]);
      return [];
    },
  };
  return { territory, calls };
}

describe('createTerritoryLoaders', () => {
  it('batches lookups of one tick into one deduplicated, key-aligned connector call', async () => {
    const { territory, calls } = recordingTerritory();
    const l = createTerritoryLoaders(territory);
    const got = await Promise.all(['59350', '99999', '62041', '59350'].map((c) => l.commune.load(c)));
    expect(got.map((c) => c?.code ?? null)).toEqual(['59350', null, '62041', '59350']);
    expect(calls).toEqual([['getCommunes', ['59350', '99999', '62041']]]);
    await l.commune.load('62041');
    expect(calls).toHaveLength(1);
  });

  it('splits batches at the connector maxBatchSize', async () => {
    const { territory, calls } = recordingTerritory({ maxBatchSize: 2 });
    const l = createTerritoryLoaders(territory);
    await l.commune.loadMany(['59350', '59512', '62041']);
    expect(calls).toEqual([
      ['getCommunes', ['59350', '59512']],
      ['getCommunes', ['62041']],
    ]);
  });

  it('puts the ConnectorError in the slot of every key of a failed batch', async () => {
    const { territory } = recordingTerritory({ fail: true });
    const got = await createTerritoryLoaders(territory).commune.loadMany(['59350', '62041']);
    expect(got).toHaveLength(2);
    for (const slot of got) expect(slot).toBeInstanceOf(ConnectorError);
    expect((got[0] as ConnectorError).kind).toBe('unavailable');
  });

  it('refuses a connector answer that is not aligned with the keys', async () => {
    const { territory } = recordingTerritory({ misalign: true });
    const got = await createTerritoryLoaders(territory).commune.loadMany(['59350', '62041']);
    expect((got[0] as Error).message).toBe(
      'territory source answered 1 results for 2 codes (expected one per code, in order)',
    );
  });

  it('deduplicates searches by their filters and primes the commune loader with the results', async () => {
    const { territory, calls } = recordingTerritory();
    const l = createTerritoryLoaders(territory);
    const [a, b] = await Promise.all([
      l.communeSearch.load({ codeDepartement: '59', nom: 'lille' }),
      l.communeSearch.load({ nom: 'lille', codeDepartement: '59' }),
    ]);
    expect(a).toBe(b);
    expect(await l.commune.load('59512')).toMatchObject({ code: '59512' });
    expect(calls.map((c) => c[0])).toEqual(['searchCommunes']);
    expect(communeQueryKey({ nom: 'x' })).not.toBe(communeQueryKey({ codePostal: 'x' }));
  });

  it('lists with ALL meaning no filter, and primes the by-code loaders', async () => {
    const { territory, calls } = recordingTerritory();
    const l = createTerritoryLoaders(territory);
    await Promise.all([
      l.departementList.load(ALL),
      l.departementList.load('32'),
      l.regionList.load(ALL),
      l.epciList.load('59'),
    ]);
    expect(await l.departement.load('59')).toBe(NORD);
    expect(calls).toEqual([
      ['listDepartements', undefined],
      ['listDepartements', '32'],
      ['listRegions', undefined],
      ['listEpcis', '59'],
    ]);
  });
});
