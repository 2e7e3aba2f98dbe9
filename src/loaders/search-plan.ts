/**
 * Per-request query planning over the federation, for searches and merges that cover an AREA (a
 * set of départements) rather than one list filter. For each source:
 * - it is sent only the filters it declares it pushes down (the gateway applies every filter
 *   again), so identical asks share one call per request, whatever the other filters;
 * - a source that filters by département is asked once per département of the area it covers; a
 *   source that cannot is asked once for the whole country (its records are filtered here);
 * - remote services (`a-distance`, eligible from anywhere) are asked once more without location,
 *   with `modesAccueil: a-distance` pushed down; a source that filters by location but not by mode
 *   is asked once for the whole country instead, which also covers its département calls.
 * Sources whose coverage misses the area are not asked (the federation's `plan`). What each source is
 * sent comes from the federation's asked-filter.ts; the memo of identical calls lives here, one per request.
 */
import DataLoader from 'dataloader';
import type { CacheInfo, FetchResult, OffreConnector, RejectedRecord } from '../../connectors/connector.js';
import {
  filterKey,
  servicePredicate,
  structurePredicate,
  type OffreFilter,
  type Service,
  type Structure,
} from '../domain/index.js';
import { areaCalls, pushable, withoutLocation } from '../federation/asked-filter.js';
import type { Federated, Federation } from '../federation/federation.js';

type Kind = 'services' | 'structures';

function uniqueRejected(all: readonly RejectedRecord[]): RejectedRecord[] {
  const seen = new Set<string>();
  return all.filter((r) => {
    const key = `${r.id}|${r.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

const WORST: ReadonlyArray<CacheInfo['status']> = ['stale-error', 'stale', 'miss', 'coalesced', 'hit'];

/**
 * One cache note for the calls an area took from one source, so the fan-out reports the source as
 * `stale` (with the age of its oldest stale answer) when any of them was served past its freshness,
 * as it does for a single list call. Undefined when no call went through the cache.
 */
export function areaCache(infos: ReadonlyArray<CacheInfo | undefined>): CacheInfo | undefined {
  const known = infos.filter((i): i is CacheInfo => i !== undefined);
  const status = WORST.find((s) => known.some((i) => i.status === s));
  if (status === undefined) return undefined;
  const worst = known.filter((i) => i.status === status);
  return {
    status,
    ageSeconds: Math.max(...worst.map((i) => i.ageSeconds)),
    freshForSeconds: Math.min(...known.map((i) => i.freshForSeconds)),
  };
}

/** Builds the planner of one request. */
export function createPlanner(federation: Federation, requestId?: string) {
  const ctx = { requestId };
  const calls = new Map<string, Promise<FetchResult<Service | Structure>>>();

  function once<T extends Service | Structure>(
    c: OffreConnector,
    kind: Kind,
    rf: OffreFilter,
  ): Promise<FetchResult<T>> {
    const pushed = pushable(c, rf);
    const key = `${c.id}|${kind}|${filterKey(pushed)}`;
    let call = calls.get(key);
    if (!call) {
      call = kind === 'services' ? c.listServices(pushed, ctx) : c.listStructures(pushed, ctx);
      calls.set(key, call);
    }
    return call as Promise<FetchResult<T>>;
  }

  async function callArea<T extends Service | Structure>(
    c: OffreConnector,
    kind: Kind,
    rf: OffreFilter,
    deps: readonly string[],
    remote: boolean,
  ) {
    const results = await Promise.all(areaCalls(c, rf, deps, remote).map((f) => once<T>(c, kind, f)));
    const cache = areaCache(results.map((r) => r.cache));
    return {
      items: results.flatMap((r) => r.items),
      rejected: uniqueRejected(results.flatMap((r) => r.rejected)),
      ...(cache ? { cache } : {}),
    };
  }

  /** Sources covering at least one of the départements, with the départements each covers. */
  function coverage(deps: readonly string[], sources?: readonly string[]): Map<string, string[]> {
    const out = new Map<string, string[]>();
    for (const d of deps) {
      for (const s of federation.plan({ codeDepartement: d, ...(sources ? { sources } : {}) }))
        out.set(s.connector.id, [...(out.get(s.connector.id) ?? []), d]);
    }
    return out;
  }

  const inDepartement = <T extends Service | Structure>(kind: Kind, keep: (f: OffreFilter) => (r: T) => boolean) =>
    new DataLoader<string, Federated<T>>(
      (deps) =>
        Promise.all(
          deps.map((d) =>
            federation.planned<T>(
              { codeDepartement: d },
              (c, rf) => callArea<T>(c, kind, rf, [d], false),
              keep({ codeDepartement: d }),
            ),
          ),
        ),
      { batch: false },
    );

  return {
    /** Every structure located in a département (the merge's candidate set). */
    structuresIn: inDepartement<Structure>('structures', (f) => structurePredicate(f, federation.regionOf)),
    /** Every service located in a département. */
    servicesIn: inDepartement<Service>('services', (f) => servicePredicate(f, federation.regionOf)),
    /**
     * The services of the structures of a département, wherever they are located (a structure's
     * services and score take them all): from each source covering it, its national list when it
     * cannot filter by département, else the département's services and its remote ones.
     */
    structureServicesIn: new DataLoader<string, Federated<Service>>(
      (deps) =>
        Promise.all(
          deps.map((d) => {
            const covered = coverage([d]);
            return federation.planned<Service>(
              {},
              (c, rf) => callArea<Service>(c, 'services', rf, [d], true),
              () => true,
              (s) => covered.has(s.connector.id),
            );
          }),
        ),
      { batch: false },
    ),
    /**
     * Services located in any of `deps`, plus remote ones from anywhere, matching `filter` (its
     * location keys are not pushed down) and `keep`; sources covering none of `deps` are not asked.
     */
    searchServices(
      filter: OffreFilter,
      deps: readonly string[],
      keep: (s: Service) => boolean,
    ): Promise<Federated<Service>> {
      const covered = coverage(deps, filter.sources);
      return federation.planned<Service>(
        withoutLocation(filter),
        (c, rf) => callArea<Service>(c, 'services', rf, covered.get(c.id) ?? [], true),
        keep,
        (s) => covered.has(s.connector.id),
      );
    },
    /**
     * Remote services only (a search without location): every source asked once without location,
     * with `modesAccueil: a-distance` pushed down where the source can, as the remote part of
     * searchServices is; `keep` should require `a-distance` for the sources that cannot.
     */
    remoteServices(filter: OffreFilter, keep: (s: Service) => boolean): Promise<Federated<Service>> {
      return federation.planned<Service>(
        withoutLocation(filter),
        (c, rf) => callArea<Service>(c, 'services', rf, [], true),
        keep,
      );
    },
  };
}

/** The planner of one request. */
export type Planner = ReturnType<typeof createPlanner>;
