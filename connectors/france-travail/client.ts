/**
 * France Travail référentiel des agences client: `GET agences?horaire=true` with a bearer token
 * from the OAuth2 token cache. One answer holds every agency (no pagination). A 401 from the API
 * means the token expired or was revoked mid-run: the client drops that token, fetches one fresh
 * token (shared by concurrent callers) and re-sends once; a second 401 fails as unauthorized.
 * 429/5xx/timeouts keep got's idempotent GET retries (at most `retryLimit`).
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner, createHttpClient, type HttpClientSpec } from '../http.js';
import { createTokenCache, tokenFetcher, type TokenSource } from './auth.js';
import type { FtAgence } from './types.js';

/** What the client needs. */
export type FranceTravailClientOptions = Omit<HttpClientSpec, 'authenticate'> & {
  readonly tokenUrl: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope: string;
  readonly tokenMarginMs: number;
  readonly now?: () => number;
};

/** France Travail calls, partner vocabulary out. */
export interface FranceTravailClient {
  /** Every agency, with its opening hours. */
  listAgences(ctx?: CallContext): Promise<FtAgence[]>;
  /** A token can be obtained (proves the credentials). */
  probe(): Promise<void>;
}

/** Builds the client on the shared HTTP base. */
export function createFranceTravailClient(o: FranceTravailClientOptions): FranceTravailClient {
  const http: Got = createHttpClient(o);
  const tokens: TokenSource = createTokenCache(
    tokenFetcher({
      partner: o.partner,
      tokenUrl: o.tokenUrl,
      clientId: o.clientId,
      clientSecret: o.clientSecret,
      scope: o.scope,
      timeoutMs: o.timeoutMs,
      onRequest: o.onRequest,
      logger: o.logger,
    }),
    o.now ?? Date.now,
    o.tokenMarginMs,
  );

  const fetchWith = (token: string, ctx?: CallContext) =>
    callPartner(o.partner, () =>
      http
        .get('agences', {
          searchParams: { horaire: 'true' },
          headers: {
            authorization: `Bearer ${token}`,
            accept: 'application/json',
            ...(ctx?.requestId ? { 'x-request-id': ctx.requestId } : {}),
          },
          signal: ctx?.signal,
        })
        .json<unknown>(),
    );

  return {
    async listAgences(ctx) {
      const token = await tokens.get();
      let body: unknown;
      try {
        body = await fetchWith(token, ctx);
      } catch (err) {
        if (!(err instanceof ConnectorError) || err.kind !== 'unauthorized' || err.details.status !== 401) throw err;
        o.logger?.debug({ partner: o.partner }, 'access token refused, refreshing it once');
        tokens.invalidate(token);
        body = await fetchWith(await tokens.get(), ctx);
      }
      if (!Array.isArray(body))
        throw new ConnectorError(o.partner, 'bad_response', 'agences answer is not a JSON array');
      return body as FtAgence[];
    },
    async probe() {
      await tokens.get();
    },
  };
}
