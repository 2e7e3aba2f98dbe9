/**
 * The simulated d·i API's filter and search semantics (docs/data-inclusion.md#list-filters): list filters on
 * where a record is (`code_insee`: commune equality, département prefix, région via the communes
 * table), thématique categories expanded, `tous-publics` always matching, order by id; and
 * `/search/services` eligibility (`zone_eligibilite` null or overlapping the commune's codes) plus
 * 50 km proximity or remote, sorted by distance then id. Good enough for contract tests.
 */
import { compareCodeUnits, distanceKm, expandThematiques, normaliseForMatch } from '../../src/domain/index.js';
import type { Cog } from '../../sandbox/cog.js';
import type { DiQuery } from './sim-params.js';
import type { DiListedStructure, DiPage, DiService } from './types.js';

const overlaps = (have: readonly string[] | null | undefined, want: readonly string[]) =>
  Array.isArray(have) && have.some((v) => want.includes(v));

function located(codeInsee: string | null | undefined, q: DiQuery, cog: Cog): boolean {
  if (q.codeCommune === undefined && q.codeDepartement === undefined && q.codeRegion === undefined) return true;
  if (typeof codeInsee !== 'string') return false;
  if (q.codeCommune !== undefined && codeInsee !== q.codeCommune) return false;
  if (q.codeDepartement !== undefined && !codeInsee.startsWith(q.codeDepartement)) return false;
  return q.codeRegion === undefined || cog.commune(codeInsee)?.codeRegion === q.codeRegion;
}

/** A cluster's key: its smallest id (the API's `COALESCE(_cluster_id, structure.id)`). */
const clusterKey = (s: DiListedStructure) => [s.id, ...(s.doublons ?? []).map((d) => d.id)].sort()[0]!;

/** Structures matching a `/structures` query, best-of-cluster when `exclure_doublons`. */
export function filterStructures(rows: readonly DiListedStructure[], q: DiQuery, cog: Cog): DiListedStructure[] {
  const out = rows.filter(
    (s) =>
      located(s.code_insee, q, cog) &&
      (q.sources === undefined || q.sources.includes(s.source)) &&
      (q.reseauxPorteurs === undefined || overlaps(s.reseaux_porteurs, q.reseauxPorteurs)),
  );
  if (!q.exclureDoublons) return out;
  // Keep one per cluster: highest score, then most recent date_maj, then id.
  const best = new Map<string, DiListedStructure>();
  for (const s of out) {
    const key = clusterKey(s);
    const cur = best.get(key);
    if (
      !cur ||
      s.score_qualite > cur.score_qualite ||
      (s.score_qualite === cur.score_qualite && s.date_maj > cur.date_maj)
    )
      best.set(key, s);
  }
  const kept = new Set(best.values());
  return out.filter((s) => kept.has(s));
}

/** Services matching the facets shared by `/services` and `/search/services` (location excluded). */
function facets(q: DiQuery): (s: DiService) => boolean {
  const them = q.thematiques ? expandThematiques(q.thematiques) : undefined;
  const publics = q.publics && !q.publics.includes('tous-publics') ? [...q.publics, 'tous-publics'] : undefined;
  const words = q.recherchePublic ? normaliseForMatch(q.recherchePublic).split(' ').filter(Boolean) : undefined;
  return (s) =>
    (q.sources === undefined || q.sources.includes(s.source)) &&
    (them === undefined || overlaps(s.thematiques, them)) &&
    (publics === undefined || overlaps(s.publics, publics)) &&
    (q.frais === undefined || (s.frais !== null && q.frais.includes(s.frais))) &&
    (q.types === undefined || (s.type !== null && q.types.includes(s.type))) &&
    (q.modesAccueil === undefined || overlaps(s.modes_accueil, q.modesAccueil)) &&
    (q.scoreQualiteMinimum === undefined || s.score_qualite >= q.scoreQualiteMinimum) &&
    (words === undefined ||
      words.every((w) =>
        normaliseForMatch(`${(s.publics ?? []).join(' ')} ${s.publics_precisions ?? ''}`).includes(w),
      ));
}

/** Services matching a `/services` query. */
export function filterServices(rows: readonly DiService[], q: DiQuery, cog: Cog): DiService[] {
  const match = facets(q);
  return rows.filter((s) => located(s.code_insee, q, cog) && match(s));
}

/** One search match before the structure is nested. */
export interface SearchMatch {
  readonly service: DiService;
  readonly distance: number | null;
}

/** `exclure_doublons` on search: only services of the structure ranking first in its cluster among the matches. */
function bestOfClusters(matches: SearchMatch[], structures: ReadonlyMap<string, DiListedStructure>): SearchMatch[] {
  const best = new Map<string, DiListedStructure>();
  for (const m of matches) {
    const s = structures.get(m.service.structure_id);
    if (!s) continue;
    const cur = best.get(clusterKey(s));
    if (
      !cur ||
      s.score_qualite > cur.score_qualite ||
      (s.score_qualite === cur.score_qualite && s.date_maj > cur.date_maj)
    )
      best.set(clusterKey(s), s);
  }
  const kept = new Set([...best.values()].map((s) => s.id));
  return matches.filter((m) => kept.has(m.service.structure_id));
}

/** `/search/services`; a string is the 422 detail the API answers. */
export function searchServices(
  rows: readonly DiService[],
  q: DiQuery,
  cog: Cog,
  structures: ReadonlyMap<string, DiListedStructure>,
): SearchMatch[] | string {
  const found = searchAll(rows, q, cog);
  return typeof found === 'string' || !q.exclureDoublons ? found : bestOfClusters(found, structures);
}

function searchAll(rows: readonly DiService[], q: DiQuery, cog: Cog): SearchMatch[] | string {
  if ((q.lat === undefined) !== (q.lon === undefined)) return 'The `lat` and `lon` must be simultaneously filled.';
  const match = facets(q);
  if (q.codeCommune === undefined) return rows.filter(match).map((service) => ({ service, distance: null }));
  const commune = cog.commune(q.codeCommune);
  if (!commune) return 'This `code_commune` does not exist.';
  const eligible = [
    commune.code,
    commune.codeDepartement,
    '99100',
    'france',
    ...(commune.codeEpci ? [commune.codeEpci] : []),
  ];
  const origin = q.lat !== undefined && q.lon !== undefined ? { latitude: q.lat, longitude: q.lon } : commune.centre;
  const out: SearchMatch[] = [];
  for (const s of rows) {
    if (!match(s) || !(s.zone_eligibilite === null || overlaps(s.zone_eligibilite, eligible))) continue;
    const remote = s.modes_accueil?.includes('a-distance') ?? false;
    const km =
      origin && typeof s.latitude === 'number' && typeof s.longitude === 'number'
        ? distanceKm(origin, { latitude: s.latitude, longitude: s.longitude })
        : null;
    const near = km !== null && km <= 50;
    if (!near && !remote) continue;
    out.push({
      service: s,
      distance: near && (s.modes_accueil?.includes('en-presentiel') ?? false) ? Math.round(km!) : null,
    });
  }
  return out.sort(
    (a, b) => (a.distance ?? Infinity) - (b.distance ?? Infinity) || compareCodeUnits(a.service.id, b.service.id),
  );
}

/** The page asked for, in the API's envelope (`size` = items returned, `pages` = ⌈total / size asked⌉). */
export function paginate<T>(rows: readonly T[], q: DiQuery): DiPage<T> {
  const items = rows.slice((q.page - 1) * q.size, q.page * q.size);
  return { items, total: rows.length, page: q.page, size: items.length, pages: Math.ceil(rows.length / q.size) };
}
