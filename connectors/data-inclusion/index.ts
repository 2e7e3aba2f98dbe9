/**
 * The data·inclusion connector: the consolidated offre of every source d·i ingests, minus the
 * sources the gateway reaches directly (`excludeSources`) or restricted to `onlySources`. Most
 * filters are pushed down (docs/data-inclusion.md#list-filters); records keep their producer's `source`
 * (`fredo`, `monenfant`…) and are validated against schema v1, failures going to `rejected`.
 */
import pMap from 'p-map';
import {
  parseSourceId,
  serviceViolation,
  structureViolation,
  todayIso,
  type Service,
  type Structure,
  type OffreFilter,
} from '../../src/domain/index.js';
import type {
  CallContext,
  ConnectorCapabilities,
  ConnectorDeps,
  FetchResult,
  OffreConnector,
  SourceConfig,
} from '../connector.js';
import { createDataInclusionClient } from './client.js';
import { dataInclusionConfig } from './config.js';
import { mapDiService, mapDiStructure } from './mapping.js';
import { readOptions } from './options.js';
import { PUSHDOWN, pushDown } from './query.js';
import { checkRecords, searchHits, searchQuery, type ServiceSearchHit, type ServiceSearchParams } from './records.js';
import { createSourcePolicy } from './sources.js';

export type { ServiceSearchHit, ServiceSearchParams } from './records.js';

/** The d·i connector: an offre connector that can also run d·i's own geographic service search. */
export interface DataInclusionConnector extends OffreConnector {
  /** `/api/v1/search/services`: eligibility + 50 km around a commune, with distances (km). */
  searchServices(params: ServiceSearchParams, ctx?: CallContext): Promise<FetchResult<ServiceSearchHit>>;
}

/** Creates the data·inclusion connector for one sources-file entry. */
export function createDataInclusionConnector(source: SourceConfig, deps: ConnectorDeps = {}): DataInclusionConnector {
  const opts = readOptions(source);
  const client = createDataInclusionClient({
    partner: source.id,
    baseUrl: source.baseUrl,
    token: source.token,
    timeoutMs: source.timeoutMs ?? dataInclusionConfig.timeoutMs,
    pageSize: opts.pageSize,
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const policy = createSourcePolicy(opts, client, deps.logger);
  // `reseauxPorteurs` is applied on structures only; appliedFilters says what each call applied.
  const pushdown = [...new Set([...PUSHDOWN.services, ...PUSHDOWN.structures])];
  // No rate budget: the API has no rate limiting (docs/partners/data-inclusion.md#rate-limits).
  const capabilities: ConnectorCapabilities = { pushdown, coverage: { kind: 'all' }, maxBatchSize: opts.maxBatchSize };
  const today = () => todayIso(deps.now?.() ?? new Date());
  const structure = (dto: object) => checked(mapDiStructure(dto), (s) => structureViolation(s, today()));
  const service = (dto: object) => checked(mapDiService(dto), (s) => serviceViolation(s, today()));
  // Every requested source is excluded: nothing to ask d·i for.
  const empty = { items: [], rejected: [], appliedFilters: ['sources' as const] };

  /** Detail lookups, aligned with `ids`: excluded sources, unknown ids and invalid records give null. */
  async function lookup<T extends Structure | Service>(
    ids: readonly string[],
    fetch: (id: string, ctx?: CallContext) => Promise<object | null>,
    check: (dto: object) => { record: T; reason: string | null },
    ctx?: CallContext,
  ) {
    return pMap(
      ids,
      async (id) => {
        const parsed = parseSourceId(id);
        if (!parsed || !policy.allows(parsed.source)) return null;
        const dto = await fetch(id, ctx);
        if (dto === null) return null;
        const { record, reason } = check(dto);
        if (reason !== null) deps.logger?.warn({ source: source.id, id, reason }, 'record rejected');
        return reason === null && record.id === id ? record : null;
      },
      { concurrency: opts.concurrency },
    );
  }

  return {
    id: source.id,
    connector: 'data-inclusion',
    capabilities,
    ping: (ctx) => client.ping(ctx),
    async listStructures(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Structure>> {
      const sources = await policy.sourcesFor(filter.sources, ctx);
      if (sources?.length === 0) return empty;
      const { params, applied } = pushDown('structures', filter, sources);
      const rows = policy.keep(await client.listStructures(params, ctx));
      return {
        ...checkRecords(source.id, rows, mapDiStructure, (s) => structureViolation(s, today())),
        appliedFilters: applied,
      };
    },
    async listServices(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Service>> {
      const sources = await policy.sourcesFor(filter.sources, ctx);
      if (sources?.length === 0) return empty;
      const { params, applied } = pushDown('services', filter, sources);
      const rows = policy.keep(await client.listServices(params, ctx));
      return {
        ...checkRecords(source.id, rows, mapDiService, (s) => serviceViolation(s, today())),
        appliedFilters: applied,
      };
    },
    async searchServices(params: ServiceSearchParams, ctx?: CallContext): Promise<FetchResult<ServiceSearchHit>> {
      const sources = await policy.sourcesFor(params.sources, ctx);
      if (sources?.length === 0) return empty;
      const { query, applied } = searchQuery(params, sources);
      const rows = (await client.searchServices(query, ctx, params.limit)).slice(0, params.limit);
      const kept = rows.filter((r) => typeof r?.service?.source !== 'string' || policy.allows(r.service.source));
      return { ...searchHits(source.id, kept, today()), appliedFilters: applied };
    },
    getStructures: (ids, ctx) => lookup(ids, client.getStructure, structure, ctx),
    getServices: (ids, ctx) => lookup(ids, client.getService, service, ctx),
  };
}

function checked<T>(record: T, violation: (r: T) => string | null): { record: T; reason: string | null } {
  return { record, reason: violation(record) };
}
