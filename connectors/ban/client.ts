/**
 * The Géoplateforme geocoder over HTTP only (partner-apis.md §6): `GET search` and `GET reverse`,
 * no auth, 50 requests/s. Returns GeoCodeJSON FeatureCollections; anything else is a bad_response.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type ConnectorLogger } from '../http.js';
import type { BanFeatureCollection, BanSearchParams } from './types.js';

/** What the BAN client needs. */
export interface BanClientOptions {
  /** Source id used in errors and metrics. */
  readonly partner: string;
  /** Geocoder root, e.g. `https://data.geopf.fr/geocodage`. */
  readonly baseUrl: string;
  readonly timeoutMs: number;
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
  readonly onRequest?: (partner: string) => void;
  readonly logger?: ConnectorLogger;
}

/** The geocoder's read-only routes. */
export interface BanClient {
  search(params: BanSearchParams, ctx?: CallContext): Promise<BanFeatureCollection>;
  reverse(point: { readonly lon: number; readonly lat: number; readonly limit: number }, ctx?: CallContext): Promise<BanFeatureCollection>;
  /** Cheapest call: the service description. */
  capabilities(ctx?: CallContext): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the envelope only; features are read defensively by the mapping. */
function asCollection(partner: string, body: unknown): BanFeatureCollection {
  if (isObject(body) && body.type === 'FeatureCollection' && Array.isArray(body.features)) return body as unknown as BanFeatureCollection;
  throw new ConnectorError(partner, 'bad_response', 'answer is not a GeoCodeJSON FeatureCollection');
}

/** Drops undefined values so they never reach the query string as "undefined". */
function query(params: object): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<string, string | number>;
}

/** Builds the BAN client on the shared HTTP base. */
export function createBanClient(opts: BanClientOptions): BanClient {
  const http: Got = createHttpClient({
    partner: opts.partner,
    baseUrl: opts.baseUrl,
    timeoutMs: opts.timeoutMs,
    rateLimit: opts.rateLimit,
    onRequest: opts.onRequest,
    logger: opts.logger,
  });
  const get = (path: string, params: object, ctx?: CallContext) =>
    callPartner(opts.partner, async () => {
      const headers = ctx?.requestId ? { 'x-request-id': ctx.requestId } : undefined;
      const body = await http.get(path, { searchParams: query(params), signal: ctx?.signal, headers }).json<unknown>();
      return asCollection(opts.partner, body);
    });
  return {
    search: (params, ctx) => get('search', params, ctx),
    reverse: (point, ctx) => get('reverse', point, ctx),
    capabilities: (ctx) =>
      callPartner(opts.partner, async () => {
        await http.get('getCapabilities', { signal: ctx?.signal }).json<unknown>();
      }),
  };
}
