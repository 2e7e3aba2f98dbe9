/**
 * The Soliguide connector (docs/data-inclusion.md#soliguide-rules, docs/partners/soliguide.md): structures = lieux,
 * services = `services_all` items. Location is pushed down as a `departement`/`region` search;
 * a commune filter is narrowed to its département server-side and left to the gateway;
 * thématiques become `categories` and are re-checked on each mapped service.
 */
import pMap from 'p-map';
import {
  departementOfCommune,
  expandThematiques,
  parseSourceId,
  todayIso,
  type Service,
  type Structure,
  type OffreFilter,
} from '../../src/domain/index.js';
import type {
  CallContext,
  ConnectorDeps,
  FetchResult,
  FilterName,
  OffreConnector,
  SourceConfig,
} from '../connector.js';
import { unshared } from '../request-shared.js';
import { createSoliguideClient, type SoliguideClient, type SoliguideQuery } from './client.js';
import { soliguideConfig } from './config.js';
import { departementSlug, regionSlug } from './geo.js';
import { SOLIGUIDE } from './mapping.js';
import { servicesOf, structuresOf, type Mapped } from './records.js';
import type { SoliguidePlace } from './types.js';
import { categoriesForThematiques } from './vocabulary.js';

const opt = (v: unknown, fallback: number, max = Number.MAX_SAFE_INTEGER): number =>
  typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= max ? v : fallback;

/** Where to search and which location filters that search applies exactly; null means nothing can match. */
export function locationQuery(f: OffreFilter): { query: SoliguideQuery; applied: FilterName[] } | null {
  const dep = f.codeDepartement ?? (f.codeCommune ? departementOfCommune(f.codeCommune) : undefined);
  if (dep !== undefined) {
    const slug = departementSlug(dep);
    if (!slug) return null;
    return {
      query: { location: { geoType: 'departement', geoValue: slug } },
      applied: f.codeDepartement ? ['codeDepartement'] : [],
    };
  }
  if (f.codeRegion !== undefined) {
    const slug = regionSlug(f.codeRegion);
    return slug ? { query: { location: { geoType: 'region', geoValue: slug } }, applied: ['codeRegion'] } : null;
  }
  return { query: { location: { geoType: 'pays', geoValue: 'fr' } }, applied: [] };
}

/** Builds the client of one source from its config and the section defaults. */
function clientFor(source: SourceConfig, deps: ConnectorDeps): SoliguideClient {
  const o = source.options ?? {};
  return createSoliguideClient({
    partner: source.id,
    baseUrl: source.baseUrl || soliguideConfig.baseUrl,
    token: source.token,
    timeoutMs: source.timeoutMs ?? soliguideConfig.timeoutMs,
    pageSize: opt(o.pageSize, soliguideConfig.pageSize) || soliguideConfig.pageSize,
    maxPages: opt(o.maxPages, soliguideConfig.maxPages) || soliguideConfig.maxPages,
    maxRetryAfterMs: opt(o.maxRetryAfterMs, soliguideConfig.maxRetryAfterMs),
    rateLimit: o.rateLimit === false ? undefined : soliguideConfig.rateLimit,
    lang: typeof o.lang === 'string' ? o.lang : undefined,
    retryLimit: opt(o.retryLimit, 2, 2),
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
}

const empty = <T>(appliedFilters: FilterName[]): FetchResult<T> => ({ items: [], rejected: [], appliedFilters });
// An unknown territory code matches nothing, so every location filter given is satisfied by [].
const locationFilters = (f: OffreFilter): FilterName[] =>
  (['codeCommune', 'codeDepartement', 'codeRegion'] as const).filter((k) => f[k] !== undefined);
const isPlace = (p: SoliguidePlace | null): p is SoliguidePlace => p !== null;

function localIdOf(id: string): string | null {
  const p = parseSourceId(id);
  return p && p.source === SOLIGUIDE ? p.localId : null;
}

class SoliguideConnector implements OffreConnector {
  readonly connector = 'soliguide';
  readonly capabilities = {
    pushdown: ['codeDepartement', 'codeRegion', 'thematiques'] as FilterName[],
    coverage: { kind: 'all' as const },
    maxBatchSize: soliguideConfig.maxBatchSize,
  };
  // Which lieu publishes a service id, learnt from every answer, so detail lookups can ask
  // `GET /place/{lieu}` instead of a national search. Bounded, oldest entries forgotten first.
  private readonly lieuOfService = new Map<string, string>();
  /** listStructures and listServices of one request share their identical search (request-shared.ts). */
  private readonly search: (query: SoliguideQuery, ctx?: CallContext) => Promise<SoliguidePlace[]>;

  constructor(
    readonly id: string,
    private readonly client: SoliguideClient,
    private readonly deps: ConnectorDeps,
    private readonly concurrency: number,
  ) {
    this.search = (deps.shareRead ?? unshared)(async (query: SoliguideQuery, ctx?: CallContext) => {
      const places = await this.client.search(query, ctx);
      this.learn(places);
      return places;
    });
  }

  ping(ctx?: CallContext): Promise<void> {
    return this.client.probe(ctx);
  }

  async listStructures(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Structure>> {
    const loc = locationQuery(filter);
    if (!loc) return empty(locationFilters(filter));
    return { ...structuresOf(await this.search(loc.query, ctx), this.today()), appliedFilters: loc.applied };
  }

  async listServices(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Service>> {
    const loc = locationQuery(filter);
    const wanted = filter.thematiques ? expandThematiques(filter.thematiques) : undefined;
    const applied: FilterName[] = [
      ...(loc?.applied ?? locationFilters(filter)),
      ...(wanted ? (['thematiques'] as const) : []),
    ];
    const categories = wanted ? categoriesForThematiques(wanted) : undefined;
    if (!loc || categories?.length === 0) return empty(applied);
    const mapped: Mapped<Service> = servicesOf(
      await this.search({ ...loc.query, ...(categories ? { categories } : {}) }, ctx),
      this.today(),
    );
    const items = wanted ? mapped.items.filter((s) => s.thematiques?.some((t) => wanted.includes(t))) : mapped.items;
    return { items, rejected: mapped.rejected, appliedFilters: applied };
  }

  async getStructures(ids: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Structure | null>> {
    const lieux = ids.map(localIdOf).map((l) => (l && /^\d+$/.test(l) ? l : null));
    const places = await this.places(
      lieux.filter((l): l is string => l !== null),
      ctx,
    );
    return lieux.map((l) => {
      const place = l ? places.get(l) : null;
      if (!place) return null;
      const mapped = structuresOf([place], this.today());
      if (mapped.rejected.length > 0)
        this.deps.logger?.warn({ partner: this.id, rejected: mapped.rejected }, 'looked-up structure kept out');
      return mapped.items[0] ?? null;
    });
  }

  async getServices(ids: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Service | null>> {
    const wanted = ids.map(localIdOf);
    const unknown = wanted.some((w) => w !== null && !this.lieuOfService.has(w));
    // A service id does not say its lieu: unknown ids cost one national search (what d·i extracts hourly).
    const places = unknown
      ? await this.search({ location: { geoType: 'pays', geoValue: 'fr' } }, ctx)
      : [
          ...(
            await this.places(
              wanted.flatMap((w) => (w ? [this.lieuOfService.get(w)!] : [])),
              ctx,
            )
          ).values(),
        ].filter(isPlace);
    const byId = new Map(servicesOf(places, this.today()).items.map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  private today(): string {
    return todayIso(this.deps.now?.() ?? new Date());
  }

  private async places(lieux: readonly string[], ctx?: CallContext): Promise<Map<string, SoliguidePlace | null>> {
    const unique = [...new Set(lieux)];
    const found = await pMap(unique, (id) => this.client.getPlace(id, ctx), { concurrency: this.concurrency });
    this.learn(found.filter(isPlace));
    return new Map(unique.map((id, i) => [id, found[i] ?? null]));
  }

  private learn(places: readonly SoliguidePlace[]): void {
    for (const p of places)
      for (const s of Array.isArray(p?.services_all) ? p.services_all : [])
        if (typeof s?.serviceObjectId === 'string') this.lieuOfService.set(s.serviceObjectId, String(p.lieu_id));
    while (this.lieuOfService.size > 200_000) this.lieuOfService.delete(this.lieuOfService.keys().next().value!);
  }
}

/** Builds the connector of one `connector: soliguide` source. */
export function createSoliguideConnector(source: SourceConfig, deps: ConnectorDeps = {}): OffreConnector {
  const concurrency = opt(source.options?.lookupConcurrency, soliguideConfig.lookupConcurrency) || 1;
  return new SoliguideConnector(source.id, clientFor(source, deps), deps, concurrency);
}
