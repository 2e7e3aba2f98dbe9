import { describe, expect, it } from 'vitest';
import { serviceViolation, structureViolation } from '../../src/domain/index.js';
import rowsFixture from './fixtures/carto-rows.json' with { type: 'json' };
import { smallWorld } from './fixtures/world.js';
import { mapCartoService, mapCartoStructure, republishedFrom, SERVICE_NOM } from './mapping.js';
import { renderMediationNumerique, splitAdresse } from './render.js';
import type { CartoRow } from './types.js';

const TODAY = '2026-06-30';
const [guillotiere, mediatheque, fromDora, fromSoliguide] = rowsFixture as unknown as CartoRow[];

describe('mapCartoStructure', () => {
  it('maps a full lieu', () => {
    const s = mapCartoStructure(guillotiere!);
    expect(s).toEqual({
      source: 'mediation-numerique',
      id: 'mediation-numerique--0a1b2c3d-0000-4000-8000-000000000001',
      nom: 'Espace numérique de la Guillotière',
      dateMaj: '2026-02-10',
      lienSource:
        'https://cartographie.societenumerique.gouv.fr/cartographie/0a1b2c3d-0000-4000-8000-000000000001/details',
      description:
        'Un espace ouvert où des médiateurs aident à maîtriser les outils numériques et les démarches en ligne.',
      siret: null,
      commune: 'Lyon',
      codePostal: '69003',
      codeInsee: '69123',
      adresse: '12 bis rue de la Gare',
      complementAdresse: null,
      latitude: 45.7551,
      longitude: 4.8432,
      telephone: '+33478000000',
      courriel: 'contact@guillotiere.example.fr',
      siteWeb: 'https://www.guillotiere.example.fr/',
      horairesAccueil: 'Mo-Fr 09:00-12:00,14:00-18:00',
      accessibiliteLieu: null,
      reseauxPorteurs: ['conseillers-numeriques', 'france-service'], // Certification PIX maps to nothing
    });
    expect(structureViolation(s, TODAY)).toBeNull();
  });

  it('keeps a real 14-digit pivot as SIRET and gives null réseaux when none map', () => {
    const s = mapCartoStructure(mediatheque!);
    expect(s).toMatchObject({
      siret: '12345678901234',
      reseauxPorteurs: null,
      courriel: null,
      adresse: 'Place de la Mairie',
      dateMaj: '2026-03-05',
      description: null,
    });
    expect(structureViolation(s, TODAY)).toBeNull();
  });
});

describe('mapCartoService', () => {
  it('derives the one generic service of a lieu through the mapping tables', () => {
    const s = mapCartoService(guillotiere!);
    expect(s).toMatchObject({
      id: 'mediation-numerique--0a1b2c3d-0000-4000-8000-000000000001',
      structureId: 'mediation-numerique--0a1b2c3d-0000-4000-8000-000000000001',
      nom: SERVICE_NOM,
      type: 'atelier',
      frais: 'gratuit',
      fraisPrecisions: null,
      thematiques: [
        'difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives',
        'numerique--acceder-a-des-services-en-ligne',
        'numerique--acceder-a-une-connexion-internet',
        'numerique--acquerir-un-equipement',
      ],
      publics: ['jeunes', 'personnes-en-situation-de-handicap', 'seniors'],
      publicsPrecisions: 'Illettrisme, Jeunes, Seniors, Surdité',
      modesMobilisation: ['se-presenter', 'telephoner', 'utiliser-lien-mobilisation'],
      mobilisablePar: ['usagers', 'professionnels'],
      modesAccueil: ['a-distance', 'en-presentiel'],
      zoneEligibilite: ['69'],
      lienMobilisation: 'https://rdv.guillotiere.example.fr/',
      courriel: 'contact@guillotiere.example.fr',
      contactNomPrenom: 'Alice Bernard',
      telephone: '+33478000000',
      horairesAccueil: 'Mo-Fr 09:00-12:00,14:00-18:00',
      conditionsAcces: null,
      dateMaj: '2026-02-10',
    });
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('falls back on the services list, tous-publics, the médiateur e-mail and the DROM département', () => {
    const s = mapCartoService(mediatheque!);
    expect(s).toMatchObject({
      description: 'Compréhension du monde numérique, Maîtrise des outils numériques du quotidien',
      publics: ['tous-publics'],
      publicsPrecisions: null,
      frais: null,
      type: null,
      modesAccueil: ['en-presentiel'],
      modesMobilisation: null,
      zoneEligibilite: ['974'],
      courriel: 'paul.durand@example.fr',
      contactNomPrenom: 'Paul Durand',
      thematiques: ['numerique--acceder-a-des-services-en-ligne', 'numerique--maitriser-les-fondamentaux-du-numerique'],
    });
    expect(serviceViolation(s, TODAY)).toBeNull();
  });

  it('picks Payant only when no free option is listed, and reads courriels given as an array', () => {
    expect(mapCartoService({ ...mediatheque!, frais_a_charge: ['Payant'] }).frais).toBe('payant');
    expect(mapCartoService({ ...mediatheque!, frais_a_charge: ['Payant', 'Gratuit'] }).frais).toBe('gratuit');
    expect(mapCartoStructure({ ...mediatheque!, courriels: [' a@b.fr ', 'c@d.fr'] }).courriel).toBe('a@b.fr');
  });

  it('survives garbage: the record then fails validation with a reason', () => {
    const s = mapCartoService({
      id: 'z',
      adresse: 'not an object',
      services: 7,
      mediateurs: [null, 3],
      date_maj: null,
    } as unknown as CartoRow);
    expect(s.description).toBe('');
    expect(serviceViolation(s, TODAY)).toMatch(/description has 0 characters|date_maj/);
  });
});

describe('republishedFrom', () => {
  it('flags lieux republished from dora, fredo or soliguide (any case), keeps the others', () => {
    expect([guillotiere, mediatheque, fromDora, fromSoliguide].map((r) => republishedFrom(r!))).toEqual([
      null,
      null,
      'dora',
      'soliguide',
    ]);
    expect(republishedFrom({ source: null })).toBeNull();
    expect(republishedFrom({ source: ' FREDO ' })).toBe('fredo');
  });
});

describe('renderMediationNumerique', () => {
  it('renders only its source, and maps back to the world values', () => {
    const world = smallWorld();
    const rows = renderMediationNumerique(world);
    expect(rows.map((r) => r.id)).toEqual(['l-1', 'l-2']);
    expect(rows[0]).toMatchObject({
      pivot: '00000000000000',
      adresse: { numero_voie: '12', repetition: 'bis', nom_voie: 'rue Nationale' },
      courriels: 'numerique@tourcoing.example.fr',
      dispositif_programmes_nationaux: ['Conseillers numériques', 'France Services'],
      modalites_acces: ['Se présenter', 'Téléphoner'],
      modalites_accompagnement: ['Dans un atelier collectif', 'À distance'],
      frais_a_charge: ['Gratuit'],
      publics_specifiquement_adresses: ['Seniors'],
      mediateurs: [{ prenom: 'Amina', nom: 'Benali', label: [], email: null, telephone: null }],
    });
    const [s1, s2] = rows.map((r) => mapCartoStructure(r));
    const w = world.structures[0]!;
    expect(s1).toMatchObject({
      nom: w.nom,
      adresse: w.adresse,
      codeInsee: w.codeInsee,
      telephone: w.telephone,
      courriel: w.courriel,
      siteWeb: w.siteWeb,
      description: w.description,
      dateMaj: w.dateMaj,
      siret: null,
    });
    expect(s1!.reseauxPorteurs).toEqual(['conseillers-numeriques', 'france-service']);
    expect(s2).toMatchObject({
      siret: '21590599500014',
      reseauxPorteurs: ['aidants-connect'],
      adresse: 'Place du Général de Gaulle',
    });
    const sv = mapCartoService(rows[0]!);
    const ws = world.services[0]!;
    expect(sv).toMatchObject({
      type: ws.type,
      frais: ws.frais,
      publics: ws.publics,
      modesAccueil: ws.modesAccueil,
      contactNomPrenom: ws.contactNomPrenom,
      zoneEligibilite: ['59'],
    });
    expect(sv.modesMobilisation).toEqual(ws.modesMobilisation);
    expect(sv.thematiques).toEqual(expect.arrayContaining([...ws.thematiques]));
    for (const r of rows) {
      expect(structureViolation(mapCartoStructure(r), TODAY)).toBeNull();
      expect(serviceViolation(mapCartoService(r), TODAY)).toBeNull();
    }
  });

  it('splits street lines the way the mapping joins them back', () => {
    expect(
      splitAdresse({ adresse: '3 ter avenue Foch', codePostal: '59000', commune: 'Lille', codeInsee: '59350' }),
    ).toMatchObject({ numero_voie: '3', repetition: 'ter', nom_voie: 'avenue Foch' });
    expect(
      splitAdresse({ adresse: 'Lieu-dit Le Bourg', codePostal: '59000', commune: 'Lille', codeInsee: '59350' }),
    ).toMatchObject({ numero_voie: null, nom_voie: 'Lieu-dit Le Bourg' });
  });
});
