/**
 * Who a request is for. Credentials come as `Authorization: Bearer <key or JWT>` or
 * `X-Api-Key: <key>`: an API key is found by its SHA-256 among the declared consumers' (compared in
 * constant time), a JWT is verified with JWT_SECRET (HS256; `exp` and `nbf` honoured when present)
 * and gives `{ sub, scopes }`, and ADMIN_TOKEN stands for an admin consumer. No credentials is an
 * anonymous consumer (`anonymous:<client ip>`, `api` only), refused when AUTH_MODE=required;
 * credentials that do not check out are always refused, never served as anonymous.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { errors as joseErrors, jwtVerify } from 'jose';
import type { AuthMode } from '../../config.js';
import { type Consumer, SCOPES, type Scope } from '../request-scope.js';
import type { DeclaredConsumer } from './consumers-file.js';

/** What authentication established: a consumer, and why the request must be refused (401) if it must. */
export interface Authentication {
  readonly consumer: Consumer;
  /** Set when the credentials are missing (AUTH_MODE=required) or invalid; the consumer is then anonymous. */
  readonly refused?: string;
}

/** What the authenticator is built from. */
export interface AuthenticatorDeps {
  readonly mode: AuthMode;
  readonly consumers: readonly DeclaredConsumer[];
  readonly jwtSecret?: string;
  readonly adminToken?: string;
}

/** Authenticates a request from its headers and socket; never throws. */
export type Authenticate = (req: IncomingMessage) => Promise<Authentication>;

/** The messages of a refused authentication (tests assert them). */
export const AUTH_REFUSED = Object.freeze({
  missing: 'Credentials are required: send "Authorization: Bearer <API key or token>" or "X-Api-Key: <API key>".',
  unknownKey: 'The API key is not valid.',
  badToken: 'The token is not valid (bad signature, malformed or not an HS256 JWT).',
  expired: 'The token has expired or is not valid yet.',
  noJwt: 'Tokens are not accepted by this gateway (JWT_SECRET is unset): use an API key.',
  scheme: 'The Authorization header must be "Bearer <API key or token>".',
});

/** Three base64url segments: what a JWS in compact form looks like (an API key never does). */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;
const SUBJECT = /^[\x21-\x7e]{1,200}$/;

/** The client's address as the socket gives it (IPv4-mapped IPv6 shown as IPv4). */
export function clientIp(req: IncomingMessage): string {
  const ip = req.socket.remoteAddress ?? 'unknown';
  return ip.startsWith('::ffff:') ? ip.slice(7) : ip;
}

/** The consumer of a request without credentials. */
export function anonymousConsumer(ip: string): Consumer {
  return { name: `anonymous:${ip}`, scopes: new Set<Scope>(['api']), anonymous: true };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/** Builds the authenticator over the declared consumers. */
export function createAuthenticator(deps: AuthenticatorDeps): Authenticate {
  const keys = deps.consumers.flatMap((c) =>
    c.keySha256.map((hex) => ({
      hash: Buffer.from(hex, 'hex'),
      consumer: { name: c.name, scopes: new Set(c.scopes), anonymous: false } satisfies Consumer,
    })),
  );
  const admin = deps.adminToken === undefined ? undefined : sha256(deps.adminToken);
  const adminConsumer: Consumer = { name: 'admin-token', scopes: new Set<Scope>(['api', 'admin']), anonymous: false };
  const secret = deps.jwtSecret === undefined ? undefined : new TextEncoder().encode(deps.jwtSecret);

  /** Every stored hash is compared, so the time taken does not say how many bytes matched, nor which entry. */
  const byKey = (key: string): Consumer | undefined => {
    const hash = sha256(key);
    let found: Consumer | undefined;
    for (const k of keys) if (timingSafeEqual(k.hash, hash)) found = k.consumer;
    if (admin !== undefined && timingSafeEqual(admin, hash)) found = adminConsumer;
    return found;
  };

  const byToken = async (token: string): Promise<Consumer | string> => {
    if (secret === undefined) return AUTH_REFUSED.noJwt;
    try {
      const { payload } = await jwtVerify(token, secret, { algorithms: ['HS256'] });
      const sub = payload.sub;
      if (typeof sub !== 'string' || !SUBJECT.test(sub)) return AUTH_REFUSED.badToken;
      const claimed = Array.isArray(payload.scopes) ? payload.scopes : [];
      const scopes = new Set(claimed.filter((s): s is Scope => (SCOPES as readonly unknown[]).includes(s)));
      return { name: sub, scopes, anonymous: false };
    } catch (err) {
      return err instanceof joseErrors.JWTExpired ||
        (err instanceof joseErrors.JWTClaimValidationFailed && err.claim === 'nbf')
        ? AUTH_REFUSED.expired
        : AUTH_REFUSED.badToken;
    }
  };

  return async (req) => {
    const anonymous = anonymousConsumer(clientIp(req));
    const refuse = (refused: string): Authentication => ({ consumer: anonymous, refused });
    const authorization = req.headers.authorization;
    const apiKey = req.headers['x-api-key'];
    let credential: string | undefined;
    if (authorization !== undefined && authorization !== '') {
      const m = /^Bearer[ ]+(\S+)[ ]*$/i.exec(authorization);
      if (!m) return refuse(AUTH_REFUSED.scheme);
      credential = m[1]!;
    } else if (typeof apiKey === 'string' && apiKey !== '') {
      credential = apiKey.trim();
    }
    if (credential === undefined)
      return deps.mode === 'required' ? refuse(AUTH_REFUSED.missing) : { consumer: anonymous };
    const consumer = byKey(credential);
    if (consumer) return { consumer };
    if (!JWT_SHAPE.test(credential)) return refuse(AUTH_REFUSED.unknownKey);
    const fromToken = await byToken(credential);
    return typeof fromToken === 'string' ? refuse(fromToken) : { consumer: fromToken };
  };
}
