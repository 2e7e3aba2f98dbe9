import { describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../../sandbox/world.js';
import { EMPTY_SERVICE, type Service } from '../../src/domain/index.js';
import agences from './fixtures/agences.json' with { type: 'json' };
import { createTokenCache } from './auth.js';
import { horairesToOsm, osmToHoraires } from './hours.js';
import { agencesToStructures, agenceToStructure, attachNationalServices, communeOfLigne6 } from './mapping.js';
import { renderFranceTravail } from './simulator.js';
import type { FtAgence } from './types.js';

const TODAY = '2026-09-01';
const [lille, paris, villeneuve] = agences as unknown as FtAgence[];

describe('agenceToStructure', () => {
  it('maps an agency with telephone 3949, no e-mail (masked), the ADEDA link and Mo-Fr hours', () => {
    expect(agenceToStructure(lille!, TODAY)).toEqual({
      source: 'france-travail',
      id: 'france-travail--HDF0011',
      nom: 'France Travail Lille Les Bois Blancs',
      dateMaj: TODAY,
      description: null,
      lienSource: null,
      siret: '13000548100010',
      commune: 'Lille',
      codePostal: '59000',
      codeInsee: '59350',
      adresse: '2 avenue de Kaarst',
      complementAdresse: 'Immeuble Euralliance',
      longitude: 3.0352,
      latitude: 50.6378,
      telephone: '3949',
      courriel: null,
      siteWeb: 'https://www.francetravail.fr/',
      horairesAccueil: 'Mo-Fr 08:30-12:30,13:30-16:30; PH off',
      accessibiliteLieu: 'https://www.pole-emploi.fr/actualites/a-laffiche/2022/adeda-un-dispositif-pour-mieux-a.html',
      reseauxPorteurs: ['france-travail'],
      maskedContacts: ['courriel'],
    });
  });

  it('folds arrondissements, reads spaced SIRETs and per-day hours, drops CEDEX', () => {
    expect(agenceToStructure(paris!, TODAY)).toMatchObject({
      codeInsee: '75056',
      codePostal: '75015',
      commune: 'Paris',
      siret: '13000548100010',
      accessibiliteLieu: null,
      complementAdresse: null,
      horairesAccueil: 'Mo 08:30-16:30; Tu 08:30-12:30,13:30-16:30; We 08:30-12:30; Th 13:30-16:30; PH off',
    });
  });

  it('never exposes the agency e-mail nor its own phone, nulls bad SIRETs and 0,0 coordinates, falls back to libelle', () => {
    const s = agenceToStructure(villeneuve!, TODAY);
    expect(s).toMatchObject({
      nom: "VILLENEUVE D'ASCQ",
      telephone: '3949',
      courriel: null,
      siret: null,
      latitude: null,
      longitude: null,
      horairesAccueil: null,
      commune: "Villeneuve-d'Ascq",
    });
    expect(JSON.stringify(s)).not.toContain('@francetravail.fr');
  });
});

describe('agencesToStructures', () => {
  it('rejects malformed and schema-violating agencies with their reason', () => {
    const r = agencesToStructures(agences, TODAY);
    expect(r.items.map((s) => s.id)).toEqual([
      'france-travail--HDF0011',
      'france-travail--IDF0042',
      'france-travail--HDF0020',
    ]);
    expect(r.rejected).toEqual([
      { source: 'france-travail', id: null, reason: 'malformed agency (no code)' },
      { source: 'france-travail', id: 'france-travail--HDF0099', reason: 'nom has 2 characters (3–150 expected)' },
    ]);
    expect(agencesToStructures([null, 'x'], TODAY).rejected).toHaveLength(2);
  });
});

describe('hours and names', () => {
  it('follows the pipeline on hours and reads OSM back for the simulator', () => {
    expect(horairesToOsm([])).toBeNull();
    expect(horairesToOsm([{ jour: 1, horaireFerme: 'O' }])).toBeNull();
    expect(horairesToOsm(osmToHoraires('Mo-Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00'))).toBe(
      'Mo 08:30-12:00,13:30-17:00; Tu 08:30-12:00,13:30-17:00; We 08:30-12:00,13:30-17:00; Th 08:30-12:00,13:30-17:00; Fr 08:30-12:00; PH off',
    );
    expect(horairesToOsm(osmToHoraires('Mo-Fr 09:00-17:00'))).toBe('Mo-Fr 09:00-17:00; PH off');
    expect(osmToHoraires('Mo-Sa 09:30-12:30,14:00-18:00').map((h) => h.jour)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('re-cases ligne6 commune names', () => {
    expect(communeOfLigne6('59100 ROUBAIX CEDEX')).toBe('Roubaix');
    expect(communeOfLigne6('35400 ST MALO')).toBe('Saint Malo');
    expect(communeOfLigne6('93200 SAINT-DENIS')).toBe('Saint-Denis');
    expect(communeOfLigne6(null)).toBeNull();
  });
});

describe('attachNationalServices (the France Travail cross join)', () => {
  it('attaches every national service to every agency with the agency’s address and département', () => {
    const national: Service = {
      ...EMPTY_SERVICE,
      source: 'france-travail',
      id: 'aij',
      structureId: '',
      nom: 'Accompagnement intensif des jeunes',
      description: 'Un accompagnement intensif.',
      dateMaj: '2026-01-01',
    };
    const [a, b] = agencesToStructures(agences, TODAY).items;
    const out = attachNationalServices(
      [a!, b!],
      [national, { ...national, id: 'france-travail--cv', zoneEligibilite: ['france'] }],
    );
    expect(out.map((s) => [s.id, s.structureId, s.zoneEligibilite, s.codeInsee, s.telephone, s.courriel])).toEqual([
      ['france-travail--HDF0011-aij', 'france-travail--HDF0011', ['59'], '59350', '3949', null],
      ['france-travail--HDF0011-cv', 'france-travail--HDF0011', ['france'], '59350', '3949', null],
      ['france-travail--IDF0042-aij', 'france-travail--IDF0042', ['75'], '75056', '3949', null],
      ['france-travail--IDF0042-cv', 'france-travail--IDF0042', ['france'], '75056', '3949', null],
    ]);
  });
});

describe('token cache', () => {
  it('fetches once for concurrent callers, reuses until expiry minus the margin, and refreshes after invalidation', async () => {
    let clock = 0;
    let calls = 0;
    const cache = createTokenCache(
      async () => ({ token: `t${++calls}`, expiresInS: 1500 }),
      () => clock,
      60_000,
    );
    expect(await Promise.all([cache.get(), cache.get(), cache.get()])).toEqual(['t1', 't1', 't1']);
    clock = 1_439_999;
    expect(await cache.get()).toBe('t1');
    clock = 1_440_000;
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t1');
    expect(await cache.get()).toBe('t2');
    cache.invalidate('t2');
    expect(await Promise.all([cache.get(), cache.get()])).toEqual(['t3', 't3']);
    expect(calls).toBe(3);
  });

  it('does not cache a failed token request', async () => {
    let calls = 0;
    const cache = createTokenCache(
      async () => {
        if (++calls === 1) throw new Error('down');
        return { token: 'ok', expiresInS: 10 };
      },
      () => 0,
      60_000,
    );
    await expect(cache.get()).rejects.toThrow('down');
    expect(await cache.get()).toBe('ok');
  });
});

describe('renderFranceTravail (simulator) is the reverse of the mapping', () => {
  it('renders agencies that map back to the world’s values, e-mail dropped', () => {
    const world: SandboxWorld = {
      seed: 3,
      structures: [
        {
          source: 'france-travail',
          localId: 'HDF0012',
          entityKey: 'ft1',
          typologie: 'FT',
          reseauxPorteurs: ['france-travail'],
          nom: 'France Travail Roubaix',
          siret: '13000548100028',
          adresse: '5 boulevard Gambetta',
          complementAdresse: null,
          codePostal: '59100',
          codeInsee: '59512',
          commune: 'Roubaix',
          latitude: 50.69,
          longitude: 3.17,
          telephone: '3949',
          telephoneRaw: '39 49',
          courriel: null,
          siteWeb: 'https://www.francetravail.fr/',
          description: null,
          dateMaj: '2026-08-30',
          horairesAccueil: 'Mo-Fr 08:30-12:00,13:30-17:00',
        },
      ],
      services: [],
    };
    const [agence] = renderFranceTravail(world);
    expect(agence!.contact?.email).toBe('ape.hdf0012@francetravail.fr');
    expect(agenceToStructure(agence!, TODAY)).toMatchObject({
      id: 'france-travail--HDF0012',
      nom: 'France Travail Roubaix',
      siret: '13000548100028',
      adresse: '5 boulevard Gambetta',
      codePostal: '59100',
      codeInsee: '59512',
      commune: 'Roubaix',
      latitude: 50.69,
      longitude: 3.17,
      telephone: '3949',
      courriel: null,
      horairesAccueil: 'Mo-Fr 08:30-12:00,13:30-17:00; PH off',
    });
  });
});
