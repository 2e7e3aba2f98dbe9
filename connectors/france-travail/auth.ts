/**
 * France Travail OAuth2 client credentials: one token endpoint call, the token cached until it
 * expires (minus a margin), and a single flight, so concurrent calls share one token request.
 *
 * Single flight: while a token request is in flight every caller awaits the same promise; when it
 * settles the promise is dropped, so a failed request is not cached and the next call retries.
 * `invalidate(token)` only forgets the token it names: when several calls see the same token
 * refused, the first invalidation clears it and the others join the one refresh that follows.
 */
import type { Got } from 'got';
import { HTTPError } from 'got';
import { ConnectorError } from '../../src/errors.js';
import { createHttpClient, toConnectorError, type HttpClientSpec } from '../http.js';
import type { FtTokenResponse } from './types.js';

/** A cached bearer token. */
export interface TokenSource {
  /**
   * A valid token, fetched when none is cached or the cached one is about to expire. Takes no
   * abort signal: the request is shared, one caller giving up must not fail the others.
   */
  get(): Promise<string>;
  /** Forgets `token` if it is still the cached one (the API refused it). */
  invalidate(token: string): void;
}

/** Caches what `fetchToken` returns for its lifetime minus `marginMs` (at most half the lifetime). */
export function createTokenCache(
  fetchToken: () => Promise<{ token: string; expiresInS: number }>,
  now: () => number,
  marginMs: number,
): TokenSource {
  let current: { token: string; renewAt: number } | null = null;
  let inflight: Promise<string> | null = null;
  return {
    get() {
      if (current && now() < current.renewAt) return Promise.resolve(current.token);
      inflight ??= fetchToken()
        .then(({ token, expiresInS }) => {
          const lifeMs = expiresInS * 1000;
          current = { token, renewAt: now() + lifeMs - Math.min(marginMs, lifeMs / 2) };
          return token;
        })
        .finally(() => {
          inflight = null;
        });
      return inflight;
    },
    invalidate(token) {
      if (current?.token === token) current = null;
    },
  };
}

/** What the token endpoint needs. */
export type TokenEndpointOptions = Pick<HttpClientSpec, 'partner' | 'timeoutMs' | 'onRequest' | 'logger'> & {
  readonly tokenUrl: string;
  readonly clientId?: string;
  readonly clientSecret?: string;
  readonly scope: string;
};

// OAuth2 errors (RFC 6749, section 5.2) that mean "these credentials or scopes are refused", sent as 400 or 401.
const REFUSED = new Set(['invalid_client', 'invalid_grant', 'unauthorized_client', 'invalid_scope']);

/** The OAuth2 `error` code of an error answer (got may hand the body over parsed or as text). */
function oauthError(body: unknown): string | null {
  try {
    const b: unknown = typeof body === 'string' ? JSON.parse(body) : body;
    return typeof b === 'object' && b !== null && typeof (b as { error?: unknown }).error === 'string'
      ? (b as { error: string }).error
      : null;
  } catch {
    return null;
  }
}

/** The client-credentials call: a form POST, never retried (got retries idempotent methods only). */
export function tokenFetcher(o: TokenEndpointOptions): () => Promise<{ token: string; expiresInS: number }> {
  const url = new URL(o.tokenUrl);
  const http: Got = createHttpClient({
    partner: o.partner,
    baseUrl: url.origin,
    timeoutMs: o.timeoutMs,
    onRequest: o.onRequest,
    logger: o.logger,
  });
  const path = `${url.pathname.replace(/^\/+/, '')}${url.search}`;
  return async () => {
    if (!o.clientId || !o.clientSecret)
      throw new ConnectorError(
        o.partner,
        'unauthorized',
        'no client credentials configured for this source (set clientId and clientSecret in the sources file)',
      );
    let body: Partial<FtTokenResponse>;
    try {
      body = await http
        .post(path, {
          form: {
            grant_type: 'client_credentials',
            client_id: o.clientId,
            client_secret: o.clientSecret,
            scope: o.scope.replace('{clientId}', o.clientId),
          },
        })
        .json<Partial<FtTokenResponse>>();
    } catch (err) {
      if (
        err instanceof HTTPError &&
        err.response.statusCode === 400 &&
        REFUSED.has(oauthError(err.response.body) ?? '')
      )
        throw new ConnectorError(
          o.partner,
          'unauthorized',
          'token endpoint refused the client credentials (HTTP 400)',
          { status: 400, cause: err },
        );
      const e = toConnectorError(o.partner, err);
      throw e.kind === 'unauthorized'
        ? new ConnectorError(
            o.partner,
            'unauthorized',
            `token endpoint refused the client credentials (HTTP ${e.details.status})`,
            e.details,
          )
        : e;
    }
    if (
      typeof body?.access_token !== 'string' ||
      body.access_token === '' ||
      typeof body.expires_in !== 'number' ||
      !(body.expires_in > 0)
    )
      throw new ConnectorError(o.partner, 'bad_response', 'token endpoint answer has no access_token/expires_in');
    return { token: body.access_token, expiresInS: body.expires_in };
  };
}
