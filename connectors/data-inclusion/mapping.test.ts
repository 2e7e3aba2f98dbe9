import { describe, expect, it } from 'vitest';
import { serviceViolation, structureViolation } from '../../src/domain/index.js';
import { loadCog } from '../../sandbox/cog.js';
import { generateWorld } from '../../sandbox/generate.js';
import { toV1Service, toV1Structure } from '../../sandbox/v1.js';
import searchPage from './fixtures/search-services.json' with { type: 'json' };
import invalid from './fixtures/services-invalid.json' with { type: 'json' };
import structuresPage from './fixtures/structures-page.json' with { type: 'json' };
import { mapDiService, mapDiStructure } from './mapping.js';
import { pushDown } from './query.js';
import { renderDataInclusion, scoreQualite, toDiService, toDiStructure } from './render.js';

const TODAY = '2026-01-01';

describe('mapDiService', () => {
  it('maps the search item to a camelCase v1 Service, d·i extensions kept', () => {
    const s = mapDiService(searchPage.items[0]!.service);
    expect(s).toMatchObject({
      source: 'dora',
      id: 'dora--be-water-scene-wind',
      structureId: 'dora--lot-kitchen-amount',
      nom: "Garde d'enfants ponctuelle",
      dateMaj: '2025-01-15',
      type: 'accompagnement',
      thematiques: ['famille--garde-denfants'],
      frais: 'gratuit',
      publics: ['familles'],
      codeInsee: '59350',
      codePostal: '59000',
      latitude: 50.63,
      longitude: 3.06,
      telephone: '+33320000000',
      modesAccueil: ['en-presentiel'],
      zoneEligibilite: ['59'],
      modesMobilisation: ['telephoner', 'se-presenter'],
      mobilisablePar: ['usagers', 'professionnels'],
      horairesAccueil: 'Mo-Fr 09:00-17:00',
      adresseCertifiee: true,
      scoreQualite: 0.78,
      lienMobilisation: null,
      nombreSemaines: null,
    });
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('keeps a remote, address-less service valid', () => {
    const s = mapDiService(searchPage.items[1]!.service);
    expect(s).toMatchObject({
      source: 'mes-aides',
      codeInsee: null,
      latitude: null,
      modesAccueil: ['a-distance'],
      zoneEligibilite: ['france'],
    });
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('gives validation the reason for a future date or an unknown thématique', () => {
    expect(serviceViolation(mapDiService(invalid[0]!), TODAY)).toBe(
      `date_maj 2999-01-01 is outside 2000-01-01…${TODAY}`,
    );
    expect(serviceViolation(mapDiService(invalid[1]!), TODAY)).toBe(
      'thematiques has unknown value "jardinage--potager"',
    );
  });

  it('reads wrong-typed fields defensively (null, or empty so validation rejects)', () => {
    const s = mapDiService({
      id: 'dora--x',
      source: 'dora',
      structure_id: 'dora--y',
      nom: 42,
      description: ['x'],
      date_maj: 20250101,
      latitude: '50.6',
      thematiques: 'famille',
      publics: [1, 'jeunes'],
    });
    expect(s).toMatchObject({
      nom: '',
      description: '',
      dateMaj: '',
      latitude: null,
      thematiques: null,
      publics: ['jeunes'],
    });
    expect(serviceViolation(s, TODAY)).toBe('nom has 0 characters (3–150 expected)');
  });
});

describe('mapDiStructure', () => {
  it('maps listed structures, keeping the producer source (fredo, monenfant) and multi-line descriptions', () => {
    const [fredo, monenfant] = structuresPage.items.map(mapDiStructure);
    expect(fredo).toMatchObject({
      source: 'fredo',
      id: 'fredo--101',
      codeInsee: '97411',
      reseauxPorteurs: ['ccas-cias'],
      adresseCertifiee: true,
      siret: '20249161900054',
    });
    expect(fredo!.description).toContain('\n\nPermanences');
    expect(monenfant).toMatchObject({
      source: 'monenfant',
      siret: null,
      description: null,
      complementAdresse: 'Bâtiment B',
      reseauxPorteurs: null,
    });
    expect(structureViolation(fredo!, TODAY)).toBeNull();
    expect(structureViolation(monenfant!, TODAY)).toBeNull();
    expect(fredo).not.toHaveProperty('doublons');
  });

  it('maps a nested search structure', () => {
    expect(mapDiStructure(searchPage.items[0]!.service.structure)).toMatchObject({
      nom: 'Centre social Jean Jaurès',
      siteWeb: 'https://www.example.org/',
    });
  });
});

describe('render ↔ mapping', () => {
  it('round-trips the sandbox world through the d·i shape', () => {
    const world = generateWorld({ seed: 5, services: 300 });
    const cog = loadCog();
    for (const st of world.structures.slice(0, 80)) {
      const v1 = toV1Structure(st);
      expect(mapDiStructure(toDiStructure(v1))).toEqual({ ...v1, adresseCertifiee: true });
    }
    for (const sv of world.services.slice(0, 150)) {
      const v1 = toV1Service(sv, cog);
      const { maskedContacts: _m, ...published } = v1;
      expect(mapDiService(toDiService(v1, 0.5))).toEqual({
        ...published,
        adresseCertifiee: v1.adresse !== null,
        scoreQualite: 0.5,
      });
    }
  });

  it('renders régions as départements, pays as france, masks non-public DORA contacts, drops soliguide hygiene', () => {
    const world = generateWorld({ seed: 42, services: 3000 });
    const ds = renderDataInclusion(world, { asOf: TODAY });
    const region = world.services.find((s) => s.zone?.type === 'region')!;
    const rendered = ds.services.find((s) => s.id === `${region.source}--${region.localId}`)!;
    expect(rendered.zone_eligibilite).toEqual(loadCog().departementsOfRegion((region.zone as { code: string }).code));
    const pays = world.services.find((s) => s.zone?.type === 'pays')!;
    expect(ds.services.find((s) => s.id === `${pays.source}--${pays.localId}`)!.zone_eligibilite).toEqual(['france']);
    const masked = world.services.find((s) => !s.contactPublic && s.telephone !== null)!;
    expect(ds.services.find((s) => s.id === `dora--${masked.localId}`)).toMatchObject({
      telephone: null,
      courriel: null,
      contact_nom_prenom: null,
    });
    expect(ds.services.some((s) => s.source === 'soliguide' && (s.thematiques ?? []).length === 0)).toBe(false);
    expect(ds.services.map((s) => s.id)).toEqual([...ds.services.map((s) => s.id)].sort());
  });
});

describe('scoreQualite', () => {
  it('averages the applicable quality criteria', () => {
    const s = mapDiService(searchPage.items[0]!.service);
    // adresse 1, mobilisation 1, public 1, thématique 1, contact 1, téléphone 1, fresh (≤ 6 months) 1, gratuit 1, description 50–199 → 0.5
    expect(scoreQualite(s, '2025-03-01')).toBe(0.94);
    // 18 months later the freshness criterion has decayed to 0.33
    expect(scoreQualite(s, '2026-07-15')).toBe(0.87);
  });
});

describe('pushDown', () => {
  it('sends lists as repeated keys and reports what it applied', () => {
    const { params, applied } = pushDown(
      'services',
      {
        codeDepartement: '59',
        thematiques: ['famille--garde-denfants', 'numerique'],
        publics: ['jeunes'],
        reseauxPorteurs: ['fcsf'],
      },
      ['dora', 'fredo'],
    );
    expect(params).toEqual([
      ['sources', 'dora'],
      ['sources', 'fredo'],
      ['code_departement', '59'],
      ['thematiques', 'famille--garde-denfants'],
      ['thematiques', 'numerique'],
      ['publics', 'jeunes'],
    ]);
    expect(applied).toEqual(['sources', 'codeDepartement', 'thematiques', 'publics']);
  });

  it('leaves to the gateway what the API would refuse with a 422, and empty lists', () => {
    const { params, applied } = pushDown(
      'structures',
      { codeRegion: '99', reseauxPorteurs: ['not-a-network'], codeCommune: '59350', sources: [] },
      undefined,
    );
    expect(params).toEqual([['code_commune', '59350']]);
    expect(applied).toEqual(['codeCommune']);
  });
});
