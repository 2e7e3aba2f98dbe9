/**
 * DORA API v2 over HTTP only (docs/partners/dora.md#endpoints): DRF token auth, list routes paginated with
 * `page_size`/`page` and followed to the end, detail routes per id. Returns DORA's own DTOs.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type HttpClientSpec } from '../http.js';
import type { DoraService, DoraStructure } from './types.js';
import { drfNextPage, isDrfPage, isJsonObject } from '../drf.js';

/** What the DORA client needs; `baseUrl` is the API v2 root, e.g. `https://api.dora.inclusion.gouv.fr/api/v2`. */
export type DoraClientOptions = Omit<HttpClientSpec, 'authenticate'> & {
  readonly token?: string;
  readonly pageSize: number;
};

/** A list answer: records as sent (the mapping reads them defensively); null where an entry is not a JSON object. */
export type DoraRecords<T> = ReadonlyArray<Partial<T> | null>;

/** DORA's read-only routes. */
export interface DoraClient {
  listStructures(ctx?: CallContext): Promise<DoraRecords<DoraStructure>>;
  listServices(ctx?: CallContext): Promise<DoraRecords<DoraService>>;
  /** Detail route; null on 404 (unknown or unpublished). */
  getStructure(id: string, ctx?: CallContext): Promise<Partial<DoraStructure> | null>;
  getService(id: string, ctx?: CallContext): Promise<Partial<DoraService> | null>;
  /** Cheapest authenticated call: one structure. */
  ping(ctx?: CallContext): Promise<void>;
}

/** Builds the DORA client on the shared HTTP base. */
export function createDoraClient(opts: DoraClientOptions): DoraClient {
  const http: Got = createHttpClient({
    ...opts,
    authenticate: (headers) => {
      if (opts.token) headers.authorization = `Token ${opts.token}`;
    },
  });
  const bad = (message: string) => new ConnectorError(opts.partner, 'bad_response', message);

  const get = (path: string, ctx: CallContext | undefined, searchParams?: Record<string, number>): Promise<unknown> =>
    callPartner(opts.partner, () =>
      http
        .get(path, {
          searchParams,
          signal: ctx?.signal,
          headers: ctx?.requestId ? { 'x-request-id': ctx.requestId } : {},
        })
        .json<unknown>(),
    );

  /** Pages through a list route until `next` is null; a bare array (no pagination) is the whole table. */
  async function listAll(path: string, ctx?: CallContext): Promise<unknown[]> {
    const out: unknown[] = [];
    let page = 1;
    let maxPages = Infinity;
    for (;;) {
      const body = await get(path, ctx, { page_size: opts.pageSize, page });
      if (Array.isArray(body)) return [...out, ...body];
      if (!isDrfPage(body)) throw bad('list answer is neither a DRF page nor an array');
      if (page === 1 && typeof body.count === 'number') maxPages = Math.ceil(body.count / opts.pageSize) + 1;
      out.push(...body.results);
      if (body.next === null) return out;
      const next = drfNextPage(body.next);
      // A `next` that does not move forward would loop for ever.
      if (next === null || next <= page || next > maxPages) throw bad('pagination link does not point at a later page');
      page = next;
    }
  }

  async function detail(path: string, ctx?: CallContext): Promise<Record<string, unknown> | null> {
    try {
      const body = await get(path, ctx);
      if (!isJsonObject(body)) throw bad('detail answer is not an object');
      return body;
    } catch (err) {
      if (err instanceof ConnectorError && err.kind === 'not_found') return null;
      throw err;
    }
  }

  const records = (rows: unknown[]) => rows.map((r) => (isJsonObject(r) ? r : null));
  return {
    listStructures: async (ctx) => records(await listAll('structures/', ctx)),
    listServices: async (ctx) => records(await listAll('services/', ctx)),
    getStructure: (id, ctx) => detail(`structures/${encodeURIComponent(id)}/`, ctx),
    getService: (id, ctx) => detail(`services/${encodeURIComponent(id)}/`, ctx),
    ping: async (ctx) => void (await get('structures/', ctx, { page_size: 1, page: 1 })),
  };
}
