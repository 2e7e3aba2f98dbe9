/**
 * The Géoplateforme geocoder over HTTP only (docs/partners/ban.md#endpoints): `GET search` and `GET reverse`,
 * plus the CSV batch `POST search/csv` (csv.ts), no auth, 50 requests/s. Returns GeoCodeJSON
 * FeatureCollections (one per CSV row for the batch); anything else is a bad_response.
 */
import { randomBytes } from 'node:crypto';
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type HttpClientSpec } from '../http.js';
import { readCsv, rowToCollection, writeCsv } from './csv.js';
import type { BanFeatureCollection, BanSearchParams } from './types.js';

/** What the BAN client needs; `baseUrl` is the geocoder root, e.g. `https://data.geopf.fr/geocodage`. */
export type BanClientOptions = HttpClientSpec;

/** The geocoder's read-only routes. */
export interface BanClient {
  search(params: BanSearchParams, ctx?: CallContext): Promise<BanFeatureCollection>;
  reverse(
    point: { readonly lon: number; readonly lat: number; readonly limit: number },
    ctx?: CallContext,
  ): Promise<BanFeatureCollection>;
  /** Many searches in ONE request (`q` and, when given, `citycode` per row); one collection per row, in order, with the best result only. */
  searchCsv(rows: readonly BanSearchParams[], ctx?: CallContext): Promise<BanFeatureCollection[]>;
  /** Cheapest call: the service description. */
  capabilities(ctx?: CallContext): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Checks the envelope only; features are read defensively by the mapping. */
function asCollection(partner: string, body: unknown): BanFeatureCollection {
  if (isObject(body) && body.type === 'FeatureCollection' && Array.isArray(body.features))
    return body as unknown as BanFeatureCollection;
  throw new ConnectorError(partner, 'bad_response', 'answer is not a GeoCodeJSON FeatureCollection');
}

/** Drops undefined values so they never reach the query string as "undefined". */
function query(params: object): Record<string, string | number> {
  return Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined)) as Record<
    string,
    string | number
  >;
}

/** The CSV upload form: the file in `data`, `q` as the query column, `citycode` as the per-row filter column. */
function multipartBody(boundary: string, csv: string): string {
  const field = (name: string, value: string) =>
    `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
  const file = `--${boundary}\r\nContent-Disposition: form-data; name="data"; filename="addresses.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n`;
  return `${file}${field('columns', 'q')}${field('citycode', 'citycode')}--${boundary}--\r\n`;
}

/** Builds the BAN client on the shared HTTP base. */
export function createBanClient(opts: BanClientOptions): BanClient {
  const http: Got = createHttpClient(opts);
  const get = (path: string, params: object, ctx?: CallContext) =>
    callPartner(opts.partner, async () => {
      const headers = ctx?.requestId ? { 'x-request-id': ctx.requestId } : undefined;
      const body = await http.get(path, { searchParams: query(params), signal: ctx?.signal, headers }).json<unknown>();
      return asCollection(opts.partner, body);
    });
  const searchCsv = (rows: readonly BanSearchParams[], ctx?: CallContext) =>
    callPartner(opts.partner, async () => {
      const boundary = `----gateway${randomBytes(12).toString('hex')}`;
      const csv = writeCsv(
        ['q', 'citycode'],
        rows.map((r) => [r.q, r.citycode ?? '']),
      );
      const headers = {
        'content-type': `multipart/form-data; boundary=${boundary}`,
        ...(ctx?.requestId ? { 'x-request-id': ctx.requestId } : {}),
      };
      const { body: text } = await http.post('search/csv', {
        body: multipartBody(boundary, csv),
        signal: ctx?.signal,
        headers,
        responseType: 'text',
      });
      const table = readCsv(text);
      if (table.rows.length !== rows.length || !table.header.includes('result_status')) {
        throw new ConnectorError(
          opts.partner,
          'bad_response',
          `CSV answer has ${table.rows.length} rows for ${rows.length} addresses`,
        );
      }
      return table.rows.map((cells) =>
        rowToCollection(Object.fromEntries(table.header.map((h, i) => [h, cells[i] ?? '']))),
      );
    });
  return {
    searchCsv,
    search: (params, ctx) => get('search', params, ctx),
    reverse: (point, ctx) => get('reverse', point, ctx),
    capabilities: (ctx) =>
      callPartner(opts.partner, async () => {
        await http.get('getCapabilities', { signal: ctx?.signal }).json<unknown>();
      }),
  };
}
