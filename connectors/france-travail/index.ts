/**
 * The France Travail connector (docs/data-inclusion.md#france-travail-rules): structures = the agencies of the
 * référentiel des agences, read in one OAuth2-authenticated call. The API takes no filters, so
 * the gateway applies every one. Services: France Travail's offer is a curated national sheet
 * (read by the `file` connector) that d·i cross-joins with the agencies, not an API, so this
 * connector publishes no services; `attachNationalServices` in mapping.ts does that cross join.
 */
import { parseSourceId, todayIso, type Service, type Structure } from '../../src/domain/index.js';
import type { CallContext, ConnectorDeps, FetchResult, OffreConnector, SourceConfig } from '../connector.js';
import { createFranceTravailClient } from './client.js';
import { franceTravailConfig } from './config.js';
import { agencesToStructures, FRANCE_TRAVAIL } from './mapping.js';

/**
 * The token endpoint: `options.tokenUrl`, else production's beside the production API, else the
 * same path on the API's own host (the simulator serves both).
 */
export function tokenUrlFor(source: SourceConfig): string {
  if (typeof source.options?.tokenUrl === 'string') return source.options.tokenUrl;
  const base = source.baseUrl || franceTravailConfig.baseUrl;
  if (new URL(base).origin === new URL(franceTravailConfig.baseUrl).origin) return franceTravailConfig.tokenUrl;
  const prod = new URL(franceTravailConfig.tokenUrl);
  return `${new URL(base).origin}${prod.pathname}${prod.search}`;
}

/** Builds the connector of one `connector: france-travail` source. */
export function createFranceTravailConnector(source: SourceConfig, deps: ConnectorDeps = {}): OffreConnector {
  const o = source.options ?? {};
  const retryLimit =
    typeof o.retryLimit === 'number' && Number.isInteger(o.retryLimit) && o.retryLimit >= 0
      ? Math.min(o.retryLimit, 2)
      : undefined;
  const client = createFranceTravailClient({
    partner: source.id,
    baseUrl: source.baseUrl || franceTravailConfig.baseUrl,
    tokenUrl: tokenUrlFor(source),
    clientId: source.clientId,
    clientSecret: source.clientSecret,
    scope: typeof o.scope === 'string' ? o.scope : franceTravailConfig.scope,
    timeoutMs: source.timeoutMs ?? franceTravailConfig.timeoutMs,
    tokenMarginMs: franceTravailConfig.tokenMarginSeconds * 1000,
    retryLimit,
    now: deps.now ? () => deps.now!().getTime() : undefined,
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const today = () => todayIso(deps.now?.() ?? new Date());
  const structures = async (ctx?: CallContext) => agencesToStructures(await client.listAgences(ctx), today());

  return {
    id: source.id,
    connector: 'france-travail',
    capabilities: { pushdown: [], coverage: { kind: 'all' }, maxBatchSize: franceTravailConfig.maxBatchSize },
    ping: () => client.probe(),
    async listStructures(_filter, ctx): Promise<FetchResult<Structure>> {
      return { ...(await structures(ctx)), appliedFilters: [] };
    },
    async listServices(): Promise<FetchResult<Service>> {
      return { items: [], rejected: [], appliedFilters: [] };
    },
    async getStructures(ids, ctx) {
      const wanted = ids.map((id) => parseSourceId(id));
      if (!wanted.some((w) => w?.source === FRANCE_TRAVAIL)) return ids.map(() => null);
      const byId = new Map((await structures(ctx)).items.map((s) => [s.id, s]));
      return ids.map((id) => byId.get(id) ?? null);
    },
    async getServices(ids) {
      return ids.map(() => null);
    },
  };
}
