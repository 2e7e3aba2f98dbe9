/**
 * data·inclusion API v1 over HTTP only (docs/partners/data-inclusion.md): Bearer token, list and search
 * routes paged with `page`/`size` to the end (stop on an empty page or at `pages`), items
 * de-duplicated by id across pages (the API reloads its tables hourly, so pages can shift),
 * detail routes per id with 404 → null. Returns the API's own DTOs.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type HttpClientSpec } from '../http.js';
import type { QueryParams } from './query.js';
import type {
  DiDetailedService,
  DiDetailedStructure,
  DiListedStructure,
  DiService,
  DiServiceSearchResult,
  DiSource,
} from './types.js';

/** What the data·inclusion client needs; `baseUrl` is the API host, e.g. `https://api.data.inclusion.gouv.fr`. */
export type DataInclusionClientOptions = Omit<HttpClientSpec, 'authenticate'> & {
  readonly token?: string;
  /** `size` asked per page (1…10 000). */
  readonly pageSize: number;
};

/** List items as sent (the mapping reads them defensively); null where an entry is not a JSON object. */
export type DiRecords<T> = ReadonlyArray<Partial<T> | null>;

/** The API's read routes the gateway uses. */
export interface DataInclusionClient {
  listStructures(params: QueryParams, ctx?: CallContext): Promise<DiRecords<DiListedStructure>>;
  listServices(params: QueryParams, ctx?: CallContext): Promise<DiRecords<DiService>>;
  /** `/search/services`, every page unless `limit` items were collected. */
  searchServices(params: QueryParams, ctx?: CallContext, limit?: number): Promise<DiRecords<DiServiceSearchResult>>;
  /** Detail routes; null on 404. */
  getStructure(id: string, ctx?: CallContext): Promise<Partial<DiDetailedStructure> | null>;
  getService(id: string, ctx?: CallContext): Promise<Partial<DiDetailedService> | null>;
  listSources(ctx?: CallContext): Promise<DiSource[]>;
  /** Cheapest authenticated call: one structure. */
  ping(ctx?: CallContext): Promise<void>;
}

/** A runaway guard: even the whole API (~140 000 services) is 14 pages of 10 000. */
const MAX_PAGES = 10_000;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Builds the client on the shared HTTP base. */
export function createDataInclusionClient(opts: DataInclusionClientOptions): DataInclusionClient {
  const http: Got = createHttpClient({
    ...opts,
    authenticate: (headers) => {
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    },
  });
  const bad = (message: string) => new ConnectorError(opts.partner, 'bad_response', message);

  const get = (path: string, ctx?: CallContext, params: QueryParams = []): Promise<unknown> =>
    callPartner(opts.partner, () =>
      http
        .get(path, {
          searchParams: new URLSearchParams(params.map(([k, v]) => [k, v])),
          signal: ctx?.signal,
          headers: ctx?.requestId ? { 'x-request-id': ctx.requestId } : {},
        })
        .json<unknown>(),
    );

  /** Pages `path` to the end; `idOf` de-duplicates items that moved between pages. */
  async function listAll(
    path: string,
    params: QueryParams,
    idOf: (item: Record<string, unknown>) => unknown,
    ctx?: CallContext,
    limit = Infinity,
  ) {
    const out: Array<Record<string, unknown> | null> = [];
    const seen = new Set<string>();
    const size = Math.min(opts.pageSize, limit);
    for (let page = 1; page <= MAX_PAGES; page++) {
      const body = await get(path, ctx, [...params, ['page', String(page)], ['size', String(size)]]);
      if (!isObject(body) || !Array.isArray(body.items))
        throw bad('list answer is not a {items, total, page, size, pages} page');
      for (const item of body.items as unknown[]) {
        const id = isObject(item) ? idOf(item) : undefined;
        if (typeof id === 'string') {
          if (seen.has(id)) continue;
          seen.add(id);
        }
        out.push(isObject(item) ? item : null);
      }
      const pages = typeof body.pages === 'number' ? body.pages : Infinity;
      if (body.items.length === 0 || page >= pages || out.length >= limit) break;
    }
    return out;
  }

  async function detail<T>(route: string, id: string, ctx?: CallContext): Promise<Partial<T> | null> {
    try {
      const body = await get(`api/v1/${route}/${encodeURIComponent(id)}`, ctx);
      if (!isObject(body)) throw bad(`${route} detail answer is not a JSON object`);
      return body as Partial<T>;
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  const serviceId = (item: Record<string, unknown>) => (isObject(item.service) ? item.service.id : undefined);
  return {
    listStructures: (params, ctx) =>
      listAll('api/v1/structures', params, (i) => i.id, ctx) as Promise<DiRecords<DiListedStructure>>,
    listServices: (params, ctx) =>
      listAll('api/v1/services', params, (i) => i.id, ctx) as Promise<DiRecords<DiService>>,
    searchServices: (params, ctx, limit) =>
      listAll('api/v1/search/services', params, serviceId, ctx, limit) as Promise<DiRecords<DiServiceSearchResult>>,
    getStructure: (id, ctx) => detail<DiDetailedStructure>('structures', id, ctx),
    getService: (id, ctx) => detail<DiDetailedService>('services', id, ctx),
    async listSources(ctx) {
      const body = await get('api/v1/sources', ctx);
      if (!Array.isArray(body)) throw bad('sources answer is not a list');
      return body.filter((s): s is DiSource => isObject(s) && typeof s.slug === 'string');
    },
    async ping(ctx) {
      await get('api/v1/structures', ctx, [
        ['page', '1'],
        ['size', '1'],
      ]);
    },
  };
}
