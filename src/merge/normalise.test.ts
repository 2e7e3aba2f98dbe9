import { describe, expect, it } from 'vitest';
import {
  addressKey,
  fold,
  isDistinctivePhone,
  normaliseAddress,
  normaliseEmail,
  normaliseName,
  normalisePhone,
} from './normalise.js';
import { jaroWinkler, softJaccard, tokensContained } from './similarity.js';

describe('fold', () => {
  it.each([
    ['Épicerie solidaire L’Étape', 'epicerie solidaire l etape'],
    ['Restos du Cœur', 'restos du coeur'],
    ['C.C.A.S. de Lille', 'ccas de lille'],
    ['C.C.A.S de Lille', 'ccas de lille'],
    ['12 r. Jean Jaurès', '12 r jean jaures'],
    ['  SAINT-DENIS  ', 'saint denis'],
  ])('%s → %s', (input, expected) => expect(fold(input)).toBe(expected));
});

describe('normaliseName', () => {
  it.each([
    // CCAS: every spelling of one CCAS is the same name, the commune stays.
    ['CCAS de Roubaix', 'ccas roubaix'],
    ['C.C.A.S. Roubaix', 'ccas roubaix'],
    ['C. C. A. S. de Roubaix', 'ccas roubaix'],
    ['Centre communal d’action sociale de Roubaix', 'ccas roubaix'],
    ["CENTRE COMMUNAL D'ACTION SOCIALE DE ROUBAIX", 'ccas roubaix'],
    ['CCAS - Ville de Roubaix', 'ccas roubaix'],
    ['Centre intercommunal d’action sociale du Pays de Mormal', 'cias pays mormal'],
    // France Services, missions locales, France Travail, centres sociaux.
    ['Espace France Services de Fourmies', 'franceservices fourmies'],
    ['Maison France Services de Fourmies', 'franceservices fourmies'],
    ['France Service Fourmies', 'franceservices fourmies'],
    ['MSAP de Fourmies', 'franceservices fourmies'],
    ['Mission Locale de Lille', 'missionlocale lille'],
    ['ML Lille', 'missionlocale lille'],
    ['Agence Pôle emploi Lille Gare', 'francetravail lille gare'],
    ['France Travail - Lille Gare', 'francetravail lille gare'],
    ['CSC Marcel Pagnol', 'centresocial marcel pagnol'],
    ['Centre social et culturel Marcel Pagnol', 'centresocial marcel pagnol'],
    // Generic words and articles go; the distinctive part stays.
    ['Association L’Escale', 'escale'],
    ['Asso. l’Escale', 'escale'],
    ["L'ESCALE", 'escale'],
    ['Le Relais Emploi', 'relais emploi'],
    ['Espace numérique des Tilleuls', 'numerique tilleuls'],
    ['EPN de Saint-Malo', 'epn saint malo'],
    ['Centre social St-Exupéry', 'centresocial saint exupery'],
  ])('%s → %s', (input, expected) => expect(normaliseName(input)).toBe(expected));

  it('keeps different communes apart', () => {
    expect(normaliseName('CCAS de Roubaix')).not.toBe(normaliseName('CCAS de Tourcoing'));
    expect(normaliseName('Mission locale de Lille')).not.toBe(normaliseName('Mission locale de Lens'));
  });
});

describe('normaliseAddress', () => {
  it.each([
    ['12 rue Jean Jaurès', { numero: '12', voie: ['rue', 'jean', 'jaures'] }],
    ['12, r. Jean Jaurès', { numero: '12', voie: ['rue', 'jean', 'jaures'] }],
    ['12 RUE JEAN JAURES', { numero: '12', voie: ['rue', 'jean', 'jaures'] }],
    ['012 Rue Jean-Jaurès', { numero: '12', voie: ['rue', 'jean', 'jaures'] }],
    [
      '3 bd du Gal de Gaulle BP 123 59000 Lille CEDEX 9',
      { numero: '3', voie: ['boulevard', 'general', 'gaulle', '59000', 'lille'] },
    ],
    ['7 av. de la République', { numero: '7', voie: ['avenue', 'republique'] }],
    ['7 bis avenue de la République', { numero: '7bis', voie: ['avenue', 'republique'] }],
    ['7B avenue de la République', { numero: '7bis', voie: ['avenue', 'republique'] }],
    ['Place de l’Hôtel de Ville', { numero: null, voie: ['place', 'hotel', 'ville'] }],
    ['12', { numero: '12', voie: [] }],
  ])('%s', (input, expected) => expect(normaliseAddress(input)).toEqual(expected));

  it.each([[null], [''], ['  ,  ']])('%j has no address', (input) => expect(normaliseAddress(input)).toBeNull());

  it('gives one key for every spelling of one address', () => {
    const spellings = [
      '109 bis quai de Verdun',
      '109 bis, quai de Verdun',
      '109 bis Quai de Verdun',
      '109 BIS QUAI DE VERDUN',
    ];
    expect(new Set(spellings.map((s) => addressKey(normaliseAddress(s))))).toEqual(new Set(['109bis quai verdun']));
  });
});

describe('phones and e-mails', () => {
  it.each([
    ['03 20 12 34 56', '0320123456'],
    ['+33 3 20 12 34 56', '0320123456'],
    ['+33320123456', '0320123456'],
    ['0262 26 12 34', '0262261234'],
    ['+262262261234', '0262261234'],
    ['39 49', '3949'],
    ['+44 20 7946 0958', '00442079460958'],
    ['not a phone', null],
    [null, null],
  ])('normalisePhone(%j) → %j', (input, expected) => expect(normalisePhone(input)).toBe(expected));

  it.each([
    ['0320123456', true],
    ['0612345678', true],
    ['0972723949', true],
    ['0800123456', false],
    ['3949', false],
    [null, false],
  ])('isDistinctivePhone(%j) → %j', (input, expected) => expect(isDistinctivePhone(input)).toBe(expected));

  it.each([
    [' Contact@Ville-Lille.FR ', 'contact@ville-lille.fr'],
    ['no-at-sign', null],
    ['', null],
  ])('normaliseEmail(%j) → %j', (input, expected) => expect(normaliseEmail(input)).toBe(expected));
});

describe('similarity', () => {
  it.each([
    ['martha', 'marhta', 0.961],
    ['dwayne', 'duane', 0.84],
    ['dixon', 'dicksonx', 0.813],
    ['abc', 'abc', 1],
    ['abc', 'xyz', 0],
  ])('jaroWinkler(%s, %s) ≈ %d', (a, b, expected) => expect(jaroWinkler(a, b)).toBeCloseTo(expected, 3));

  it.each([
    [['ccas'], ['ccas'], 1],
    [['relais'], ['relais', 'emploi'], 0.5],
    [['centresocial', 'jean', 'jaures'], ['centresocial', 'victor', 'hugo'], 0.2],
    [['solidarite', 'nord'], ['solidarites', 'nord'], 1], // a typo in a long word is forgiven
    [['nord'], ['sud'], 0],
    [['ccas'], ['cias'], 0], // short words must be equal
    [[], [], 1],
  ])('softJaccard(%j, %j) = %d', (a, b, expected) => expect(softJaccard(a, b)).toBeCloseTo(expected, 6));

  it('tokensContained', () => {
    expect(tokensContained(['rue', 'jean', 'jaures'], ['rue', 'jean', 'jaures', 'batiment', 'b'])).toBe(true);
    expect(tokensContained(['rue', 'pasteur'], ['rue', 'jean', 'jaures'])).toBe(false);
  });
});

describe('fold details', () => {
  it('expands æ as well as œ', () => expect(fold('Lætitia Cœur')).toBe('laetitia coeur'));
  it('keeps a word glued after a dotted acronym apart from it', () => expect(fold('C.C.A.S.Lille')).toBe('ccas lille'));
  it('joins a dotted acronym followed by a space', () => expect(fold('C.C.A.S. Lille')).toBe('ccas lille'));
});

describe('normaliseAddress details', () => {
  it('drops a BP written without a space before its number', () =>
    expect(normaliseAddress('3 rue Nationale BP12')).toEqual({ numero: '3', voie: ['rue', 'nationale'] }));
  it('splits a glued suffix after a number of several digits', () =>
    expect(normaliseAddress('12bis rue Jean Jaurès')).toEqual({ numero: '12bis', voie: ['rue', 'jean', 'jaures'] }));
  it('does not take a word ending in digits as the house number', () =>
    expect(normaliseAddress('A12 rue Haute')).toEqual({ numero: null, voie: ['a12', 'rue', 'haute'] }));
  it('strips every leading zero of the house number', () =>
    expect(normaliseAddress('007 rue Haute')?.numero).toBe('7'));
  it('takes only an all-digit first word as the house number', () =>
    expect(normaliseAddress('12a rue Haute')).toEqual({ numero: null, voie: ['12a', 'rue', 'haute'] }));
  it('reads a suffix word as a street word when nothing follows it', () =>
    expect(normaliseAddress('12 bis')).toEqual({ numero: '12', voie: ['bis'] }));
  it('gives a key without a leading space when there is no house number', () =>
    expect(addressKey(normaliseAddress('rue Jean Jaurès'))).toBe('rue jean jaures'));
});

describe('whole-value phone and e-mail checks', () => {
  it('a distinctive phone is exactly 10 digits starting 0', () => {
    expect(isDistinctivePhone('03201234567')).toBe(false);
    expect(isDistinctivePhone('10320123456')).toBe(false);
  });
  it('refuses a +33 number with a digit too many (it is no number)', () =>
    expect(normalisePhone('+33 1 23 45 67 89 0')).toBeNull());
  it('keeps an overseas collectivité number, whose national number is not nine digits, as a 00 number', () =>
    expect(normalisePhone('+689 40 41 57 00')).toBe('0068940415700'));
  it('an e-mail with a space inside is refused', () => {
    expect(normaliseEmail('jean dupont@ex.fr')).toBeNull();
    expect(normaliseEmail('jean@ex.fr dupont')).toBeNull();
  });
});
