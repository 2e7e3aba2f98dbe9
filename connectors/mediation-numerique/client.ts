/**
 * The cartographie nationale over HTTP only (docs/partners/mediation-numerique.md#endpoints): the PostgREST view `carto`
 * behind a Bearer JWT, paged with `limit`/`offset` until a short page, looked up by `id=in.(…)`.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type HttpClientSpec } from '../http.js';
import type { CartoRow } from './types.js';

/** What the client needs; `baseUrl` is the PostgREST root, e.g. `https://api.inclusion-numerique.anct.gouv.fr`. */
export type CartoClientOptions = Omit<HttpClientSpec, 'authenticate'> & {
  readonly token?: string;
  readonly pageSize: number;
};

/** Rows as sent (the mapping reads them defensively); null where an entry is not a JSON object. */
export type CartoRows = ReadonlyArray<Partial<CartoRow> | null>;

/** The `carto` view. */
export interface CartoClient {
  /** Every row, page after page. */
  listAll(ctx?: CallContext): Promise<CartoRows>;
  /** The rows with these ids (any order; unknown ids are simply absent). */
  byIds(ids: readonly string[], ctx?: CallContext): Promise<CartoRows>;
  ping(ctx?: CallContext): Promise<void>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A PostgREST `in.(…)` list with every value double-quoted, so ids holding commas or parentheses stay whole. */
export function inList(values: readonly string[]): string {
  return `in.(${values.map((v) => `"${v.replace(/["\\]/g, (c) => `\\${c}`)}"`).join(',')})`;
}

/** Builds the cartographie client on the shared HTTP base. */
export function createCartoClient(opts: CartoClientOptions): CartoClient {
  const http: Got = createHttpClient({
    ...opts,
    authenticate: (headers) => {
      if (opts.token) headers.authorization = `Bearer ${opts.token}`;
    },
  });

  async function page(searchParams: Record<string, string | number>, ctx?: CallContext, countExact = false) {
    const res = await callPartner(opts.partner, () =>
      http.get('carto', {
        searchParams,
        signal: ctx?.signal,
        headers: {
          ...(ctx?.requestId ? { 'x-request-id': ctx.requestId } : {}),
          ...(countExact ? { prefer: 'count=exact' } : {}),
        },
      }),
    );
    const body: unknown = res.body;
    if (!Array.isArray(body))
      throw new ConnectorError(opts.partner, 'bad_response', 'carto answer is not a JSON array');
    const total = /\/(\d+)$/.exec(String(res.headers['content-range'] ?? ''))?.[1];
    return {
      rows: body.map((r) => (isObject(r) ? (r as Partial<CartoRow>) : null)),
      total: total === undefined ? null : Number(total),
    };
  }

  return {
    async listAll(ctx) {
      const out: Array<Partial<CartoRow> | null> = [];
      // Ordered by id so offsets stay stable; the exact count says when to stop even if the server caps
      // pages below our limit (PostgREST db-max-rows), where "a short page is the last" would truncate.
      for (;;) {
        const { rows, total } = await page({ order: 'id.asc', limit: opts.pageSize, offset: out.length }, ctx, true);
        if (rows.length > opts.pageSize)
          throw new ConnectorError(opts.partner, 'bad_response', 'carto page is larger than the limit asked');
        out.push(...rows);
        if (rows.length === 0 || (total !== null ? out.length >= total : rows.length < opts.pageSize)) return out;
      }
    },
    byIds: async (ids, ctx) => (ids.length === 0 ? [] : (await page({ id: inList(ids), limit: ids.length }, ctx)).rows),
    ping: async (ctx) => void (await page({ limit: 1 }, ctx)),
  };
}
