/**
 * The cache put in front of each kind of connector, built from the generic cachedCall/cachedBatch
 * (cached-call.ts). Lists and searches are cached per (source, operation, the filter's normal form); id
 * lookups per id through getMany, "not found" included for the short negative TTL. Each returns a
 * new connector of the same interface, every operation named; the health probe passes through.
 */
import { normalFilter, type GeoPoint, type Service, type Structure, type OffreFilter } from '../src/domain/index.js';
import { listTags, recordTags, TAG } from './cache-tags.js';
import { cachedBatch, cachedCall, type Caching } from './cached-call.js';
import type {
  CallContext,
  EntrepriseConnector,
  FetchResult,
  GeocodeResult,
  GeocoderConnector,
  OffreConnector,
  TerritoryConnector,
} from './connector.js';
import { identityOf } from './policies.js';

/** Options of cachedOffre. */
export interface OffreCaching {
  /**
   * The connector's list calls ignore every filter (it returns the partner's whole list and the
   * gateway filters): one cached list per operation then serves every query. @default false
   */
  readonly national?: boolean;
}

type Located = Structure | Service;

/** An offre connector behind the cache; its list answers carry `cache` (status, age, freshness). */
export function cachedOffre(k: Caching, c: OffreConnector, opts: OffreCaching = {}): OffreConnector {
  const filterOf = (f: OffreFilter): OffreFilter => (opts.national ? {} : normalFilter(f));
  const list = <T extends Located>(
    operation: string,
    fn: (f: OffreFilter, ctx?: CallContext) => Promise<FetchResult<T>>,
  ) => {
    const call = cachedCall(k, operation, fn, { tags: (r: FetchResult<T>) => listTags(c.id, r.items) });
    return async (f: OffreFilter, ctx?: CallContext): Promise<FetchResult<T>> => {
      const { value, info } = await call(filterOf(f), ctx);
      return { ...value, cache: info };
    };
  };
  const lookup = <T extends Located>(
    operation: string,
    fn: (ids: readonly string[], ctx?: CallContext) => Promise<ReadonlyArray<T | null>>,
  ) => cachedBatch(k, operation, fn, { tags: (r: T) => recordTags(c.id, r) });
  return {
    ...identityOf(c),
    listStructures: list('listStructures', (f, ctx) => c.listStructures(f, ctx)),
    listServices: list('listServices', (f, ctx) => c.listServices(f, ctx)),
    getStructures: lookup('getStructures', (ids, ctx) => c.getStructures(ids, ctx)),
    getServices: lookup('getServices', (ids, ctx) => c.getServices(ids, ctx)),
  };
}

/** A territory source (the geo API) behind the cache: lookups per code, lists per argument. */
export function cachedTerritory(k: Caching, c: TerritoryConnector): TerritoryConnector {
  const tags = (t: { readonly code: string }) => [TAG.source(k.source), TAG.territory(t.code)];
  const byCode = <T extends { readonly code: string }>(
    operation: string,
    fn: (codes: readonly string[], ctx?: CallContext) => Promise<ReadonlyArray<T | null>>,
  ) => cachedBatch(k, operation, fn, { tags });
  const list = <A, T>(operation: string, fn: (arg: A, ctx?: CallContext) => Promise<T>) => {
    const call = cachedCall(k, operation, fn, { tags: () => [TAG.source(k.source)] });
    return async (arg: A, ctx?: CallContext): Promise<T> => (await call(arg, ctx)).value;
  };
  const regions = list('listRegions', (_: null, ctx) => c.listRegions(ctx));
  return {
    ...identityOf(c),
    getCommunes: byCode('getCommunes', (codes, ctx) => c.getCommunes(codes, ctx)),
    getDepartements: byCode('getDepartements', (codes, ctx) => c.getDepartements(codes, ctx)),
    getRegions: byCode('getRegions', (codes, ctx) => c.getRegions(codes, ctx)),
    getEpcis: byCode('getEpcis', (codes, ctx) => c.getEpcis(codes, ctx)),
    searchCommunes: list('searchCommunes', (q: Parameters<TerritoryConnector['searchCommunes']>[0], ctx) =>
      c.searchCommunes(q, ctx),
    ),
    listDepartements: list('listDepartements', (r: string | undefined, ctx) => c.listDepartements(r, ctx)),
    listEpcis: list('listEpcis', (d: string | undefined, ctx) => c.listEpcis(d, ctx)),
    listRegions: (ctx?: CallContext) => regions(null, ctx),
    communeAt: list('communeAt', (p: GeoPoint, ctx) => c.communeAt(p, ctx)),
  };
}

type GeocodeQuery = Parameters<GeocoderConnector['geocode']>[0][number];

/**
 * A geocoder behind the cache: one entry per address (case and spacing ignored), one per point (~1 m).
 * Tagged by source only: a page of a thousand addresses spans hundreds of communes, and a territory
 * tag per commune would cost three Redis commands each, for answers no territory invalidation needs
 * (they describe addresses, not the offer; the lists built from them carry their own tags).
 */
export function cachedGeocoder(k: Caching, c: GeocoderConnector): GeocoderConnector {
  const address = (q: GeocodeQuery) => ({
    q: q.q.trim().replace(/\s+/g, ' ').toLowerCase(),
    cp: q.codePostal ?? null,
    insee: q.codeInsee ?? null,
  });
  const tags = () => [TAG.source(k.source)];
  const reverse = cachedCall(k, 'reverse', (p: GeoPoint, ctx?: CallContext) => c.reverse(p, ctx), {
    params: (p) => [Number(p.longitude.toFixed(5)), Number(p.latitude.toFixed(5))],
    tags: (r: GeocodeResult | null) => (r ? tags() : []),
  });
  return {
    ...identityOf(c),
    geocode: cachedBatch(k, 'geocode', (qs, ctx) => c.geocode(qs, ctx), { params: address, tags }),
    reverse: async (p, ctx) => (await reverse(p, ctx)).value,
  };
}

/** A company registry behind the cache: one entry per SIRET. */
export function cachedEntreprises(k: Caching, c: EntrepriseConnector): EntrepriseConnector {
  return {
    ...identityOf(c),
    getEtablissements: cachedBatch(k, 'getEtablissements', (sirets, ctx) => c.getEtablissements(sirets, ctx), {
      params: (s: string) => s.replace(/\s+/g, ''),
      tags: () => [TAG.source(k.source)],
    }),
  };
}
