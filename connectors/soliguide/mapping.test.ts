import { describe, expect, it } from 'vitest';
import type { SandboxWorld } from '../../sandbox/world.js';
import place62249 from './fixtures/place-62249.json' with { type: 'json' };
import page from './fixtures/search-page.json' with { type: 'json' };
import { newHoursToOsm, osmToNewHours } from './hours.js';
import { placeToStructure } from './mapping.js';
import { servicesOf, structuresOf } from './records.js';
import { renderSoliguide } from './render.js';
import { mapPublics, mobilisation, placeToServices } from './services.js';
import { htmlToText } from './text.js';
import type { SoliguidePlace } from './types.js';

const places = page.places as unknown as SoliguidePlace[];
const nantes = place62249 as unknown as SoliguidePlace;
const TODAY = '2026-09-01';
const ALL = {
  administrative: ['regular', 'asylum', 'refugee', 'undocumented'],
  familialle: ['isolated', 'family', 'couple', 'pregnant'],
  gender: ['men', 'women'],
  other: ['violence', 'addiction', 'handicap', 'lgbt', 'hiv', 'prostitution', 'prison', 'student', 'mentalHealth'],
};

describe('placeToStructure', () => {
  it('maps the example place field by field', () => {
    expect(placeToStructure(nantes)).toEqual({
      source: 'soliguide',
      id: 'soliguide--62249',
      nom: 'Restos du Cœur - Nantes Centre',
      dateMaj: '2026-05-02',
      description: 'Distribution alimentaire sur inscription.\n\n- Colis\n- Repas chauds',
      lienSource: 'https://soliguide.fr/fr/fiche/62249-restos-du-coeur-nantes-centre',
      siret: null,
      commune: 'Nantes',
      codePostal: '44000',
      codeInsee: '44109',
      adresse: '2 rue Marcel Paul',
      complementAdresse: 'Porte B',
      longitude: -1.5562,
      latitude: 47.212,
      telephone: '+33240000000',
      courriel: 'ad44.nantes@restosducoeur.org',
      siteWeb: 'https://www.restosducoeur.org/',
      horairesAccueil:
        'Mo 09:00-12:00 open, Tu closed, We closed, Th 14:00-17:00 open, Fr closed, Sa closed, Su closed; PH closed',
      accessibiliteLieu: null,
      reseauxPorteurs: ['restos-du-coeur'],
    });
  });

  it('hides nothing of an orientation-only place but its null address, and carries its temporary closure', () => {
    const s = placeToStructure(places.find((p) => p.lieu_id === 70310)!);
    expect(s).toMatchObject({
      adresse: null,
      commune: 'Rezé',
      telephone: '+33240112233',
      nom: 'Accueil de jour Femmes',
      horairesAccueil: 'closed "fermeture temporaire"',
    });
    expect(s.description).toBe(
      'Information temporaire : Déménagement en cours\n\nCe lieu est fermé temporairement depuis le 01/06/2026.',
    );
  });
});

describe('placeToServices', () => {
  const { services, rejected } = placeToServices(nantes);

  it('names services after their category and maps type and thématiques through the tables', () => {
    expect(services.map((s) => [s.id, s.nom, s.type, s.thematiques])).toEqual([
      [
        'soliguide--6650f1c2a1b2c3d4e5f60718',
        'Panier alimentaire',
        'aide-materielle',
        ['equipement-et-alimentation--alimentation'],
      ],
      [
        'soliguide--6650f1c2a1b2c3d4e5f60719',
        'Distribution de repas',
        'aide-materielle',
        ['equipement-et-alimentation--alimentation'],
      ],
    ]);
    expect(services[0]).toMatchObject({
      structureId: 'soliguide--62249',
      frais: 'gratuit',
      publics: ['tous-publics'],
      modesAccueil: ['en-presentiel'],
      zoneEligibilite: ['44'],
      modesMobilisation: ['envoyer-un-courriel', 'telephoner'],
      mobilisablePar: ['professionnels', 'usagers'],
      mobilisationPrecisions: 'Inscription le lundi matin',
      telephone: '+33240000000',
      adresse: '2 rue Marcel Paul',
      description: 'Colis\n\nDistribution alimentaire sur inscription.\n\n- Colis\n- Repas chauds',
    });
  });

  it('carries closure and saturation into the description and uses the service’s own modalities, publics and hours', () => {
    expect(services[1]).toMatchObject({
      description:
        'Repas chauds le soir.\n\nCe service est fermé temporairement du 01/07/2026 au 31/08/2026.\n\nAttention, la structure est très sollicitée pour ce service.\n\nDistribution alimentaire sur inscription.\n\n- Colis\n- Repas chauds',
      frais: 'payant',
      fraisPrecisions: '1 € le repas',
      publics: ['etudiants', 'femmes'],
      publicsPrecisions: 'Femmes et étudiants\n\nL’âge minimum est de 18 ans.\n\nL’âge maximum est de 25 ans.',
      modesMobilisation: ['envoyer-un-courriel', 'telephoner', 'se-presenter'],
      horairesAccueil:
        'Mo closed, Tu 18:30-20:00 open, We closed, Th closed, Fr 18:30-20:00 open, Sa closed, Su closed',
    });
  });

  it('reports unmapped categories and missing ids instead of dropping them silently', () => {
    expect(rejected).toEqual([
      { source: 'soliguide', id: 'soliguide--6650f1c2a1b2c3d4e5f6071a', reason: 'category shower has no v1 mapping' },
      { source: 'soliguide', id: null, reason: 'service of category clothing has no serviceObjectId' },
    ]);
  });
});

describe('search answer → records', () => {
  it('keeps dora-origin, foreign, duplicate and invalid lieux out, each with its reason', () => {
    const r = structuresOf(places, TODAY);
    expect(r.items.map((s) => s.id)).toEqual(['soliguide--62249', 'soliguide--70310', 'soliguide--70002']);
    expect(r.rejected).toEqual([
      {
        source: 'soliguide',
        id: 'soliguide--80001',
        reason: 'lieu imported from dora (sources include dora): dora publishes it directly',
      },
      { source: 'soliguide', id: 'soliguide--90001', reason: 'country "es" is not fr' },
      {
        source: 'soliguide',
        id: 'soliguide--70001',
        reason: 'duplicate of soliguide--70002 (shares a serviceObjectId; the most recently updated place is kept)',
      },
      { source: 'soliguide', id: 'soliguide--70400', reason: 'nom has 2 characters (3–150 expected)' },
    ]);
  });

  it('reports the services of lieux kept out with the lieu’s reason', () => {
    const r = servicesOf(places, TODAY);
    expect(r.items.map((s) => s.structureId)).toEqual([
      'soliguide--62249',
      'soliguide--62249',
      'soliguide--70310',
      'soliguide--70002',
    ]);
    expect(r.rejected.map((x) => [x.id, x.reason.split(':')[0]])).toEqual([
      ['soliguide--66b000000000000000000001', 'its lieu soliguide--80001 is kept out'],
      ['soliguide--66d000000000000000000001', 'its lieu soliguide--90001 is kept out'],
      ['soliguide--66c000000000000000000001', 'its lieu soliguide--70001 is kept out'],
      ['soliguide--66e000000000000000000001', 'its lieu soliguide--70400 is kept out'],
      ['soliguide--6650f1c2a1b2c3d4e5f6071a', 'category shower has no v1 mapping'],
      [null, 'service of category clothing has no serviceObjectId'],
    ]);
  });
});

describe('publics and mobilisation', () => {
  it('ignores dimensions listing every value (or `all`) and falls back to tous-publics', () => {
    expect(mapPublics({ accueil: 0, ...ALL })).toEqual(['tous-publics']);
    expect(mapPublics({ ...ALL, gender: ['women'], other: ['all'] })).toEqual(['femmes']);
    expect(mapPublics({ ...ALL, other: ['prison', 'lgbt'] })).toEqual(['personnes-en-situation-juridique-specifique']);
    expect(mapPublics({ ...ALL, gender: ['men'] })).toEqual(['tous-publics']);
    expect(mapPublics(undefined)).toEqual(['tous-publics']);
  });

  it('makes orientation-only services mobilisable by professionals only and never se-presenter', () => {
    expect(mobilisation({ inconditionnel: true, orientation: { checked: true, precisions: 'Via le 115' } })).toEqual({
      modesMobilisation: ['envoyer-un-courriel', 'telephoner'],
      mobilisablePar: ['professionnels'],
      mobilisationPrecisions: 'Via le 115',
    });
    expect(mobilisation({ inconditionnel: true }).modesMobilisation).toEqual([
      'envoyer-un-courriel',
      'telephoner',
      'se-presenter',
    ]);
  });
});

describe('hours and text', () => {
  it('writes newhours as the pipeline does and reads simple OSM rules back', () => {
    expect(newHoursToOsm(null)).toBeNull();
    const nh = osmToNewHours('Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off');
    expect(newHoursToOsm(nh)).toBe(
      'Mo 09:00-12:00,14:00-17:00 open, Tu 09:00-12:00,14:00-17:00 open, We 09:00-12:00,14:00-17:00 open, Th 09:00-12:00,14:00-17:00 open, Fr 09:00-12:00,14:00-17:00 open, Sa 09:00-12:00 open, Su closed; PH closed',
    );
    expect(osmToNewHours('sunrise-sunset')?.description).toBe('sunrise-sunset');
  });

  it('turns HTML into plain text', () => {
    expect(htmlToText('<p>A&amp;B&nbsp;: <b>gras</b><br>ligne</p><ul><li>un</li><li>deux</li></ul>')).toBe(
      'A&B : gras\nligne\n\n- un\n- deux',
    );
    expect(htmlToText('<p> </p>')).toBeNull();
  });
});

describe('renderSoliguide (simulator) is the reverse of the mapping', () => {
  const world: SandboxWorld = {
    seed: 1,
    structures: [
      {
        source: 'soliguide',
        localId: '20401',
        entityKey: 'e1',
        typologie: 'ASSO',
        reseauxPorteurs: ['croix-rouge'],
        nom: 'Croix-Rouge - Roubaix',
        siret: null,
        adresse: '12 rue de Lille',
        complementAdresse: null,
        codePostal: '59100',
        codeInsee: '59512',
        commune: 'Roubaix',
        latitude: 50.69,
        longitude: 3.18,
        telephone: '+33320123456',
        courriel: 'roubaix@croix-rouge.fr',
        siteWeb: null,
        description: 'Accueil et aide alimentaire.',
        dateMaj: '2026-01-15',
        horairesAccueil: 'Mo-Fr 09:00-12:00; PH off',
      },
    ],
    services: [
      {
        source: 'soliguide',
        localId: '65aa00000000000000000001',
        structureLocalId: '20401',
        nom: 'Cours de français',
        description: 'Cours de FLE pour adultes.',
        dateMaj: '2026-01-15',
        type: 'formation',
        thematiques: ['lecture-ecriture-calcul--maitriser-le-francais'],
        publics: ['femmes'],
        publicsPrecisions: 'Femmes uniquement',
        frais: 'payant',
        fraisPrecisions: '10 € par an',
        modesAccueil: ['en-presentiel'],
        zone: { type: 'departement', code: '59' },
        modesMobilisation: ['telephoner', 'se-presenter'],
        mobilisablePar: ['usagers', 'professionnels'],
        lienMobilisation: null,
        conditionsAcces: 'Adhésion',
        telephone: null,
        courriel: null,
        contactNomPrenom: null,
        contactPublic: true,
        adresse: '12 rue de Lille',
        codePostal: '59100',
        codeInsee: '59512',
        commune: 'Roubaix',
        latitude: 50.69,
        longitude: 3.18,
        horairesAccueil: 'Mo-Fr 09:00-12:00; PH off',
        volumeHoraireHebdomadaire: null,
        nombreSemaines: null,
      },
    ],
  };

  it('renders places that map back to the world’s values', () => {
    const [place] = renderSoliguide(world);
    expect(place).toMatchObject({
      lieu_id: 20401,
      seo_url: '20401-croix-rouge-roubaix',
      sources: [{ name: 'Croix-Rouge française' }],
    });
    expect(placeToStructure(place!)).toMatchObject({
      id: 'soliguide--20401',
      nom: 'Croix-Rouge - Roubaix',
      adresse: '12 rue de Lille',
      codeInsee: '59512',
      codePostal: '59100',
      telephone: '+33320123456',
      courriel: 'roubaix@croix-rouge.fr',
      description: 'Accueil et aide alimentaire.',
      dateMaj: '2026-01-15',
      reseauxPorteurs: ['croix-rouge'],
      latitude: 50.69,
    });
    const { services, rejected } = placeToServices(place!);
    expect(rejected).toEqual([]);
    expect(services[0]).toMatchObject({
      id: 'soliguide--65aa00000000000000000001',
      nom: 'Cours de français',
      type: 'formation',
      thematiques: ['lecture-ecriture-calcul--maitriser-le-francais'],
      publics: ['femmes'],
      publicsPrecisions: 'Femmes uniquement',
      frais: 'payant',
      fraisPrecisions: '10 € par an',
      conditionsAcces: 'Adhésion',
      modesMobilisation: ['envoyer-un-courriel', 'telephoner', 'se-presenter'],
      zoneEligibilite: ['59'],
    });
    expect(services[0]!.description.startsWith('Cours de FLE pour adultes.')).toBe(true);
  });
});
