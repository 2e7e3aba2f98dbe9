/**
 * Admission of a GraphQL request: authenticated (401 when refused), allowed the `api` scope (403),
 * within its consumer's rate limit (429), in that order. The fast path (fast-path.ts) admits the
 * requests it may answer and hands what it decided to express with the request (rememberAdmission),
 * so a request is authenticated and counted once, whichever path answers it.
 */
import type { IncomingMessage } from 'node:http';
import type { RequestHandler, Response } from 'express';
import type { Consumer, RequestScope } from '../request-scope.js';
import { AUTH_REFUSED, type Authenticate, type Authentication } from './authenticate.js';
import type { TakeRequest } from './rate-limit.js';

/** What admission decided: go on with these headers, or answer this refusal. */
export type Verdict =
  | { readonly ok: true; readonly headers: Readonly<Record<string, string>> }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 429;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: object;
    };

/** A refusal body in the GraphQL error shape, so GraphQL clients can read it. */
function refusal(message: string, code: string) {
  return { errors: [{ message, extensions: { code } }] };
}

/** Builds admission over an authentication's outcome. */
export function createAdmit(take: TakeRequest): (auth: Authentication) => Promise<Verdict> {
  return async ({ consumer, refused }): Promise<Verdict> => {
    if (refused !== undefined) {
      const challenge = refused === AUTH_REFUSED.missing ? 'Bearer' : 'Bearer error="invalid_token"';
      return {
        ok: false,
        status: 401,
        headers: { 'www-authenticate': challenge },
        body: refusal(refused, 'UNAUTHENTICATED'),
      };
    }
    if (!consumer.scopes.has('api')) {
      return {
        ok: false,
        status: 403,
        headers: {},
        body: refusal(
          `Consumer "${consumer.name}" lacks the api scope that GraphQL requires (its scopes: ${[...consumer.scopes].join(', ') || 'none'}).`,
          'FORBIDDEN',
        ),
      };
    }
    const decision = await take(consumer);
    if (decision.allowed) return { ok: true, headers: decision.headers };
    const message = `Rate limit exceeded for consumer "${consumer.name}" (${decision.headers['ratelimit-policy'] ?? ''}): retry after ${decision.headers['retry-after'] ?? '1'} s.`;
    return { ok: false, status: 429, headers: decision.headers, body: refusal(message, 'RATE_LIMITED') };
  };
}

/** What the fast path decided for a request it passes on. */
export interface Admission {
  readonly auth: Authentication;
  readonly verdict?: Verdict;
}

const ADMISSION = Symbol('admission');
type Admitted = IncomingMessage & { [ADMISSION]?: Admission };

/** Hands what the fast path decided over to express. */
export function rememberAdmission(req: IncomingMessage, admission: Admission): void {
  (req as Admitted)[ADMISSION] = admission;
}

function remembered(req: IncomingMessage): Admission | undefined {
  return (req as Admitted)[ADMISSION];
}

/** Sets the request scope's consumer for every request (the fast path's, else authenticated now). */
export function authenticated(authenticate: Authenticate): RequestHandler {
  return async (req, res, next) => {
    const auth = remembered(req)?.auth ?? (await authenticate(req));
    res.locals.authentication = auth;
    res.locals.scope = { ...(res.locals.scope as RequestScope), consumer: auth.consumer } satisfies RequestScope;
    next();
  };
}

/** Answers a refusal: its status, headers and GraphQL-shaped body. */
export function sendVerdict(res: Response, verdict: Verdict & { ok: false }): void {
  res.status(verdict.status).set(verdict.headers).json(verdict.body);
}

/** On /graphql: admits the request (the fast path's verdict, else decided now), or answers its refusal. */
export function admitted(admit: (auth: Authentication) => Promise<Verdict>): RequestHandler {
  return async (req, res, next) => {
    const verdict = remembered(req)?.verdict ?? (await admit(res.locals.authentication as Authentication));
    if (!verdict.ok) return sendVerdict(res, verdict);
    res.set(verdict.headers);
    next();
  };
}

/** Admission as the fast path asks for it: decided once, remembered for express, the consumer and headers when admitted. */
export function admitBeforeExpress(authenticate: Authenticate, admit: (auth: Authentication) => Promise<Verdict>) {
  return async (
    req: IncomingMessage,
  ): Promise<{ readonly consumer: Consumer; readonly headers: Readonly<Record<string, string>> } | undefined> => {
    const auth = await authenticate(req);
    const verdict = await admit(auth);
    rememberAdmission(req, { auth, verdict });
    return verdict.ok ? { consumer: auth.consumer, headers: verdict.headers } : undefined;
  };
}
