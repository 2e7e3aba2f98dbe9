/**
 * Fan-out over the offre connectors, built once by the gateway: `plan` picks the sources that can
 * answer a filter in its normal form (src/domain/filter.ts; their coverage intersects the area, they
 * publish a requested source); each is called in parallel with its asked filter (asked-filter.ts: pushdown, a commune widened to its
 * département for `departement` sources),
 * apply the whole filter again in the gateway (cheap, and exact whatever each partner supports),
 * drop records that two connectors both return (the direct connector wins over a republisher),
 * and report per source what happened. A failing source leaves the others' results, and so does a
 * slow one: no source is waited for past the request's deadline (REQUEST_DEADLINE_MS); its call goes
 * on in the background (its answer still lands in the cache) and it is reported as a timeout.
 */
import {
  type CacheInfo,
  type CallContext,
  type OffreConnector,
  type Outcome,
  type RegisteredSource,
  type RejectedRecord,
} from '../../connectors/connector.js';
import {
  byRecordId,
  departementOfCommune,
  normalFilter,
  parseSourceId,
  servicePredicate,
  structurePredicate,
  type OffreFilter,
  type RegionOf,
  type Service,
  type Structure,
} from '../domain/index.js';
import { ConnectorError } from '../errors.js';
import { toConnectorError } from '../../connectors/http.js';
import { askedFilter } from './asked-filter.js';

/**
 * The call one planned source gets, when the caller plans the calls itself (search: split a filter by
 * département, widen it to the whole country, memoise identical calls within a request).
 */
export type SourceCall<T> = (
  c: OffreConnector,
  f: OffreFilter,
) => Promise<{ readonly items: readonly T[]; readonly rejected: readonly RejectedRecord[] }>;

/** Records from every source that answered, and what each source did. */
export interface Federated<T> {
  readonly items: readonly T[];
  readonly outcomes: readonly Outcome[];
  /** False when at least one source that should have answered failed. */
  readonly complete: boolean;
}

/** `stale` for an answer the cache served past its freshness (stale-while-revalidate or stale-if-error). */
function staleOf(res: object): Pick<Outcome, 'stale'> {
  const c = (res as { readonly cache?: CacheInfo }).cache;
  return c !== undefined && (c.status === 'stale' || c.status === 'stale-error')
    ? { stale: { ageSeconds: c.ageSeconds } }
    : {};
}

/** What the federation is built with besides its sources. */
export interface FederationOptions {
  /** The current request's deadline (epoch ms); undefined: no deadline. */
  readonly deadline?: () => number | undefined;
}

/**
 * `work`, or a timeout when the deadline comes first. The work is not cancelled: a shared load
 * (cache, coalescing) serves other callers and fills the cache for the next request.
 */
function beforeDeadline<T>(work: Promise<T>, deadline: number | undefined, source: string): Promise<T> {
  if (deadline === undefined) return work;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new ConnectorError(source, 'timeout', 'no answer before the request deadline')),
      Math.max(0, deadline - Date.now()),
    );
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

/** The fan-out service over a fixed set of sources. */
export function createFederation(
  sources: readonly RegisteredSource[],
  regionOf: RegionOf,
  opts: FederationOptions = {},
) {
  const publishes = (s: RegisteredSource, slug: string) =>
    s.publishes === 'any' ? !(s.excludes ?? []).includes(slug) : s.publishes.includes(slug);

  function covers(s: RegisteredSource, f: OffreFilter): boolean {
    const cov = s.connector.capabilities.coverage;
    if (cov.kind === 'all') return true;
    const dep = f.codeCommune ? departementOfCommune(f.codeCommune) : f.codeDepartement;
    if (dep !== undefined) return cov.codes.includes(dep);
    if (f.codeRegion !== undefined) return cov.codes.some((d) => regionOf(d) === f.codeRegion);
    return true;
  }

  const granularity = new Map(sources.map((s) => [s.connector, s.locationGranularity]));
  const asked = (c: OffreConnector, f: OffreFilter) => askedFilter(c, granularity.get(c), f);

  /** Sources to ask for a filter. */
  function plan(f: OffreFilter): RegisteredSource[] {
    return sources.filter(
      (s) => covers(s, f) && (f.sources === undefined || f.sources.some((slug) => publishes(s, slug))),
    );
  }

  /** The fan-out of a filter in normal form (`normalFilter`) over the planned sources `include` keeps. */
  async function run<T extends Structure | Service>(
    normal: OffreFilter,
    call: SourceCall<T>,
    keep: (r: T) => boolean,
    include: (s: RegisteredSource) => boolean = () => true,
  ): Promise<Federated<T>> {
    const chosen = plan(normal).filter(include);
    const deadline = opts.deadline?.();
    const settled = await Promise.all(
      chosen.map(async (s) => {
        const t0 = performance.now();
        try {
          const res = await beforeDeadline(call(s.connector, normal), deadline, s.connector.id);
          const outcome: Outcome = {
            source: s.connector.id,
            ok: true,
            error: null,
            returned: res.items.length,
            rejected: res.rejected,
            latencyMs: performance.now() - t0,
            ...staleOf(res),
          };
          return { s, items: res.items, outcome };
        } catch (err) {
          const outcome: Outcome = {
            source: s.connector.id,
            ok: false,
            error: toConnectorError(s.connector.id, err),
            returned: 0,
            rejected: [],
            latencyMs: performance.now() - t0,
          };
          return { s, items: [] as readonly T[], outcome };
        }
      }),
    );
    // The direct connector of a source wins over an aggregator republishing the same id.
    const byId = new Map<string, { item: T; direct: boolean }>();
    for (const { s, items } of settled) {
      for (const item of items) {
        if (!keep(item)) continue;
        const direct = s.connector.id === item.source;
        const prev = byId.get(item.id);
        if (!prev || (direct && !prev.direct)) byId.set(item.id, { item, direct });
      }
    }
    const items = [...byId.values()].map((v) => v.item).sort(byRecordId);
    const outcomes = settled.map((x) => x.outcome);
    return { items, outcomes, complete: outcomes.every((o) => o.ok) };
  }

  /** Routes ids to the connectors that publish their source, direct connector first. */
  function route(ids: readonly string[]): Map<RegisteredSource, string[]> {
    const out = new Map<RegisteredSource, string[]>();
    for (const id of ids) {
      const slug = parseSourceId(id)?.source;
      if (!slug) continue;
      const s = sources.find((x) => x.connector.id === slug) ?? sources.find((x) => publishes(x, slug));
      if (s) out.set(s, [...(out.get(s) ?? []), id]);
    }
    return out;
  }

  async function lookup<T extends { id: string; source: string }>(
    ids: readonly string[],
    get: (c: OffreConnector, ids: readonly string[]) => Promise<ReadonlyArray<T | null>>,
    hidden: ReadonlySet<string>,
  ): Promise<Array<T | null | Error>> {
    const found = new Map<string, T | null | Error>();
    const deadline = opts.deadline?.();
    const asked = ids.filter((id) => !hidden.has(parseSourceId(id)?.source ?? ''));
    await Promise.all(
      [...route(asked)].map(async ([s, batch]) => {
        try {
          const rows = await beforeDeadline(get(s.connector, batch), deadline, s.connector.id);
          // An aggregator may answer with a record of a hidden source: it stays unknown.
          batch.forEach((id, i) => found.set(id, rows[i] && !hidden.has(rows[i].source) ? rows[i] : null));
        } catch (err) {
          const e = toConnectorError(s.connector.id, err);
          for (const id of batch) found.set(id, e);
        }
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  }

  /** The fan-out as a consumer sees it: sources in `hidden` are not asked, and their records are neither listed nor found. */
  function view(hidden: ReadonlySet<string>) {
    const visible = (s: RegisteredSource) => !hidden.has(s.connector.id);
    const shown =
      <T extends Structure | Service>(keep: (r: T) => boolean) =>
      (r: T) =>
        !hidden.has(r.source) && keep(r);
    return {
      plan: (f: OffreFilter) => plan(f).filter(visible),
      regionOf,
      /**
       * A fan-out whose calls the caller plans (`call` per source), among the sources `plan(f)` gives
       * and `include` keeps; `keep` is applied in the gateway, outcomes and precedence as for lists.
       */
      planned: <T extends Structure | Service>(
        f: OffreFilter,
        call: SourceCall<T>,
        keep: (r: T) => boolean,
        include?: (s: RegisteredSource) => boolean,
      ) => run<T>(normalFilter(f), call, shown(keep), (s) => visible(s) && (include?.(s) ?? true)),
      listServices: (f: OffreFilter, ctx?: CallContext) => {
        const normal = normalFilter(f);
        return run<Service>(
          normal,
          (c, nf) => c.listServices(asked(c, nf), ctx),
          shown(servicePredicate(normal, regionOf)),
          visible,
        );
      },
      listStructures: (f: OffreFilter, ctx?: CallContext) => {
        const normal = normalFilter(f);
        return run<Structure>(
          normal,
          (c, nf) => c.listStructures(asked(c, nf), ctx),
          shown(structurePredicate(normal, regionOf)),
          visible,
        );
      },
      getServices: (ids: readonly string[], ctx?: CallContext) =>
        lookup<Service>(ids, (c, b) => c.getServices(b, ctx), hidden),
      getStructures: (ids: readonly string[], ctx?: CallContext) =>
        lookup<Structure>(ids, (c, b) => c.getStructures(b, ctx), hidden),
      /** This view without the records of `sources` as well (a consumer without the restricted-sources scope). */
      without: (sources: Iterable<string>) => view(new Set([...hidden, ...sources])),
    };
  }

  return view(new Set());
}

export type Federation = ReturnType<typeof createFederation>;

export type { Outcome, RegisteredSource };
