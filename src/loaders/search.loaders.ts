/**
 * `searchServices` with data·inclusion's `/search/services` semantics:
 * the planned fan-out (search-plan.ts) over the départements within reach of the origin plus remote
 * services, the list filters and the search-only ones (score, recherchePublic) in the gateway, then
 * eligibility, the 50 km reach, distance and order (src/merge/search.ts), and `exclureDoublons`
 * last, over the structures present in the results.
 */
import DataLoader from 'dataloader';
import type { GeoPoint, OffreFilter, Service } from '../domain/index.js';
import { filterKey, servicePredicate } from '../domain/index.js';
import {
  exclureDoublons,
  geoSearch,
  recherchePublicMatcher,
  scoreQualite,
  SEARCH_RADIUS_KM,
  type EligibilityCommune,
  type SearchResult,
} from '../merge/index.js';
import type { Federation, Outcome } from '../federation/federation.js';
import type { MergeLoaders, MergedView } from './merge.loaders.js';
import { departementsWithin } from './search-area.js';
import type { Planner } from './search-plan.js';

/** Where a search happens: the commune for eligibility, the origin for distance. */
export interface ServicePlace {
  readonly commune: EligibilityCommune;
  readonly origin: GeoPoint;
}

/** One search, already validated; without a place, only remote (`a-distance`) services, distance null. */
export interface ServiceSearch {
  readonly place: ServicePlace | null;
  /** List filters (location keys, if any, restrict by where a service is, as on `services`). */
  readonly filter: OffreFilter;
  readonly scoreQualiteMinimum?: number;
  readonly recherchePublic?: string;
  readonly exclureDoublons?: boolean;
}

/** Every result in d·i's order, and what each source did. */
export interface SearchAnswer {
  readonly results: ReadonlyArray<SearchResult<Service>>;
  readonly outcomes: readonly Outcome[];
  readonly complete: boolean;
}

/** What the search loaders are built over. */
export interface SearchDeps {
  readonly federation: Federation;
  readonly planner: Planner;
  readonly merge: MergeLoaders;
}

/** Stable key of a search (same search in one request → one fan-out). */
export function searchKey(q: ServiceSearch): string {
  return JSON.stringify([
    q.place?.commune.part ?? null,
    q.place?.commune.code ?? null,
    q.place?.origin.latitude ?? null,
    q.place?.origin.longitude ?? null,
    filterKey(q.filter),
    q.scoreQualiteMinimum ?? null,
    q.recherchePublic ?? null,
    q.exclureDoublons === true,
  ]);
}

const isRemote = (s: Service): boolean => s.modesAccueil?.includes('a-distance') ?? false;

function predicate(q: ServiceSearch, d: SearchDeps): (s: Service) => boolean {
  const list = servicePredicate(q.filter, d.federation.regionOf);
  const text = q.recherchePublic === undefined ? null : recherchePublicMatcher(q.recherchePublic);
  const min = q.scoreQualiteMinimum;
  return (s) => list(s) && (text === null || text(s)) && (min === undefined || scoreQualite(s, d.merge.today) >= min);
}

/** d·i's exclure_doublons over the results: keeps the services of the best structure of each cluster present. */
async function withoutDoublons(
  results: ReadonlyArray<SearchResult<Service>>,
  d: SearchDeps,
): Promise<{ kept: Array<SearchResult<Service>>; outcomes: Outcome[] }> {
  for (const r of results) d.merge.hint(r.service.structureId, r.service.codeInsee);
  const ids = [...new Set(results.map((r) => r.service.structureId))];
  const [views, scores] = await Promise.all([
    d.merge.mergedStructure.loadMany(ids),
    Promise.all(ids.map((id) => d.merge.recordScore(id).catch(() => 0))),
  ]);
  const cluster = new Map<string, string>();
  const score = new Map<string, number>();
  const outcomes = new Set<Outcome>();
  ids.forEach((id, i) => {
    const v: MergedView | null | Error | undefined = views[i];
    score.set(id, scores[i]!);
    // A structure whose cluster cannot be read is its own cluster, as an unclustered one is in d·i.
    if (v instanceof Error || !v) return;
    cluster.set(id, v.structure.sources[0]?.id ?? id);
    for (const o of v.outcomes) outcomes.add(o);
  });
  const records = await d.merge.recordsOf(ids);
  const kept = exclureDoublons(
    results,
    (id) => cluster.get(id) ?? null,
    (id) => score.get(id) ?? 0,
    (id) => records.get(id)?.dateMaj ?? null,
  );
  return { kept, outcomes: [...outcomes] };
}

/** Builds the search loaders of one request. */
export function createSearchLoaders(d: SearchDeps) {
  /** The services a search considers: remote ones only without a place, else those within reach plus remote ones. */
  async function candidates(q: ServiceSearch) {
    const keep = predicate(q, d);
    if (q.place === null) return d.planner.remoteServices(q.filter, (s) => isRemote(s) && keep(s));
    return d.planner.searchServices(q.filter, departementsWithin(q.place.origin, SEARCH_RADIUS_KM), keep);
  }

  async function run(q: ServiceSearch): Promise<SearchAnswer> {
    const res = await candidates(q);
    const results = geoSearch(res.items, q.place);
    if (!q.exclureDoublons) return { results, outcomes: res.outcomes, complete: res.complete };
    const { kept, outcomes } = await withoutDoublons(results, d);
    const all = [...res.outcomes, ...outcomes];
    return { results: kept, outcomes: all, complete: all.every((o) => o.ok) };
  }
  return {
    services: new DataLoader<ServiceSearch, SearchAnswer, string>((qs) => Promise.all(qs.map(run)), {
      cacheKeyFn: searchKey,
      batch: false,
    }),
  };
}
