import { describe, expect, it } from 'vitest';
import { EMPTY_SERVICE, type Service } from '../domain/index.js';
import { CRITERIA, meanScore, round2, scoreCriteria, scoreQualite, structureScore } from './score.js';

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
