/**
 * Soliguide HTTP client (docs/partners/soliguide.md#endpoints): `POST /new-search` paginated through the body,
 * `GET /place/{lieu_id}`, `Authorization: JWT <token>`. Returns partner DTOs only.
 *
 * Retries: got retries idempotent methods only, so the search (a POST) is never retried by got.
 * The search is nonetheless a read, so a 429 is re-sent exactly once, after its Retry-After, when
 * that wait is at most `maxRetryAfterMs`; any other failure of a search fails the call at once.
 * `GET /place` keeps got's idempotent retries (429/5xx/timeouts, at most `retryLimit`).
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, fitsBudget, createHttpClient, toConnectorError, type HttpClientSpec } from '../http.js';
import type { SoliguidePlace, SoliguideSearchBody, SoliguideSearchResponse } from './types.js';

/** What the client needs. */
export type SoliguideClientOptions = Omit<HttpClientSpec, 'authenticate'> &
  Required<Pick<HttpClientSpec, 'maxRetryAfterMs'>> & {
    readonly token?: string;
    readonly pageSize: number;
    readonly maxPages: number;
    /** `new-search/<lang>` when set (e.g. `fr`), plain `new-search` otherwise. */
    readonly lang?: string;
  };

/** The search criteria the gateway sends (pagination is the client's business). */
export type SoliguideQuery = Omit<SoliguideSearchBody, 'options'>;

/** Soliguide calls, partner vocabulary in and out. */
export interface SoliguideClient {
  /** Every place matching `query`, all pages read (sorted by lieu_id so pages never overlap). */
  search(query: SoliguideQuery, ctx?: CallContext): Promise<SoliguidePlace[]>;
  /** One place, or null when Soliguide answers 404. */
  getPlace(lieuId: string, ctx?: CallContext): Promise<SoliguidePlace | null>;
  /** One one-place search page: proves the URL and the token work. */
  probe(ctx?: CallContext): Promise<void>;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const t = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(t), reject(signal.reason)), { once: true });
  });

function checkPage(partner: string, body: unknown): SoliguideSearchResponse {
  const b = body as Partial<SoliguideSearchResponse> | null;
  if (typeof b !== 'object' || b === null || !Array.isArray(b.places) || typeof b.nbResults !== 'number')
    throw new ConnectorError(partner, 'bad_response', 'search answer is not {nbResults, places[]}');
  return b as SoliguideSearchResponse;
}

/** Builds the Soliguide client on the shared HTTP base. */
export function createSoliguideClient(o: SoliguideClientOptions): SoliguideClient {
  const http: Got = createHttpClient({
    ...o,
    // The server reads the header after its first 4 characters: the scheme must be exactly "JWT ".
    authenticate: (headers) => void (headers.authorization = `JWT ${o.token}`),
  });
  const path = o.lang ? `new-search/${o.lang}` : 'new-search';
  const requireToken = () => {
    if (!o.token)
      throw new ConnectorError(
        o.partner,
        'unauthorized',
        'no token configured for this source (set `token` in the sources file)',
      );
  };
  const headers = (ctx?: CallContext) => (ctx?.requestId ? { 'x-request-id': ctx.requestId } : {});

  async function postPage(body: SoliguideSearchBody, ctx?: CallContext): Promise<SoliguideSearchResponse> {
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await http.post(path, { json: body, headers: headers(ctx), signal: ctx?.signal }).json<unknown>();
        return checkPage(o.partner, res);
      } catch (err) {
        const e = toConnectorError(o.partner, err);
        const wait = e.details.retryAfterMs;
        if (
          e.kind !== 'rate_limited' ||
          attempt > 0 ||
          wait === undefined ||
          wait > o.maxRetryAfterMs ||
          !fitsBudget(wait)
        )
          throw e;
        o.logger?.debug({ partner: o.partner, waitMs: wait }, 'search rate limited, retrying once after Retry-After');
        await sleep(wait, ctx?.signal);
      }
    }
  }

  return {
    async search(query, ctx) {
      requireToken();
      const places: SoliguidePlace[] = [];
      for (let page = 1; page <= o.maxPages; page++) {
        const body: SoliguideSearchBody = {
          ...query,
          options: { page, limit: o.pageSize, sortBy: 'lieu_id', sortValue: 1 },
        };
        const res = await postPage(body, ctx);
        places.push(...res.places);
        if (res.places.length < o.pageSize || places.length >= res.nbResults) return places;
      }
      throw new ConnectorError(
        o.partner,
        'bad_response',
        `search did not end after ${o.maxPages} pages of ${o.pageSize}`,
      );
    },
    async probe(ctx) {
      requireToken();
      await postPage({ location: { geoType: 'pays', geoValue: 'fr' }, options: { page: 1, limit: 1 } }, ctx);
    },
    async getPlace(lieuId, ctx) {
      requireToken();
      try {
        return await callPartner(o.partner, () =>
          http
            .get(`place/${encodeURIComponent(lieuId)}`, { headers: headers(ctx), signal: ctx?.signal })
            .json<SoliguidePlace>(),
        );
      } catch (err) {
        if (err instanceof ConnectorError && err.kind === 'not_found') return null;
        throw err;
      }
    },
  };
}
