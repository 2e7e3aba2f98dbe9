import { describe, expect, it } from 'vitest';
import { EMPTY_SERVICE, type Service } from '../domain/index.js';
import { computedScore, CRITERIA, meanScore, round2, scoreCriteria, scoreQualite, structureScore } from './score.js';

const TODAY = '2025-12-31';
const text = (n: number) => 'x'.repeat(n);

function sv(extra: Partial<Service> = {}): Service {
  return {
    ...EMPTY_SERVICE,
    source: 'dora',
    id: 'dora--s',
    structureId: 'dora--st',
    nom: 'Service',
    description: text(300),
    dateMaj: TODAY,
    ...extra,
  };
}

const criterion = (name: string, s: Service) => CRITERIA[name]!(s, TODAY);

describe('score_qualite criteria (docs/data-inclusion.md#quality-score)', () => {
  it.each<[string, Partial<Service>, number | null]>([
    ['adresse_bien_definie', {}, null],
    ['adresse_bien_definie', { modesAccueil: ['a-distance'] }, null],
    ['adresse_bien_definie', { modesAccueil: ['en-presentiel'] }, 0],
    ['adresse_bien_definie', { modesAccueil: ['en-presentiel'], adresse: '1 rue de la Paix' }, 1],
    ['adresse_bien_definie', { modesMobilisation: ['se-presenter'] }, 0],
    ['adresse_bien_definie', { modesMobilisation: ['se-presenter'], adresse: '1 rue de la Paix' }, 1],
    ['modes_mobilisation_bien_definis', {}, 0],
    ['modes_mobilisation_bien_definis', { modesMobilisation: ['telephoner'] }, 0.5],
    ['modes_mobilisation_bien_definis', { mobilisablePar: ['usagers'] }, 0.5],
    ['modes_mobilisation_bien_definis', { modesMobilisation: ['telephoner'], mobilisablePar: ['usagers'] }, 1],
    ['au_moins_un_public', {}, 0],
    ['au_moins_un_public', { publics: [] }, 0],
    ['au_moins_un_public', { publics: ['familles'] }, 1],
    ['au_moins_une_thematique', { thematiques: [] }, 0],
    ['au_moins_une_thematique', { thematiques: ['famille--garde-denfants'] }, 1],
    ['au_moins_un_moyen_de_contact', {}, 0],
    ['au_moins_un_moyen_de_contact', { courriel: 'a@b.fr' }, 1],
    ['au_moins_un_moyen_de_contact', { telephone: '+33320000000' }, 1],
    ['au_moins_un_moyen_de_contact', { lienMobilisation: 'https://rdv.example/' }, 1],
    ['courriel_bien_defini', { courriel: 'a@b.fr' }, null],
    ['courriel_bien_defini', { modesMobilisation: ['envoyer-un-courriel'] }, 0],
    ['courriel_bien_defini', { modesMobilisation: ['envoyer-un-courriel'], courriel: 'a@b.fr' }, 1],
    ['telephone_bien_defini', { telephone: '+33320000000' }, null],
    ['telephone_bien_defini', { modesMobilisation: ['telephoner'] }, 0],
    ['telephone_bien_defini', { modesMobilisation: ['telephoner'], telephone: '+33320000000' }, 1],
    ['date_maj_recente', { dateMaj: '2025-12-31' }, 1],
    ['date_maj_recente', { dateMaj: '2025-07-05' }, 1], // 179 days
    ['date_maj_recente', { dateMaj: '2025-07-04' }, 0], // exactly 180 days: neither under 6 months nor strictly between
    ['date_maj_recente', { dateMaj: '2025-07-03' }, (730 - 181) / 550],
    ['date_maj_recente', { dateMaj: '2026-01-10' }, 1], // 10 days ahead
    ['date_maj_recente', { dateMaj: '2026-12-31' }, (730 - 365) / 550], // a year ahead ages like a year ago
    ['date_maj_recente', { dateMaj: '2028-01-01' }, 0], // 731 days ahead
    ['date_maj_recente', { dateMaj: '' }, 0], // not a date
    ['date_maj_recente', { dateMaj: '2024-10-02' }, 0.5], // 455 days: halfway from 180 to 730
    ['date_maj_recente', { dateMaj: '2024-01-01' }, 0], // 730 days
    ['date_maj_recente', { dateMaj: '2019-01-01' }, 0],
    ['date_maj_recente', { source: 'france-travail', dateMaj: '2019-01-01' }, null],
    ['date_maj_recente', { source: 'agefiph', dateMaj: '2019-01-01' }, null],
    ['frais_bien_definis', {}, 0],
    ['frais_bien_definis', { frais: 'gratuit' }, 1],
    ['frais_bien_definis', { frais: 'payant' }, 0.5],
    ['frais_bien_definis', { frais: 'payant', fraisPrecisions: '2 € le repas' }, 1],
    ['description_bien_definie', { description: text(49) }, 0],
    ['description_bien_definie', { description: text(50) }, 0.5],
    ['description_bien_definie', { description: text(199) }, 0.5],
    ['description_bien_definie', { description: text(200) }, 1],
    ['description_bien_definie', { description: text(1999) }, 1],
    ['description_bien_definie', { description: text(2000) }, 0.5],
    ['description_bien_definie', { description: text(10_000) }, 0.5],
    ['description_bien_definie', { description: `${'é'.repeat(199)}\u{1F600}` }, 1], // code points, as Python's len
  ])('%s with %j → %s', (name, extra, expected) => {
    expect(criterion(name, sv(extra))).toBe(expected);
  });

  it('decays linearly between 6 months and 2 years', () => {
    expect(criterion('date_maj_recente', sv({ dateMaj: '2025-01-20' }))).toBeCloseTo((730 - 345) / 550, 10);
  });

  it('lists exactly the ten v1 criteria', () => {
    expect(Object.keys(scoreCriteria(sv(), TODAY))).toEqual([
      'adresse_bien_definie',
      'modes_mobilisation_bien_definis',
      'au_moins_un_public',
      'au_moins_une_thematique',
      'au_moins_un_moyen_de_contact',
      'courriel_bien_defini',
      'date_maj_recente',
      'frais_bien_definis',
      'description_bien_definie',
      'telephone_bien_defini',
    ]);
  });
});

describe('scoreQualite', () => {
  const complete = sv({
    modesAccueil: ['en-presentiel'],
    adresse: '1 rue de la Paix',
    modesMobilisation: ['telephoner', 'envoyer-un-courriel'],
    mobilisablePar: ['usagers'],
    publics: ['familles'],
    thematiques: ['famille--garde-denfants'],
    telephone: '+33320000000',
    courriel: 'a@b.fr',
    frais: 'gratuit',
  });

  it.each<[string, Service, number]>([
    ['every criterion met', complete, 1],
    // 7 applicable: modes 0, public 0, thématique 0, contact 0, date 1, frais 0, description 1 → 2/7.
    ['bare service', sv(), 0.29],
    // 8 applicable summing to 5 → 0.625 → 0.62 (ties to even, like Python).
    [
      'exact tie rounds to even',
      sv({
        modesMobilisation: ['telephoner'],
        mobilisablePar: ['usagers'],
        telephone: '+33320000000',
        frais: 'gratuit',
        description: text(10),
      }),
      0.62,
    ],
    // 10 applicable: 8 at 1, description 0, freshness 551 days old → (730 − 551) / 550 = 0.33 → 8.33 / 10 = 0.83.
    ['interpolated freshness', { ...complete, dateMaj: '2024-06-28', description: text(10) }, 0.83],
    ['France Travail: no freshness criterion', { ...complete, source: 'france-travail', dateMaj: '2019-01-01' }, 1],
  ])('%s → %d', (_case, service, expected) => {
    expect(scoreQualite(service, TODAY)).toBe(expected);
  });

  it('structure score is the rounded mean of its services, 0 without services', () => {
    expect(structureScore([], TODAY)).toBe(0);
    expect(structureScore([complete, sv()], TODAY)).toBe(0.65); // (1 + 0.29) / 2 = 0.645 → 0.65 (0.645 is above the tie in binary)
    expect(meanScore([0.5, 0.75])).toBe(0.62); // exactly 0.625: ties to even, as Python
  });
});

describe('round2 (Python round(x, 2))', () => {
  it.each([
    [0.625, 0.62],
    [0.375, 0.38],
    [0.125, 0.12],
    [0.875, 0.88],
    [2.675, 2.67],
    [1.005, 1],
    [0.135, 0.14],
    [2 / 3, 0.67],
    [1, 1],
    [0, 0],
  ])('round2(%d) = %d', (x, expected) => expect(round2(x)).toBe(expected));
});

describe('an empty string is not a filled field', () => {
  it.each<[string, Partial<Service>, number]>([
    ['adresse_bien_definie', { modesAccueil: ['en-presentiel'], adresse: '' }, 0],
    ['au_moins_un_moyen_de_contact', { courriel: '', lienMobilisation: '', telephone: '' }, 0],
    ['courriel_bien_defini', { modesMobilisation: ['envoyer-un-courriel'], courriel: '' }, 0],
    ['telephone_bien_defini', { modesMobilisation: ['telephoner'], telephone: '' }, 0],
    ['frais_bien_definis', { frais: 'payant', fraisPrecisions: '' }, 0.5],
  ])('%s with %o gives %s', (name, extra, want) => expect(criterion(name, sv(extra))).toBe(want));
});

describe('a score data·inclusion published', () => {
  it('is kept for its records, whatever the criteria say', () => {
    expect(scoreQualite(sv({ scoreQualite: 0.78 }), TODAY)).toBe(0.78);
    expect(scoreQualite(sv({ scoreQualite: 0 }), TODAY)).toBe(0);
    expect(computedScore(sv({ scoreQualite: 0.78 }), TODAY)).toBe(0.29);
  });

  it('is computed when the record carries none', () => {
    expect(scoreQualite(sv({ scoreQualite: null }), TODAY)).toBe(0.29);
    expect(scoreQualite(sv(), TODAY)).toBe(0.29);
  });
});

// data·inclusion's own score tests (its schema package's score_qualite tests, as the pipeline runs
// them), one test per case, named after it: same service, same expected value. Their factory: id,
// structure_id, nom, source "3", date_maj today, a 500-character description; today is 2024-01-01
// where they freeze the clock.
describe('data·inclusion score_qualite cases', () => {
  const DI_TODAY = '2024-01-01';
  const di = (extra: Partial<Service> = {}): Service => ({
    ...EMPTY_SERVICE,
    source: '3',
    id: '1',
    structureId: '2',
    nom: 'foo',
    description: '.'.repeat(500),
    dateMaj: DI_TODAY,
    ...extra,
  });
  const crit = (name: string, s: Service) => CRITERIA[name]!(s, DI_TODAY);

  it.each<[string, string, Partial<Service>, number | null]>([
    ['adresse_bien_definie', 'sans_adresse_ok', { adresse: null }, null],
    ['adresse_bien_definie', 'se_presenter_sans_adresse', { modesMobilisation: ['se-presenter'] }, 0],
    ['adresse_bien_definie', 'en_presentiel_sans_adresse', { modesAccueil: ['en-presentiel'] }, 0],
    [
      'adresse_bien_definie',
      'se_presenter_avec_adresse',
      { adresse: '1 rue de la paix', modesMobilisation: ['se-presenter'] },
      1,
    ],
    [
      'adresse_bien_definie',
      'en_presentiel_avec_adresse',
      { adresse: '1 rue de la paix', modesAccueil: ['en-presentiel'] },
      1,
    ],
    ['telephone_bien_defini', 'sans_telephone_ok', { telephone: null }, null],
    ['telephone_bien_defini', 'telephoner_sans_telephone', { modesMobilisation: ['telephoner'] }, 0],
    ['telephone_bien_defini', 'telephoner_avec_telephone', { telephone: '3615', modesMobilisation: ['telephoner'] }, 1],
    ['courriel_bien_defini', 'sans_telephone_ok', { courriel: null }, null],
    ['courriel_bien_defini', 'envoyer_un_mail_sans_courriel', { modesMobilisation: ['envoyer-un-courriel'] }, 0],
    [
      'courriel_bien_defini',
      'envoyer_un_mail_avec_courriel',
      { courriel: 'lorem@ipsum.dolor', modesMobilisation: ['envoyer-un-courriel'] },
      1,
    ],
    ['au_moins_une_thematique', 'nul', { thematiques: null }, 0],
    ['au_moins_une_thematique', 'vide', { thematiques: [] }, 0],
    ['au_moins_une_thematique', 'thematique_definie', { thematiques: ['famille'] }, 1],
    ['au_moins_un_public', 'nul', { publics: null }, 0],
    ['au_moins_un_public', 'public_defini', { publics: ['femmes'] }, 1],
    ['modes_mobilisation_bien_definis', 'nuls', {}, 0],
    ['modes_mobilisation_bien_definis', 'sans_modes_mobilisation', { mobilisablePar: ['professionnels'] }, 0.5],
    ['modes_mobilisation_bien_definis', 'sans_personnes_mobilisatrices', { modesMobilisation: ['telephoner'] }, 0.5],
    [
      'modes_mobilisation_bien_definis',
      'complets',
      { modesMobilisation: ['telephoner'], mobilisablePar: ['professionnels'] },
      1,
    ],
    ['au_moins_un_moyen_de_contact', 'aucunes_coordonnees', {}, 0],
    ['au_moins_un_moyen_de_contact', 'telephone_defini', { telephone: '3615' }, 1],
    ['au_moins_un_moyen_de_contact', 'courriel_defini', { courriel: 'lorem@ipsum.dolor' }, 1],
    ['au_moins_un_moyen_de_contact', 'lien_mobilisation_defini', { lienMobilisation: 'https://foo.bar' }, 1],
    // The v1.0.8 thresholds (50 / 200 / 2 000 characters): the cases' lengths, today's expected values.
    ['description_bien_definie', 'description_bien_trop_courte', { description: '.'.repeat(100) }, 0.5],
    ['description_bien_definie', 'description_assez_courte', { description: '.'.repeat(300) }, 1],
    ['description_bien_definie', 'description_longue', { description: '.'.repeat(400) }, 1],
    ['frais_bien_definis', 'frais_non_definis', { frais: null }, 0],
    ['frais_bien_definis', 'avec_frais_sans_precisions', { frais: 'payant', fraisPrecisions: null }, 0.5],
    ['frais_bien_definis', 'avec_frais_et_precisions', { frais: 'payant', fraisPrecisions: 'lorem ipsum' }, 1],
    ['frais_bien_definis', 'sans_frais', { frais: 'gratuit' }, 1],
    ['date_maj_recente', 'sources[agefiph]', { source: 'agefiph', dateMaj: '2021-01-01' }, null],
    ['date_maj_recente', 'sources[france-travail]', { source: 'france-travail', dateMaj: '2021-01-01' }, null],
    ['date_maj_recente', 'sources[foobar]', { source: 'foobar', dateMaj: '2021-01-01' }, 0],
  ])('test_critere_%s[%s]', (name, _id, extra, expected) => {
    expect(crit(name, di(extra))).toBe(expected);
  });

  // pytest.approx(expected, rel=0.01): pendulum's durations from 2024-01-01 (6 months back is 2023-07-01, 184 days).
  it.each<[string, string, number]>([
    ['aujourdhui', '2024-01-01', 1],
    ['6_mois', '2023-07-01', 1],
    ['entre_6_mois_et_2_ans', '2022-10-01', 0.5],
    ['2_ans', '2022-01-01', 0],
  ])('test_critere_date_maj_recente[%s]', (_id, dateMaj, expected) => {
    const got = crit('date_maj_recente', di({ dateMaj }))!;
    expect(Math.abs(got - expected)).toBeLessThanOrEqual(0.01 * expected);
  });

  const parfait = di({
    thematiques: ['famille'],
    frais: 'gratuit',
    publics: ['femmes'],
    telephone: '3615',
    modesMobilisation: ['telephoner'],
    mobilisablePar: ['professionnels'],
  });
  const presqueParfait = di({
    adresse: '1 rue de la paix',
    telephone: '3615',
    courriel: 'lorem@ipsum.dolor',
    frais: 'payant',
    fraisPrecisions: 'lorem ipsum',
    modesAccueil: ['en-presentiel'],
    modesMobilisation: ['telephoner', 'envoyer-un-courriel'],
    mobilisablePar: ['professionnels'],
    dateMaj: '2021-01-01',
    thematiques: ['famille'],
    publics: ['femmes'],
  });
  it.each<[string, Service, number]>([
    ['service_parfait', parfait, 1],
    // (len(CRITERES) − 1) / len(CRITERES): every criterion applies, only the freshness fails.
    ['service_presque_parfait_sans_date_maj', presqueParfait, 0.9],
    // A 50-character description now scores 0.5 (v1.0.8), the other six applicable criteria 0: 0.5 / 7.
    ['service_faisandé', di({ dateMaj: '2021-01-01', description: '.'.repeat(50) }), 0.07],
  ])('test_score[%s]', (_id, service, expected) => {
    expect(computedScore(service, DI_TODAY)).toBe(expected);
    expect(Object.keys(scoreCriteria(service, DI_TODAY)).sort()).toEqual(Object.keys(CRITERIA).sort());
  });
});
