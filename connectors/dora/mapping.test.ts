import { describe, expect, it } from 'vitest';
import { serviceViolation, structureViolation } from '../../src/domain/index.js';
import structureFixture from './fixtures/structure.json' with { type: 'json' };
import structuresList from './fixtures/structures-list.json' with { type: 'json' };
import serviceFixture from './fixtures/service.json' with { type: 'json' };
import servicesPage from './fixtures/services-page.json' with { type: 'json' };
import { doraType, doraZone, mapDoraService, mapDoraStructure } from './mapping.js';
import type { DoraService, DoraStructure } from './types.js';
import { cogRegionDepartements } from './zones.js';

const TODAY = '2026-06-30';
const [ccas, antenne] = structuresList as unknown as DoraStructure[];
const [regional, national, delegation] = servicesPage.results as unknown as DoraService[];

describe('mapDoraStructure', () => {
  it('maps the documented example field by field', () => {
    const s = mapDoraStructure(structureFixture as unknown as DoraStructure);
    expect(s).toEqual({
      source: 'dora',
      id: 'dora--3b8a6f5e-2c1d-4e0f-9a7b-1c2d3e4f5a6b',
      nom: 'MOBILETTE',
      dateMaj: '2025-04-28',
      description: "Solutions de déplacement pour les personnes dont la mobilité freine l'insertion professionnelle.",
      lienSource: 'https://dora.inclusion.gouv.fr/structures/mobilette-nantes',
      siret: '60487647500499',
      commune: 'Nantes',
      codePostal: '44000',
      codeInsee: '44109',
      adresse: '12 rue de la République',
      complementAdresse: 'Bâtiment B',
      longitude: -1.5536,
      latitude: 47.2184,
      telephone: '+33102030405',
      courriel: 'contact@asso-mobilette.fr',
      siteWeb: 'https://www.asso-mobilette.fr/',
      horairesAccueil: 'Mo-Fr 09:00-17:00 "sur rendez-vous"; PH off',
      accessibiliteLieu:
        'https://acceslibre.beta.gouv.fr/app/29-lampaul-plouarzel/a/bibliotheque-mediatheque/erp/mediatheque-13/',
      // `afpa` maps; `cnaf` is not in the labels table; typologie ASSO maps to nothing.
      reseauxPorteurs: ['afpa'],
    });
    expect(structureViolation(s, TODAY)).toBeNull();
  });

  it('unions réseaux from labels and typologie, prefers presentation_detail, folds arrondissements, cleans values', () => {
    const s = mapDoraStructure(ccas!);
    expect(s.reseauxPorteurs).toEqual(['ccas-cias', 'france-service']); // unccas + CCAS both give ccas-cias; apec maps to nothing
    expect(s.description).toBe("Le centre communal d'action sociale accueille, informe et oriente les habitants.");
    expect(s.codeInsee).toBe('13055');
    expect(s.nom).toBe('CCAS de Marseille');
    expect(s.siret).toBe('26450001300012');
    expect(s.siteWeb).toBe('https://www.ccas-marseille.example.fr/');
    expect(s.telephone).toBe('+33491000000');
    expect(structureViolation(s, TODAY)).toBeNull();
  });

  it('nulls a malformed SIRET and an absent description, and gives null réseaux when none map', () => {
    const s = mapDoraStructure(antenne!);
    expect(s.siret).toBeNull();
    expect(s.description).toBeNull();
    expect(s.reseauxPorteurs).toEqual(['mission-locale']);
    expect(mapDoraStructure({ ...antenne!, typologie: 'ASSO' }).reseauxPorteurs).toBeNull();
  });

  it('caps a description of 10 000 characters or more at 9 999 plus an ellipsis', () => {
    const s = mapDoraStructure({ ...ccas!, presentation_detail: 'x'.repeat(12_000) });
    expect(s.description).toHaveLength(10_000);
    expect(s.description!.endsWith('x…')).toBe(true);
  });
});

describe('mapDoraService', () => {
  it('maps the documented example with the pipeline rules', () => {
    const s = mapDoraService(serviceFixture as unknown as DoraService);
    expect(s).toMatchObject({
      id: 'dora--8d3f2a10-5b6c-4d7e-8f90-a1b2c3d4e5f6',
      structureId: 'dora--3b8a6f5e-2c1d-4e0f-9a7b-1c2d3e4f5a6b',
      nom: 'TISF',
      description: 'Service de proximité visant à soutenir les familles ayant la responsabilité de jeunes enfants.',
      dateMaj: '2023-03-11',
      type: 'accompagnement',
      frais: 'payant',
      fraisPrecisions: '10 €',
      publics: ['familles', 'femmes'],
      thematiques: ['famille--soutien-a-la-parentalite-et-a-leducation'],
      lienMobilisation: 'https://example.com/rdv', // prise_rdv wins over formulaire_en_ligne
      conditionsAcces: "Bonne connaissance du français oral et écrit\nCarte d'identité, passeport ou permis de séjour",
      modesMobilisation: ['envoyer-un-courriel', 'utiliser-lien-mobilisation'],
      mobilisablePar: ['usagers', 'professionnels'],
      mobilisationPrecisions: 'Mêmes modalités que pour les bénéficiaires',
      zoneEligibilite: ['29'],
      telephone: '+33278911262',
      courriel: 'contact@alys.fr',
      contactNomPrenom: 'Prénom Nom',
      modesAccueil: ['a-distance', 'en-presentiel'],
      horairesAccueil: null,
      volumeHoraireHebdomadaire: null,
      nombreSemaines: null,
    });
    expect(s.maskedContacts).toBeUndefined();
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('expands a région zone, picks the type by priority, masks contacts when contact_public is false', () => {
    const s = mapDoraService(regional!);
    expect(s.zoneEligibilite).toEqual(['22', '29', '35', '56']);
    expect(s.type).toBe('atelier');
    expect(s.frais).toBe('gratuit');
    expect(s.description).toBe('Aide aux démarches en ligne, sans rendez-vous.');
    expect([s.telephone, s.courriel, s.contactNomPrenom]).toEqual([null, null, null]);
    expect(s.maskedContacts).toEqual(['courriel', 'telephone', 'contactNomPrenom']);
    expect(s.modesMobilisation).toEqual(['se-presenter', 'telephoner']);
    expect(s.mobilisablePar).toEqual(['usagers']);
    expect(s.mobilisationPrecisions).toBe('Sans rendez-vous le matin');
    expect(s.codeInsee).toBe('75056');
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('maps pays to france, the online form as the link, and sorted conditions', () => {
    const s = mapDoraService(national!);
    expect(s.zoneEligibilite).toEqual(['france']);
    expect(s.type).toBe('aide-financiere');
    expect(s.frais).toBe('payant');
    expect(s.lienMobilisation).toBe('https://www.adie.example.org/demande');
    expect(s.modesMobilisation).toEqual(['envoyer-un-courriel', 'utiliser-lien-mobilisation']);
    expect(s.mobilisablePar).toEqual(['professionnels']);
    expect(s.conditionsAcces).toBe("Avoir un projet\nÊtre majeur\nJustificatif de domicile\nPièce d'identité");
    expect(s.publics).toEqual(['beneficiaires-des-minimas-sociaux', 'demandeurs-emploi']);
    expect(s.telephone).toBe('+262262123456');
    expect([s.volumeHoraireHebdomadaire, s.nombreSemaines]).toEqual([2.5, 12]);
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('gives null for what the partner left empty, and an EPCI code as it is', () => {
    const s = mapDoraService(delegation!);
    expect([s.type, s.frais, s.publics, s.thematiques, s.modesAccueil, s.modesMobilisation, s.mobilisablePar]).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
    expect(s.zoneEligibilite).toEqual(['200093201']);
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('masks contacts when contact_public is missing (privacy by default)', () => {
    const { contact_public: _omit, ...rest } = serviceFixture;
    const s = mapDoraService(rest as unknown as DoraService);
    expect([s.telephone, s.courriel, s.contactNomPrenom]).toEqual([null, null, null]);
  });

  it('survives garbage fields, and validation then says why', () => {
    const s = mapDoraService({
      id: 'x',
      structure_id: 'y',
      nom: 42,
      types: 'atelier',
      publics: [1, null],
      date_maj: 'never',
    } as unknown as DoraService);
    expect(s.nom).toBe('');
    expect(s.type).toBeNull();
    expect(s.publics).toBeNull();
    expect(serviceViolation(s, TODAY)).toMatch(/nom has 0 characters/);
  });
});

describe('rules', () => {
  it('type priority follows the DORA rules', () => {
    expect(doraType(['information', 'aide-financiere'])).toBe('aide-financiere');
    expect(doraType(['numerique', 'autonomie'])).toBe('aide-materielle');
    expect(doraType(['accompagnement', 'formation'])).toBe('formation');
    expect(doraType(['accueil'])).toBe('information');
    expect(doraType(['delegation'])).toBeNull();
  });

  it('zones: région from the COG, unknown région null, commune as is', () => {
    expect(doraZone('region', '11', cogRegionDepartements)).toEqual(['75', '77', '78', '91', '92', '93', '94', '95']);
    expect(doraZone('region', '04', cogRegionDepartements)).toEqual(['974']);
    expect(doraZone('region', '99', cogRegionDepartements)).toBeNull();
    expect(doraZone('commune', '59350', cogRegionDepartements)).toEqual(['59350']);
    expect(doraZone(null, null, cogRegionDepartements)).toBeNull();
  });
});
