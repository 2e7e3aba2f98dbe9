/**
 * Les emplois de l'inclusion over HTTP only (docs/partners/emplois-de-linclusion.md#endpoints): the restricted
 * `data-inclusion/?type=siae|orga` lists (`Authorization: Token …`) and the open `siaes/` search by
 * département, both DRF-paginated and followed to the end, one page at a time.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type HttpClientSpec } from '../http.js';
import type { EmploisType } from './types.js';
import { drfNextPage, isDrfPage } from '../drf.js';

/** What the emplois client needs; `baseUrl` is the API root, e.g. `https://emplois.inclusion.beta.gouv.fr/api/v1`. */
export type EmploisClientOptions = Omit<HttpClientSpec, 'authenticate'> & {
  readonly token?: string;
  readonly pageSize: number;
};

/** Raw records, page by page: the mapping reads them defensively. */
export interface EmploisClient {
  /** `data-inclusion/?type=…` pages, to the end (needs the token). */
  structurePages(type: EmploisType, ctx?: CallContext): AsyncGenerator<readonly unknown[]>;
  /** `siaes/?departement=…` pages, to the end (open). */
  siaePages(departement: string, ctx?: CallContext): AsyncGenerator<readonly unknown[]>;
  /** Cheapest call of the route this client will use. */
  ping(ctx?: CallContext): Promise<void>;
}

/** Builds the emplois client on the shared HTTP base. */
export function createEmploisClient(opts: EmploisClientOptions): EmploisClient {
  const http: Got = createHttpClient({
    ...opts,
    authenticate: opts.token ? (headers) => void (headers.authorization = `Token ${opts.token}`) : undefined,
  });
  const fail = (message: string) => new ConnectorError(opts.partner, 'bad_response', message);

  async function* pages(
    path: string,
    params: Record<string, string>,
    ctx?: CallContext,
  ): AsyncGenerator<readonly unknown[]> {
    let page = 1;
    for (;;) {
      const searchParams = { ...params, page_size: String(opts.pageSize), ...(page > 1 ? { page: String(page) } : {}) };
      const headers = ctx?.requestId ? { 'x-request-id': ctx.requestId } : undefined;
      const body = await callPartner(opts.partner, () =>
        http.get(path, { searchParams, signal: ctx?.signal, headers }).json<unknown>(),
      );
      if (!isDrfPage(body, true)) throw fail('answer is not a DRF page (count/next/previous/results)');
      // `count` bounds the walk, so a partner that keeps answering `next` cannot loop us forever.
      const maxPages = Math.max(1, Math.ceil((body.count ?? 0) / opts.pageSize));
      yield body.results;
      if (body.next === null) return;
      const next = drfNextPage(body.next);
      if (next !== page + 1 || next > maxPages)
        throw fail(`pagination link does not lead to page ${page + 1} of ${maxPages}`);
      page = next;
    }
  }

  return {
    structurePages: (type, ctx) => pages('data-inclusion/', { type }, ctx),
    siaePages: (departement, ctx) => pages('siaes/', { departement }, ctx),
    async ping(ctx) {
      const [path, params] = opts.token ? ['data-inclusion/', { type: 'siae' }] : ['siaes/', { departement: '75' }];
      const body = await callPartner(opts.partner, () =>
        http.get(path, { searchParams: { ...params, page_size: '1' }, signal: ctx?.signal }).json<unknown>(),
      );
      if (!isDrfPage(body, true)) throw fail('answer is not a DRF page (count/next/previous/results)');
    },
  };
}
