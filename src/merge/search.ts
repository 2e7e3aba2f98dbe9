/**
 * data·inclusion's `/search/services` semantics (docs/data-inclusion.md#search-services) as pure functions over
 * domain services: eligibility by `zone_eligibilite`, the 50 km reach, the `distance` field, the
 * sort, `recherche_public` (French full-text over the publics), and `exclure_doublons` (computed
 * after every other filter).
 */
import { StemmerFr } from '@nlpjs/lang-fr';
import frenchStopWords from '../../data/postgresql/french-stop-words.json' with { type: 'json' };
import { compareCodeUnits, distanceKm, normaliseForMatch, type GeoPoint, type Service } from '../domain/index.js';

/** d·i's search radius (`ST_DWithin(…, 50000)`). */
export const SEARCH_RADIUS_KM = 50;

/** What eligibility needs of the searched commune. */
export interface EligibilityCommune {
  readonly code: string;
  readonly codeDepartement: string;
  /** SIREN of the commune's EPCI, null when it has none. */
  readonly codeEpci: string | null;
  /** The arrondissement or commune déléguée/associée the search was asked from, if any. */
  readonly part?: string | null;
}

/**
 * Codes a service's zone_eligibilite must overlap: the commune, its département, its EPCI, "99100"
 * and "france"; and the arrondissement or commune déléguée asked for, if any. `code` is the commune
 * actuelle (75056 for 75111, the commune nouvelle for a déléguée), so services zoned on the whole
 * commune match too (docs/data-inclusion.md#search-services).
 */
export function eligibilitySet(commune: EligibilityCommune): ReadonlySet<string> {
  return new Set([
    ...(commune.part ? [commune.part] : []),
    commune.code,
    commune.codeDepartement,
    ...(commune.codeEpci ? [commune.codeEpci] : []),
    '99100',
    'france',
  ]);
}

/** Eligible when zone_eligibilite is null (everywhere) or overlaps the set; `[]` overlaps nothing, as in SQL. */
export function isEligible(service: Pick<Service, 'zoneEligibilite'>, set: ReadonlySet<string>): boolean {
  return service.zoneEligibilite === null || service.zoneEligibilite.some((z) => set.has(z));
}

type Located = Pick<Service, 'latitude' | 'longitude' | 'modesAccueil'>;

function kmFrom(service: Located, origin: GeoPoint | null): number | null {
  if (origin === null || service.latitude === null || service.longitude === null) return null;
  return distanceKm(origin, { latitude: service.latitude, longitude: service.longitude });
}

/** Kept by the proximity step: own point within the radius (inclusive), or `a-distance` among modes_accueil. */
export function withinReach(service: Located, origin: GeoPoint | null, radiusKm = SEARCH_RADIUS_KM): boolean {
  const km = kmFrom(service, origin);
  return (km !== null && km <= radiusKm) || (service.modesAccueil?.includes('a-distance') ?? false);
}

/** PostgreSQL's float → integer cast (rint): nearest integer, exact halves to even. */
export function roundHalfEven(x: number): number {
  const floor = Math.floor(x);
  const diff = x - floor;
  if (diff !== 0.5) return Math.round(x);
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The `distance` d·i returns: whole km, only for `en-presentiel` services within the radius; else null. */
export function distanceFor(service: Located, origin: GeoPoint | null, radiusKm = SEARCH_RADIUS_KM): number | null {
  if (!(service.modesAccueil?.includes('en-presentiel') ?? false)) return null;
  const km = kmFrom(service, origin);
  return km !== null && km <= radiusKm ? roundHalfEven(km) : null;
}

/** One search result, as `/search/services` returns it. */
export interface SearchResult<S extends Pick<Service, 'id' | 'structureId'> = Service> {
  readonly service: S;
  readonly distance: number | null;
}

/** d·i's order: distance ascending with nulls last, then service id. */
export function sortResults<R extends SearchResult<Pick<Service, 'id' | 'structureId'>>>(results: readonly R[]): R[] {
  return [...results].sort((a, b) => {
    if (a.distance !== b.distance) {
      if (a.distance === null) return 1;
      if (b.distance === null) return -1;
      return a.distance - b.distance;
    }
    return compareCodeUnits(a.service.id, b.service.id);
  });
}

/** Where a search happens: the commune (eligibility) and the origin point (its centre, or lat/lon given). */
export interface SearchPlace {
  readonly commune: EligibilityCommune;
  readonly origin: GeoPoint | null;
}

/**
 * Eligibility, reach, distance and order over services already filtered by the other criteria.
 * Without a place (no `code_commune`), d·i applies no geo logic: every service, distance null.
 */
export function geoSearch<S extends Service>(services: readonly S[], place: SearchPlace | null): SearchResult<S>[] {
  if (place === null) return sortResults(services.map((service) => ({ service, distance: null })));
  const set = eligibilitySet(place.commune);
  return sortResults(
    services
      .filter((s) => isEligible(s, set) && withinReach(s, place.origin))
      .map((service) => ({ service, distance: distanceFor(service, place.origin) })),
  );
}

/** What ranks a structure within its cluster: score_qualite, then date_maj (null lowest). */
interface Rank {
  readonly score: number;
  readonly dateMaj: string | null;
}

/** Positive when `a` ranks before `b`, 0 when tied (d·i's ORDER BY score_qualite DESC, date_maj DESC NULLS LAST). */
function compareRank(a: Rank, b: Rank): number {
  if (a.score !== b.score) return a.score - b.score;
  if (a.dateMaj === b.dateMaj) return 0;
  if (a.dateMaj === null) return -1;
  if (b.dateMaj === null) return 1;
  return a.dateMaj > b.dateMaj ? 1 : -1;
}

/**
 * `exclure_doublons`: keeps the results whose structure has rank 1 in its cluster, among the
 * structures present in `results` (so run it after the other filters): a dense rank on
 * score_qualite DESC then date_maj DESC NULLS LAST, so every structure tied on both is kept.
 * `clusterOf` returns null for an unclustered structure (its own cluster, like d·i's
 * COALESCE(_cluster_id, id)). Order is preserved.
 */
export function exclureDoublons<R extends SearchResult<Pick<Service, 'id' | 'structureId'>>>(
  results: readonly R[],
  clusterOf: (structureId: string) => string | null | undefined,
  structureScore: (structureId: string) => number,
  dateMaj: (structureId: string) => string | null | undefined,
): R[] {
  const rankOf = (id: string): Rank => ({ score: structureScore(id), dateMaj: dateMaj(id) ?? null });
  const keyOf = (id: string): string => clusterOf(id) ?? id;
  const best = new Map<string, Rank>();
  for (const { service } of results) {
    const key = keyOf(service.structureId);
    const rank = rankOf(service.structureId);
    const current = best.get(key);
    if (current === undefined || compareRank(rank, current) > 0) best.set(key, rank);
  }
  return results.filter(
    ({ service }) => compareRank(rankOf(service.structureId), best.get(keyOf(service.structureId))!) === 0,
  );
}

const STOP_WORDS: ReadonlySet<string> = new Set(frenchStopWords);
const stemmer = new StemmerFr();

/**
 * The words of a text as PostgreSQL's `to_tsvector` reads them under d·i's French configuration,
 * in order, one position each: letters and digits, accents removed, lower-cased; a stop word keeps
 * its position but gives no lexeme (null). Stop words are looked up after accents are removed, as
 * the configuration chains `unaccent` before the stemmer (`été` is not dropped: `ete` is stemmed).
 * Words of letters are stemmed with the French Snowball stemmer.
 */
export function frenchWords(text: string): Array<string | null> {
  return normaliseForMatch(text.replace(/œ/g, 'oe').replace(/Œ/g, 'OE').replace(/æ/g, 'ae').replace(/Æ/g, 'AE'))
    .split(' ')
    .filter((w) => w !== '')
    .map((w) => (STOP_WORDS.has(w) ? null : /^[a-z]+$/.test(w) ? stemmer.stemWord(w) : w));
}

/** A text's lexemes and their positions (from 1), like a tsvector. */
export type TextIndex = ReadonlyMap<string, readonly number[]>;

/** The tsvector of a text. */
export function textIndex(text: string): TextIndex {
  const out = new Map<string, number[]>();
  frenchWords(text).forEach((lexeme, i) => {
    if (lexeme !== null) (out.get(lexeme) ?? out.set(lexeme, []).get(lexeme)!).push(i + 1);
  });
  return out;
}

/** One term of a query: lexemes that must follow each other at these offsets (one for a plain word), or be absent. */
export interface QueryTerm {
  readonly phrase: ReadonlyArray<{ readonly lexeme: string; readonly offset: number }>;
  readonly negated: boolean;
}

/** A recherchePublic query as websearch_to_tsquery reads it: alternatives (`or`) of terms that must all hold. */
export type PublicQuery = ReadonlyArray<readonly QueryTerm[]>;

/**
 * Parses a query like `websearch_to_tsquery`: terms are ANDed, `or` (any case) between two terms
 * separates alternatives, a leading `-` excludes a term, `"quoted words"` must follow each other
 * (stop words keep their place). A word that punctuation splits (`l'emploi`) is read as such a
 * phrase. Stop words give no term; a query without any term matches nothing.
 */
export function parsePublicQuery(query: string): PublicQuery {
  const groups: QueryTerm[][] = [[]];
  for (const [token] of query.matchAll(/-?"[^"]*"?|[^\s"]+/g)) {
    if (token.toLowerCase() === 'or') {
      groups.push([]);
      continue;
    }
    const negated = token.startsWith('-');
    const phrase = frenchWords(token.replace(/^-/, '').replace(/"/g, ' ')).flatMap((lexeme, offset) =>
      lexeme === null ? [] : [{ lexeme, offset }],
    );
    if (phrase.length > 0) groups.at(-1)!.push({ phrase, negated });
  }
  return groups.filter((g) => g.length > 0);
}

/** True when the text has the phrase's lexemes at its offsets from one another. */
function hasPhrase(index: TextIndex, phrase: QueryTerm['phrase']): boolean {
  const [first, ...rest] = phrase;
  return (index.get(first!.lexeme) ?? []).some((at) =>
    rest.every((t) => index.get(t.lexeme)?.includes(at - first!.offset + t.offset) === true),
  );
}

/** True when one alternative of the query holds in the text: each of its terms present, or absent when excluded. */
export function matchesQuery(query: PublicQuery, index: TextIndex): boolean {
  return query.some((group) => group.every((t) => hasPhrase(index, t.phrase) !== t.negated));
}

/** The text of d·i's publics index: the publics values, `-` read as a space. */
export function publicsText(publics: readonly string[]): string {
  return publics.map((p) => p.replace(/-/g, ' ')).join(' ');
}

/**
 * `recherche_public`: d·i matches the query against two indexes of a service, each taken alone:
 * its publics values (no index at all when publics is null), and its publics_precisions (null read
 * as ''). A service is kept when the query holds in one of them (every word in the publics, or
 * every word in the précisions).
 */
export function recherchePublicMatcher(query: string): (s: Pick<Service, 'publics' | 'publicsPrecisions'>) => boolean {
  const parsed = parsePublicQuery(query);
  return (s) =>
    (s.publics !== null && matchesQuery(parsed, textIndex(publicsText(s.publics)))) ||
    matchesQuery(parsed, textIndex(s.publicsPrecisions ?? ''));
}
