/**
 * geo.api.gouv.fr territory connector (connector `geo-api`). Batch lookups use as few calls as the
 * contract allows (it has no multi-code filter): communes cost one call per département (one
 * `/communes/{code}` alone, `/departements/{code}/communes` from two), arrondissements one call per
 * city, départements and régions one list call, EPCIs one call (`/epcis/{code}` alone, `/epcis` from two).
 * Malformed codes never cost a request. Any failure fails the whole batch as a ConnectorError.
 */
import type { CallContext, CommuneQuery, ConnectorDeps, SourceConfig, TerritoryConnector } from '../connector.js';
import { createHttpClient } from '../http.js';
import {
  CODE_FORMATS,
  communeOfArrondissement,
  compareCodeUnits,
  type Commune,
  type CommunePart,
} from '../../src/domain/index.js';
import { createGeoApiClient, type GeoApiClient, type GeoParams } from './client.js';
import { geoApiConfig as defaults } from './config.js';
import type { GeoCommuneDto } from './types.js';
import { mapAll, toArrondissement, toCommune, toDepartement, toEpci, toRegion, viaArrondissement } from './mapping.js';

const departementOf = (code: string): string => (code.startsWith('97') ? code.slice(0, 3) : code.slice(0, 2));

const byPopulation = (a: Commune, b: Commune): number =>
  (b.population ?? -1) - (a.population ?? -1) || compareCodeUnits(a.code, b.code);

/** Creates the connector for a `connector: geo-api` source. */
export function createGeoApiConnector(source: SourceConfig, deps: ConnectorDeps = {}): TerritoryConnector {
  const http = createHttpClient({
    partner: source.id,
    baseUrl: source.baseUrl || defaults.baseUrl,
    timeoutMs: source.timeoutMs ?? defaults.timeoutMs,
    rateLimit: defaults.rateLimit,
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const client = createGeoApiClient(http, source.id);
  const configured = Number(source.options?.departementBatchThreshold);
  const threshold = Number.isInteger(configured) && configured >= 1 ? configured : defaults.departementBatchThreshold;

  /** Maps a list; unusable records are logged (count only, never partner bodies). */
  const mapped = <D, T>(what: string, dtos: readonly D[], map: (d: D) => T | null): T[] => {
    const { items, unusable } = mapAll(dtos, map);
    if (unusable > 0)
      deps.logger?.warn(
        { partner: source.id, what, unusable },
        'geo-api: records without the fields a territory needs were left out',
      );
    return items;
  };
  const communes = (dtos: GeoCommuneDto[]) => mapped('communes', dtos, toCommune);

  return {
    id: source.id,
    connector: 'geo-api',
    capabilities: {
      pushdown: [],
      coverage: { kind: 'all' },
      rateLimit: defaults.rateLimit,
      maxBatchSize: defaults.maxBatchSize,
    },
    ping: (ctx) => client.probe(ctx),

    async getCommunes(codes, ctx) {
      const valid = codes.filter((c) => CODE_FORMATS.commune.re.test(c));
      const found = await fetchCommunes(client, valid, threshold, communes, ctx);
      return codes.map((c) => found.get(c) ?? null);
    },

    async searchCommunes(q: CommuneQuery, ctx) {
      const params: Record<string, string | number> = {};
      if (q.codePostal !== undefined) params.codePostal = q.codePostal;
      if (q.codeDepartement !== undefined) params.codeDepartement = q.codeDepartement;
      if (q.codeEpci !== undefined) params.codeEpci = q.codeEpci;
      const limit = q.limit === undefined ? undefined : Math.max(0, Math.floor(q.limit));
      if (q.nom !== undefined && q.nom.trim() !== '') {
        // The API ranks name matches itself (relevance boosted by population): keep its order and limit.
        const found = await client.searchCommunes(
          { ...params, nom: q.nom, boost: 'population', ...(limit === undefined ? {} : { limit }) },
          ctx,
        );
        return communes(found);
      }
      // Without a name the API answers in code order, so rank and cut here.
      const ranked = communes(await client.searchCommunes(params, ctx)).sort(byPopulation);
      return limit === undefined ? ranked : ranked.slice(0, limit);
    },

    async communeAt(point, ctx) {
      // The API answers the commune whose outline contains the point (none at sea or abroad).
      const [found] = communes(await client.searchCommunes({ lat: point.latitude, lon: point.longitude }, ctx));
      return found ?? null;
    },

    async getDepartements(codes, ctx) {
      if (!codes.some((c) => CODE_FORMATS.departement.re.test(c))) return codes.map(() => null);
      const all = new Map(
        mapped('departements', await client.departements({}, ctx), toDepartement).map((d) => [d.code, d]),
      );
      return codes.map((c) => all.get(c) ?? null);
    },
    async listDepartements(codeRegion, ctx) {
      const params: GeoParams = codeRegion === undefined ? {} : { codeRegion };
      return mapped('departements', await client.departements(params, ctx), toDepartement);
    },
    async getRegions(codes, ctx) {
      if (!codes.some((c) => CODE_FORMATS.region.re.test(c))) return codes.map(() => null);
      const all = new Map(mapped('regions', await client.regions(ctx), toRegion).map((r) => [r.code, r]));
      return codes.map((c) => all.get(c) ?? null);
    },
    async listRegions(ctx) {
      return mapped('regions', await client.regions(ctx), toRegion);
    },
    async getEpcis(codes, ctx) {
      const valid = [...new Set(codes.filter((c) => CODE_FORMATS.epci.re.test(c)))];
      if (valid.length === 0) return codes.map(() => null);
      const dtos =
        valid.length === 1
          ? [await client.epci(valid[0]!, ctx)].filter((d) => d !== null)
          : await client.epcis({}, ctx);
      const all = new Map(mapped('epcis', dtos, toEpci).map((e) => [e.code, e]));
      return codes.map((c) => all.get(c) ?? null);
    },
    async listEpcis(codeDepartement, ctx) {
      const params: GeoParams = codeDepartement === undefined ? {} : { codeDepartement };
      return mapped('epcis', await client.epcis(params, ctx), toEpci);
    },
  };
}

/**
 * Communes by code (arrondissement codes included), in as few calls as the contract allows: per
 * département, one `/communes/{code}` or, from `threshold` communes on, `/departements/{code}/communes`;
 * per city with arrondissements asked for, one `/communes?type=arrondissement-municipal&codeParent=`.
 */
async function fetchCommunes(
  client: GeoApiClient,
  codes: readonly string[],
  threshold: number,
  communes: (dtos: GeoCommuneDto[]) => Commune[],
  ctx?: CallContext,
): Promise<Map<string, Commune>> {
  const byDep = new Map<string, Set<string>>();
  const cities = new Set<string>();
  for (const code of codes) {
    const parent = communeOfArrondissement(code);
    if (parent) cities.add(parent);
    const own = parent ?? code;
    const group = byDep.get(departementOf(own)) ?? new Set<string>();
    byDep.set(departementOf(own), group.add(own));
  }
  const found = new Map<string, Commune>();
  const arrondissements = new Map<string, CommunePart & { commune: string }>();
  await Promise.all([
    ...[...byDep].map(async ([dep, group]) => {
      const dtos =
        group.size >= threshold
          ? ((await client.communesOfDepartement(dep, ctx)) ?? [])
          : (await Promise.all([...group].map((c) => client.commune(c, ctx)))).filter((d) => d !== null);
      for (const c of communes(dtos)) if (group.has(c.code)) found.set(c.code, c);
    }),
    ...[...cities].map(async (city) => {
      for (const dto of await client.arrondissements(city, ctx)) {
        const arr = toArrondissement(dto);
        if (arr && arr.commune === city) arrondissements.set(arr.code, arr);
      }
    }),
  ]);
  for (const [code, arr] of arrondissements) {
    const commune = found.get(arr.commune);
    if (commune) found.set(code, viaArrondissement(commune, arr));
  }
  return found;
}
