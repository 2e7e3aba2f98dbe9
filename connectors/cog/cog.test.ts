/**
 * The embedded COG connector on the real pinned data (@etalab/decoupage-administratif 6.0.0 and
 * data/commune-centres). One instance for the file: loading takes about a second.
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

describe('commune centres (data/commune-centres: IGN outlines)', () => {
  it('gives every commune a centre, and every arrondissement and most déléguées their own', async () => {
    expect(all.length).toBe(34_875);
    expect(all.filter((c) => c.centre === null).map((c) => c.code)).toEqual([]);
    const [arr] = await cog.getCommunes(['13208']);
    expect(arr?.arrondissement?.centre).toEqual({ latitude: 43.24177, longitude: 5.37519 });
  });

  it.each([
    ['59350', 'Lille', 50.63, 3.05],
    ['13055', 'Marseille', 43.28, 5.38],
    ['2A004', 'Ajaccio', 41.93, 8.7],
    ['97411', 'Saint-Denis', -20.93, 55.45],
    ['97611', 'Mamoudzou', -12.79, 45.19],
    ['97209', 'Fort-de-France', 14.64, -61.07],
    ['93070', 'Saint-Ouen-sur-Seine', 48.91, 2.33],
    ['59011', 'Annœullin', 50.53, 2.93],
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
      expect(viaArr).toEqual({
        ...direct,
        arrondissement: { code: arr, nom: arrNom, centre: expect.objectContaining({ latitude: expect.any(Number) }) },
      });
      expect(viaArr!.arrondissement!.centre).not.toEqual(direct!.centre);
      expect(direct!.nom).toBe(nom);
    },
  );

  it('answers key-aligned, null for unknown codes and COM communes', async () => {
    const got = await cog.getCommunes(['99999', '59350', 'nope', '97502', '75121', '59350']);
    expect(got.map((c) => c?.code ?? null)).toEqual([null, '59350', null, null, null, '59350']);
  });

  it('resolves a commune déléguée to its commune nouvelle and keeps which one was asked for, with its own centre', async () => {
    const [bermeries, nouvelle] = await cog.getCommunes(['59070', '59006']);
    expect(nouvelle!.nom).toBe("L'Orée de Mormal");
    expect(bermeries).toEqual({
      ...nouvelle,
      communeDeleguee: {
        code: '59070',
        nom: 'Bermeries',
        type: 'commune-deleguee',
        centre: { latitude: 50.28514, longitude: 3.74978 },
      },
    });
  });

  it('resolves a commune associée (no centre of its own) to its commune', async () => {
    const [cordieux, chefLieu] = await cog.getCommunes(['01120', '01262']);
    expect(cordieux).toEqual({
      ...chefLieu,
      communeDeleguee: { code: '01120', nom: 'Cordieux', type: 'commune-associee', centre: null },
    });
  });

  it('gives the commune actuelle for a code it shares with one of its déléguées', async () => {
    const [annecy] = await cog.getCommunes(['74010']);
    expect(annecy).toMatchObject({ code: '74010', nom: 'Annecy' });
    expect(annecy!.communeDeleguee).toBeUndefined();
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
          centres: new Map(),
        }),
      },
    );
    expect(tiny).toMatchObject({ id: 'tiny', connector: 'cog' });
    expect(await tiny.searchCommunes({})).toHaveLength(1);
    expect((await tiny.getCommunes(['59350']))[0]).toMatchObject({ centre: null, codeEpci: null });
    expect(createCogConnector().id).toBe('cog');
  });
});
