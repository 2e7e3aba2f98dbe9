import { describe, expect, it } from 'vitest';
import { distanceKm, EMPTY_SERVICE, pointAtKm, type Service } from '../domain/index.js';
import {
  distanceFor,
  eligibilitySet,
  exclureDoublons,
  geoSearch,
  frenchWords,
  isEligible,
  textIndex,
  parsePublicQuery,
  recherchePublicMatcher,
  roundHalfEven,
  sortResults,
  withinReach,
  type SearchResult,
} from './search.js';

const ORIGIN = { latitude: 50, longitude: 3 };
/** A point `km` due north of ORIGIN on the WGS84 ellipsoid. */
const northKm = (km: number) => pointAtKm(ORIGIN, 0, km);

function sv(id: string, extra: Partial<Service> = {}): Service {
  return {
    ...EMPTY_SERVICE,
    source: 'dora',
    id,
    structureId: `dora--st-${id}`,
    nom: 'Service',
    description: 'Une description.',
    dateMaj: '2025-01-01',
    ...extra,
  };
}

describe('eligibility (zone_eligibilite)', () => {
  const lille = eligibilitySet({ code: '59350', codeDepartement: '59', codeEpci: '200093201' });

  it('is the commune, its département, its EPCI, 99100 and france', () => {
    expect([...lille].sort()).toEqual(['200093201', '59', '59350', '99100', 'france']);
    expect([...eligibilitySet({ code: '59001', codeDepartement: '59', codeEpci: null })].sort()).toEqual([
      '59',
      '59001',
      '99100',
      'france',
    ]);
  });

  it.each<[string, string[] | null, boolean]>([
    ['by commune', ['59350'], true],
    ['by EPCI', ['200093201'], true],
    ['by département', ['59'], true],
    ['national (france)', ['france'], true],
    ['national (99100)', ['99100'], true],
    ['no zone = everywhere', null, true],
    ['one of several codes', ['62', '59350'], true],
    ['another commune', ['59599'], false],
    ['another département', ['62'], false],
    ['a region code (never expanded by search)', ['32'], false],
    ['an empty list overlaps nothing', [], false],
  ])('%s: %j → %s', (_case, zone, expected) => {
    expect(isEligible(sv('x', { zoneEligibilite: zone }), lille)).toBe(expected);
  });

  it('arrondissements are the caller’s business: 75101 does not match a service zoned on 75056', () => {
    const paris1 = eligibilitySet({ code: '75101', codeDepartement: '75', codeEpci: '200054781' });
    expect(isEligible(sv('x', { zoneEligibilite: ['75056'] }), paris1)).toBe(false);
  });
});

describe('reach and distance (50 km)', () => {
  it.each<[string, Partial<Service>, boolean, number | null]>([
    ['on site at 49.6 km', { modesAccueil: ['en-presentiel'], ...northKm(49.6) }, true, 50],
    ['on site at 50.4 km', { modesAccueil: ['en-presentiel'], ...northKm(50.4) }, false, null],
    ['on site at 2.4 km', { modesAccueil: ['en-presentiel'], ...northKm(2.4) }, true, 2],
    ['remote only, far away', { modesAccueil: ['a-distance'], ...northKm(300) }, true, null],
    ['remote only, near', { modesAccueil: ['a-distance'], ...northKm(2) }, true, null],
    ['remote only, no coordinates', { modesAccueil: ['a-distance'] }, true, null],
    [
      'mixed, far away: in via a-distance, no distance',
      { modesAccueil: ['en-presentiel', 'a-distance'], ...northKm(300) },
      true,
      null,
    ],
    ['mixed, near', { modesAccueil: ['en-presentiel', 'a-distance'], ...northKm(10.2) }, true, 10],
    ['on site without coordinates', { modesAccueil: ['en-presentiel'] }, false, null],
    ['unknown mode, near: in, but no distance', { modesAccueil: null, ...northKm(5) }, true, null],
  ])('%s → reach %s, distance %s', (_case, extra, reach, distance) => {
    const s = sv('x', extra);
    expect(withinReach(s, ORIGIN)).toBe(reach);
    expect(distanceFor(s, ORIGIN)).toBe(distance);
  });

  it('takes a custom radius', () => {
    const s = sv('x', { modesAccueil: ['en-presentiel'], ...northKm(20) });
    expect(withinReach(s, ORIGIN, 10)).toBe(false);
    expect(distanceFor(s, ORIGIN, 10)).toBeNull();
  });

  it.each([
    [2.5, 2],
    [3.5, 4],
    [2.4999, 2],
    [2.5001, 3],
    [0, 0],
  ])('rounds %d km like PostgreSQL’s cast → %d', (km, expected) => {
    expect(roundHalfEven(km)).toBe(expected);
  });
});

describe('sortResults and geoSearch', () => {
  it('sorts by distance ascending, nulls last, then id', () => {
    const r = (id: string, distance: number | null): SearchResult => ({ service: sv(id), distance });
    const sorted = sortResults([r('c', 3), r('a', null), r('b', 3), r('d', 1), r('0', null)]);
    expect(sorted.map((x) => `${x.service.id}:${x.distance}`)).toEqual(['d:1', 'b:3', 'c:3', '0:null', 'a:null']);
  });

  it('applies eligibility, reach and distance, then sorts', () => {
    const services = [
      sv('far-on-site', { modesAccueil: ['en-presentiel'], ...northKm(80), zoneEligibilite: ['59'] }),
      sv('near', { modesAccueil: ['en-presentiel'], ...northKm(3), zoneEligibilite: ['59350'] }),
      sv('not-eligible', { modesAccueil: ['en-presentiel'], ...northKm(1), zoneEligibilite: ['62'] }),
      sv('remote', { modesAccueil: ['a-distance'], zoneEligibilite: ['france'] }),
      sv('nearest', { modesAccueil: ['en-presentiel'], ...northKm(0.3) }),
    ];
    const place = { commune: { code: '59350', codeDepartement: '59', codeEpci: '200093201' }, origin: ORIGIN };
    expect(geoSearch(services, place).map((r) => [r.service.id, r.distance])).toEqual([
      ['nearest', 0],
      ['near', 3],
      ['remote', null],
    ]);
    // Without a commune d·i applies no geo logic at all.
    expect(geoSearch(services, null).map((r) => [r.service.id, r.distance])).toEqual(
      ['far-on-site', 'near', 'nearest', 'not-eligible', 'remote'].map((id) => [id, null]),
    );
  });
});

describe('exclureDoublons', () => {
  const result = (id: string, structureId: string, distance: number | null = null): SearchResult => ({
    service: sv(id, { structureId }),
    distance,
  });
  const clusters: Record<string, string> = { 'dora--a': 'K', 'soliguide--b': 'K', 'fredo--c': 'K' };
  const clusterOf = (id: string) => clusters[id] ?? null;

  it.each<[string, Record<string, number>, Record<string, string | null>, string[]]>([
    ['best score wins', { 'dora--a': 0.8, 'soliguide--b': 0.9, 'fredo--c': 0.1 }, {}, ['s-b1', 's-b2', 's-alone']],
    [
      'equal scores: most recent date_maj',
      { 'dora--a': 0.8, 'soliguide--b': 0.8, 'fredo--c': 0.8 },
      { 'dora--a': '2025-03-01', 'soliguide--b': '2025-01-01', 'fredo--c': '2024-01-01' },
      ['s-a', 's-alone'],
    ],
    [
      'null dates rank last',
      { 'dora--a': 0.8, 'soliguide--b': 0.8, 'fredo--c': 0.8 },
      { 'dora--a': null, 'soliguide--b': null, 'fredo--c': '2020-01-01' },
      ['s-alone', 's-c'],
    ],
    ['full tie: every tied structure is kept (dense rank)', {}, {}, ['s-a', 's-b1', 's-b2', 's-alone', 's-c']],
    [
      'tie on score and date: both kept, the lower one dropped',
      { 'dora--a': 0.8, 'soliguide--b': 0.8, 'fredo--c': 0.8 },
      { 'dora--a': '2025-03-01', 'soliguide--b': '2025-03-01', 'fredo--c': '2025-02-28' },
      ['s-a', 's-b1', 's-b2', 's-alone'],
    ],
    [
      'a dated structure ranks before an undated one of the same score',
      { 'dora--a': 0.8, 'soliguide--b': 0.8, 'fredo--c': 0.8 },
      { 'dora--a': null, 'soliguide--b': '2000-01-01', 'fredo--c': null },
      ['s-b1', 's-b2', 's-alone'],
    ],
  ])('%s', (_case, scores, dates, kept) => {
    const results = [
      result('s-a', 'dora--a', 1),
      result('s-b1', 'soliguide--b', 2),
      result('s-alone', 'dora--z', 3),
      result('s-b2', 'soliguide--b'),
      result('s-c', 'fredo--c'),
    ];
    const out = exclureDoublons(
      results,
      clusterOf,
      (id) => scores[id] ?? 0,
      (id) => dates[id] ?? null,
    );
    expect(out.map((r) => r.service.id).sort()).toEqual(kept.sort());
  });

  it('chooses among the structures still present after the other filters, and keeps the order', () => {
    const scores: Record<string, number> = { 'dora--a': 0.5, 'soliguide--b': 0.9, 'fredo--c': 0.7 };
    const filtered = [result('s-c', 'fredo--c', 4), result('s-a', 'dora--a', 5), result('s-alone', 'dora--z', 6)];
    const out = exclureDoublons(
      filtered,
      clusterOf,
      (id) => scores[id] ?? 0,
      () => null,
    );
    expect(out.map((r) => r.service.id)).toEqual(['s-c', 's-alone']);
  });
});

describe('recherchePublic', () => {
  const svc = (publics: string[] | null, publicsPrecisions: string | null = null) => ({ publics, publicsPrecisions });

  // data·inclusion's API cases for recherche_public over publics_precisions (the services list and
  // search share them): the service, what was typed, whether it is found.
  it.each<[string, string, boolean]>([
    ['jeunes moins de 18 ans', 'jeunes', true],
    ['jeune moins de 18 ans', 'jeunes', true],
    ['jeunes et personne age', 'vieux', false],
    ['jeunes et personne age', 'personne OR vieux', true],
    ['jeunes et personne age', 'personne jeune', true],
    ['jeunes et personne age', 'jeunes -personne', false],
    ['jeunes et personne age', '"personne jeune"', false],
    ['jeunes et personne agee', 'âgée', true],
  ])('test_can_filter_resources_by_publics_precisions[%s-%s]', (precisions, input, found) => {
    expect(recherchePublicMatcher(input)(svc(null, precisions))).toBe(found);
    expect(recherchePublicMatcher(input)(svc(null, 'tests'))).toBe(false);
  });

  // …and over the publics values alone (précisions empty).
  it.each<[string[], string, boolean]>([
    [['femmes'], 'femme', true],
    [['jeunes'], 'jeune', true],
    [['femmes'], 'jeune', false],
    [['personnes-en-situation-de-handicap'], 'handicap jeune difficulte', false],
  ])('test_can_filter_resources_by_profils_precisions_with_only_profils_data[%j-%s]', (publics, input, found) => {
    expect(recherchePublicMatcher(input)(svc(publics, ''))).toBe(found);
    expect(recherchePublicMatcher(input)(svc(['etudiants'], ''))).toBe(false);
  });

  it('takes each index alone: the words may not be split between publics and précisions', () => {
    const s = svc(['femmes'], 'victimes de violences');
    expect(recherchePublicMatcher('femmes victimes')(s)).toBe(false);
    expect(recherchePublicMatcher('victimes violence')(s)).toBe(true);
    expect(recherchePublicMatcher('femme')(s)).toBe(true);
  });

  it('stems French words and ignores accents and case', () => {
    expect(recherchePublicMatcher('HANDICAPÉES')(svc(['personnes-en-situation-de-handicap']))).toBe(false);
    expect(recherchePublicMatcher('handicapées')(svc(null, 'Personnes HANDICAPEES'))).toBe(true);
    expect(recherchePublicMatcher('handicapés')(svc(['personnes-en-situation-de-handicap']))).toBe(true);
    expect(recherchePublicMatcher('étudiante')(svc(null, 'étudiants boursiers'))).toBe(true);
    expect(recherchePublicMatcher('sœurs')(svc(null, 'soeur'))).toBe(true);
    expect(recherchePublicMatcher('sénior')(svc(['seniors']))).toBe(true);
  });

  it('a query of stop words only matches nothing, as an empty tsquery', () => {
    expect(parsePublicQuery(' de la ')).toEqual([]);
    expect(recherchePublicMatcher(' de la ')(svc(['familles'], 'de la'))).toBe(false);
    expect(recherchePublicMatcher('')(svc(['familles']))).toBe(false);
  });

  it('counts stop words in phrase offsets, and ignores or at either end', () => {
    expect(frenchWords('jeunes et personne âgée')).toEqual(['jeun', null, 'person', 'age']);
    expect(recherchePublicMatcher('"jeunes et personne"')(svc(null, 'jeunes et personnes'))).toBe(true);
    expect(recherchePublicMatcher('"jeunes personne"')(svc(null, 'jeunes et personnes'))).toBe(false);
    expect(recherchePublicMatcher('or jeunes or')(svc(null, 'jeunes'))).toBe(true);
    expect(parsePublicQuery('de or or b')).toEqual(parsePublicQuery('b'));
    expect(recherchePublicMatcher("l'emploi")(svc(null, 'accès à l emploi'))).toBe(true);
  });

  it('an excluded term alone matches the texts without it; null publics have no index at all', () => {
    expect(recherchePublicMatcher('-jeunes')(svc(null, 'seniors'))).toBe(true);
    expect(recherchePublicMatcher('-jeunes')(svc(null, 'jeunes'))).toBe(false);
    expect(recherchePublicMatcher('-jeunes')(svc([], 'jeunes'))).toBe(true);
    expect(recherchePublicMatcher('-jeunes')(svc(['jeunes'], null))).toBe(true);
  });
});

describe('pinned by mutation testing', () => {
  const svc = (publics: string[] | null, publicsPrecisions: string | null = null) => ({ publics, publicsPrecisions });

  it('puts the EPCI in the eligibility set', () => {
    expect(eligibilitySet({ code: '69123', codeDepartement: '69', codeEpci: '200046977' }).has('200046977')).toBe(true);
  });

  it('needs an origin and both coordinates for a distance; null modes are neither on site nor remote', () => {
    const on = { modesAccueil: ['en-presentiel'] as const };
    expect(withinReach({ ...on, latitude: 50, longitude: null }, ORIGIN)).toBe(false);
    expect(withinReach({ ...on, latitude: null, longitude: 3 }, ORIGIN)).toBe(false);
    expect(withinReach({ ...on, latitude: 50, longitude: 3 }, null)).toBe(false);
    expect(distanceFor({ ...on, latitude: 50, longitude: null }, ORIGIN)).toBeNull();
    expect(distanceFor({ ...on, latitude: null, longitude: 3 }, ORIGIN)).toBeNull();
    expect(distanceFor({ ...on, latitude: 50, longitude: 3 }, null)).toBeNull();
    expect(withinReach({ modesAccueil: null, latitude: null, longitude: null }, ORIGIN)).toBe(false);
    // A missing coordinate is not 0: near the equator or the prime meridian it would be within reach.
    expect(withinReach({ ...on, latitude: null, longitude: 3 }, { latitude: 0.1, longitude: 3 })).toBe(false);
    expect(withinReach({ ...on, latitude: 45, longitude: null }, { latitude: 45, longitude: 0.1 })).toBe(false);
  });

  it('includes a service exactly at the radius', () => {
    const at = { modesAccueil: ['en-presentiel'] as const, ...northKm(10) };
    const radius = distanceKm(ORIGIN, at);
    expect(withinReach(at, ORIGIN, radius)).toBe(true);
    expect(distanceFor(at, ORIGIN, radius)).toBe(10);
    expect(withinReach({ modesAccueil: null, latitude: 60, longitude: 3 }, ORIGIN)).toBe(false);
  });

  it('sorts larger distances after smaller ones whatever the input order', () => {
    const r = (id: string, distance: number | null): SearchResult => ({ service: sv(id), distance });
    expect(sortResults([r('a', 5), r('b', 3), r('c', null), r('d', 4)]).map((x) => x.service.id)).toEqual([
      'b',
      'd',
      'a',
      'c',
    ]);
  });

  it('exclureDoublons: a later date_maj met after an earlier one takes the rank', () => {
    const res = (id: string, structureId: string): SearchResult => ({
      service: sv(id, { structureId }),
      distance: null,
    });
    const dates: Record<string, string> = { old: '2020-01-01', new: '2024-06-01' };
    const out = exclureDoublons(
      [res('s-old', 'old'), res('s-new', 'new')],
      () => 'K',
      () => 0.6,
      (id) => dates[id],
    );
    expect(out.map((r) => r.service.id)).toEqual(['s-new']);
  });

  it('reads texts word by word from position 1, stop words holding a place', () => {
    expect(frenchWords('')).toEqual([]);
    expect(frenchWords('  ')).toEqual([]);
    expect(textIndex('jeunes et jeunes personnes')).toEqual(
      new Map([
        ['jeun', [1, 3]],
        ['person', [4]],
      ]),
    );
    expect(frenchWords('Œuvre cæcum ÆGIS')).toEqual(frenchWords('oeuvre caecum aegis'));
    expect(frenchWords('16ans ans16 75011')).toEqual(['16ans', 'ans16', '75011']);
  });

  it('reads an unclosed quote as a phrase to the end, a hyphen inside a word as a phrase', () => {
    const s = svc(null, 'jeunes et personne age');
    expect(recherchePublicMatcher('"personne jeune')(s)).toBe(false);
    expect(recherchePublicMatcher('"personne age')(s)).toBe(true);
    expect(recherchePublicMatcher('aide-ménagère')(svc(null, 'aide ménagère'))).toBe(true);
    expect(recherchePublicMatcher('"personne vieux"')(s)).toBe(false);
    expect(recherchePublicMatcher('"de jeunes personnes"')(svc(null, 'jeunes personnes'))).toBe(true);
  });

  it('joins the publics values with spaces, and reads null précisions as an empty text', () => {
    expect(recherchePublicMatcher('jeunes')(svc(['femmes', 'jeunes']))).toBe(true);
    expect(recherchePublicMatcher('here')(svc(null, null))).toBe(false);
  });
});

/**
 * data·inclusion's search tests about distance, same places and expectations. Their origins are the
 * test's coordinates, or the commune's centre where the test gives none (Roubaix's embedded centre).
 */
describe('data·inclusion’s distance cases', () => {
  const DUNKERQUE = { latitude: 51.0361, longitude: 2.377 };
  const HAZEBROUCK = { latitude: 50.7262, longitude: 2.5387 };
  const LILLE = { latitude: 50.633333, longitude: 3.066667 };
  const PARIS = { latitude: 48.866667, longitude: 2.333333 };
  const LE_MANS = { latitude: 48.003954, longitude: 0.199134 };
  const ROUBAIX_CENTRE = { latitude: 50.69421, longitude: 3.17456 };
  const NORD = { code: '59512', codeDepartement: '59', codeEpci: '200093201' };
  const onSite = (id: string, at: { latitude: number; longitude: number } | null) =>
    sv(id, { modesAccueil: ['en-presentiel'], latitude: at?.latitude ?? null, longitude: at?.longitude ?? null });
  const found = (services: Service[], origin: { latitude: number; longitude: number }) =>
    geoSearch(services, { commune: NORD, origin }).map((r) => [r.service.id, r.distance]);

  it('sample distance: Lille from Hazebrouck is 39 km', () =>
    expect(found([onSite('lille', LILLE), onSite('nowhere', null)], HAZEBROUCK)).toEqual([['lille', 39]]));

  it('too far: from Roubaix only Lille; from Le Mans nothing; from Hazebrouck both, Dunkerque first', () => {
    const services = [onSite('lille', LILLE), onSite('dunkerque', DUNKERQUE), onSite('nowhere', null)];
    expect(found(services, ROUBAIX_CENTRE)).toEqual([['lille', 10]]);
    expect(found(services, LE_MANS)).toEqual([]);
    expect(found(services, HAZEBROUCK)).toEqual([
      ['dunkerque', 36],
      ['lille', 39],
    ]);
  });

  it('ordering: from Roubaix, Lille then Hazebrouck, both within 50 km', () =>
    expect(found([onSite('hazebrouck', HAZEBROUCK), onSite('lille', LILLE)], ROUBAIX_CENTRE)).toEqual([
      ['lille', 10],
      ['hazebrouck', 45],
    ]));

  it('mixed modes far away: Paris from Lille is kept as remote, without distance', () =>
    expect(found([sv('paris', { modesAccueil: ['en-presentiel', 'a-distance'], ...PARIS })], LILLE)).toEqual([
      ['paris', null],
    ]));
});

/** The mean-sphere (haversine) distance the gateway used before, to show where it and the ellipsoid part. */
function sphereKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h =
    Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 +
    Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
}

describe('reach and distance on the ellipsoid, where the sphere says otherwise', () => {
  const LILLE = { latitude: 50.633333, longitude: 3.066667 };

  it('drops a point 50.1 km due east of Lille, which the sphere puts within 50 km', () => {
    const p = pointAtKm(LILLE, 90, 50.1);
    expect(sphereKm(LILLE, p)).toBeLessThan(50);
    const s = sv('x', { modesAccueil: ['en-presentiel'], ...p });
    expect(withinReach(s, LILLE)).toBe(false);
    expect(distanceFor(s, LILLE)).toBeNull();
  });

  it('keeps a point 49.99 km due east of Lille, at 50 km', () => {
    const s = sv('x', { modesAccueil: ['en-presentiel'], ...pointAtKm(LILLE, 90, 49.99) });
    expect(withinReach(s, LILLE)).toBe(true);
    expect(distanceFor(s, LILLE)).toBe(50);
  });

  it('rounds 10.51 km due east of Lille to 11, which the sphere measures under 10.5', () => {
    const p = pointAtKm(LILLE, 90, 10.51);
    expect(sphereKm(LILLE, p)).toBeLessThan(10.5);
    expect(distanceFor(sv('x', { modesAccueil: ['en-presentiel'], ...p }), LILLE)).toBe(11);
  });
});
