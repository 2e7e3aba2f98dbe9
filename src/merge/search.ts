/**
 * data·inclusion's `/search/services` semantics (docs/data-inclusion.md#search-services) as pure functions over
 * domain services: eligibility by `zone_eligibilite`, the 50 km reach, the `distance` field, the
 * sort, and `exclure_doublons` (computed after every other filter).
 */
import { compareCodeUnits, distanceKm, type GeoPoint, type Service } from '../domain/index.js';

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

/**
 * `exclure_doublons`: keeps only results whose structure ranks first in its cluster among the
 * structures present in `results` (so run it after the other filters): score_qualite DESC, then
 * date_maj DESC NULLS LAST, then structure id. `clusterOf` returns null for an unclustered
 * structure (its own cluster, like d·i's COALESCE(_cluster_id, id)). Order is preserved.
 */
export function exclureDoublons<R extends SearchResult<Pick<Service, 'id' | 'structureId'>>>(
  results: readonly R[],
  clusterOf: (structureId: string) => string | null | undefined,
  structureScore: (structureId: string) => number,
  dateMaj: (structureId: string) => string | null | undefined,
): R[] {
  const better = (a: string, b: string): boolean => {
    const sa = structureScore(a);
    const sb = structureScore(b);
    if (sa !== sb) return sa > sb;
    const da = dateMaj(a) ?? null;
    const db = dateMaj(b) ?? null;
    if (da !== db) return db === null || (da !== null && da > db);
    return a < b;
  };
  const best = new Map<string, string>();
  for (const { service } of results) {
    const key = clusterOf(service.structureId) ?? service.structureId;
    const current = best.get(key);
    if (current === undefined || better(service.structureId, current)) best.set(key, service.structureId);
  }
  return results.filter(
    ({ service }) => best.get(clusterOf(service.structureId) ?? service.structureId) === service.structureId,
  );
}
