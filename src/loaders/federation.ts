/**
 * Fan-out over the offre connectors: ask, in parallel, only the sources that can answer a filter
 * (their coverage intersects the area, they publish a requested source), push the filter down (a
 * commune widened to its département for `departement` sources, location-widening.ts),
 * apply the whole filter again in the gateway (cheap, and exact whatever each partner supports),
 * drop records that two connectors both return (the direct connector wins over a republisher),
 * and report per source what happened. A failing source leaves the others' results, and so does a
 * slow one: no source is waited for past the request's deadline (REQUEST_DEADLINE_MS); its call goes
 * on in the background (its answer still lands in the cache) and it is reported as a timeout.
 */
import type { CacheInfo, CallContext, LocationGranularity, OffreConnector, RecordFilter, RejectedRecord } from '../../connectors/connector.js';
import {
  departementOfCommune, expandThematiques, parseSourceId, servicePredicate, structurePredicate,
  type OffreFilter, type RegionOf, type Service, type Structure,
} from '../domain/index.js';
import { ConnectorError } from '../errors.js';
import type { HealthBoard } from './health.js';
import { askedFilter } from './location-widening.js';
import type { ReportedOutcome } from './report.js';

/** An offre connector and the source slugs it may return (`any` for an aggregator such as data·inclusion). */
export interface RegisteredSource {
  readonly connector: OffreConnector;
  readonly publishes: readonly string[] | 'any';
  /** With `any`: slugs the aggregator is not asked for, because the gateway reaches them directly. */
  readonly excludes?: readonly string[];
  /** `departement`: a commune filter is asked as its département (location-widening.ts). @default 'commune' */
  readonly locationGranularity?: LocationGranularity;
}

/** What one source did for one fan-out. */
export interface SourceOutcome extends ReportedOutcome {
  readonly source: string;
  readonly ok: boolean;
  readonly error: ConnectorError | null;
  readonly returned: number;
  readonly rejected: readonly RejectedRecord[];
  readonly latencyMs: number;
}

/**
 * How to ask one planned source, when the caller plans the calls itself (search: split a filter by
 * département, widen it to the whole country, memoise identical calls within a request).
 */
export type AskSource<T> = (c: OffreConnector, rf: RecordFilter) => Promise<{ readonly items: readonly T[]; readonly rejected: readonly RejectedRecord[] }>;

/** Records from every source that answered, and what each source did. */
export interface Federated<T> {
  readonly items: readonly T[];
  readonly outcomes: readonly SourceOutcome[];
  /** False when at least one source that should have answered failed. */
  readonly complete: boolean;
}

/** `stale` for an answer the cache served past its freshness (stale-while-revalidate or stale-if-error). */
function staleOf(res: object): Pick<SourceOutcome, 'stale'> {
  const c = (res as { readonly cache?: CacheInfo }).cache;
  return c !== undefined && (c.status === 'stale' || c.status === 'stale-error') ? { stale: { ageSeconds: c.ageSeconds } } : {};
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
    const timer = setTimeout(() => reject(new ConnectorError(source, 'timeout', 'no answer before the request deadline')), Math.max(0, deadline - Date.now()));
    work.then(
      (v) => (clearTimeout(timer), resolve(v)),
      (e: unknown) => (clearTimeout(timer), reject(e)),
    );
  });
}

function asConnectorError(source: string, err: unknown): ConnectorError {
  return err instanceof ConnectorError ? err : new ConnectorError(source, 'bad_response', err instanceof Error ? err.message : 'failed');
}

/** The fan-out service over a fixed set of sources. */
export function createFederation(sources: readonly RegisteredSource[], regionOf: RegionOf, health?: HealthBoard, opts: FederationOptions = {}) {
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
  const ask = (c: OffreConnector, rf: RecordFilter) => askedFilter(c, granularity.get(c), rf);

  /** Sources to ask for a filter. */
  function plan(f: OffreFilter): RegisteredSource[] {
    return sources.filter((s) => covers(s, f) && (f.sources === undefined || f.sources.some((slug) => publishes(s, slug))));
  }

  async function run<T extends Structure | Service>(
    f: OffreFilter,
    call: (c: OffreConnector, rf: RecordFilter) => Promise<{ items: readonly T[]; rejected: readonly RejectedRecord[] }>,
    keep: (r: T) => boolean,
    include: (s: RegisteredSource) => boolean = () => true,
  ): Promise<Federated<T>> {
    const rf: RecordFilter = { ...f, ...(f.thematiques ? { thematiques: expandThematiques(f.thematiques) } : {}) };
    const asked = plan(f).filter(include);
    const deadline = opts.deadline?.();
    const settled = await Promise.all(
      asked.map(async (s) => {
        const t0 = performance.now();
        try {
          const res = await beforeDeadline(call(s.connector, rf), deadline, s.connector.id);
          const outcome: SourceOutcome = { source: s.connector.id, ok: true, error: null, returned: res.items.length, rejected: res.rejected, latencyMs: performance.now() - t0, ...staleOf(res) };
          health?.record(outcome);
          return { s, items: res.items, outcome };
        } catch (err) {
          const outcome: SourceOutcome = { source: s.connector.id, ok: false, error: asConnectorError(s.connector.id, err), returned: 0, rejected: [], latencyMs: performance.now() - t0 };
          health?.record(outcome);
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
    const items = [...byId.values()].map((v) => v.item).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
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
          const e = asConnectorError(s.connector.id, err);
          for (const id of batch) found.set(id, e);
        }
      }),
    );
    return ids.map((id) => found.get(id) ?? null);
  }

  /** The fan-out as a consumer sees it: sources in `hidden` are not asked, and their records are neither listed nor found. */
  function view(hidden: ReadonlySet<string>) {
    const visible = (s: RegisteredSource) => !hidden.has(s.connector.id);
    const shown = <T extends Structure | Service>(keep: (r: T) => boolean) => (r: T) => !hidden.has(r.source) && keep(r);
    return {
      plan: (f: OffreFilter) => plan(f).filter(visible),
      regionOf,
      /**
       * A fan-out whose calls the caller plans (`ask` per source), among the sources `plan(f)` gives
       * and `include` keeps; `keep` is applied in the gateway, outcomes and precedence as for lists.
       */
      planned: <T extends Structure | Service>(f: OffreFilter, ask: AskSource<T>, keep: (r: T) => boolean, include?: (s: RegisteredSource) => boolean) =>
        run<T>(f, ask, shown(keep), (s) => visible(s) && (include?.(s) ?? true)),
      listServices: (f: OffreFilter, ctx?: CallContext) =>
        run<Service>(f, (c, rf) => c.listServices(ask(c, rf), ctx), shown(servicePredicate(f, regionOf)), visible),
      listStructures: (f: OffreFilter, ctx?: CallContext) =>
        run<Structure>(f, (c, rf) => c.listStructures(ask(c, rf), ctx), shown(structurePredicate(f, regionOf)), visible),
      getServices: (ids: readonly string[], ctx?: CallContext) => lookup<Service>(ids, (c, b) => c.getServices(b, ctx), hidden),
      getStructures: (ids: readonly string[], ctx?: CallContext) => lookup<Structure>(ids, (c, b) => c.getStructures(b, ctx), hidden),
      /** This view without the records of `sources` as well (a consumer without the restricted-sources scope). */
      without: (sources: Iterable<string>) => view(new Set([...hidden, ...sources])),
    };
  }

  return view(new Set());
}

export type Federation = ReturnType<typeof createFederation>;
