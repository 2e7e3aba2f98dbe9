/**
 * Admin operations: cache invalidation by source, record id or territory, as a GraphQL mutation
 * (resolvers/admin.resolver.ts) and as `POST /admin/cache/invalidate`. Both need a consumer with the
 * `admin` scope, or ADMIN_TOKEN sent as `Authorization: Bearer <ADMIN_TOKEN>`.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import { GraphQLError } from 'graphql';
import { invalidationProblems, type InvalidationTarget } from '../../connectors/cache-tags.js';
import { badUserInput } from '../errors.js';
import type { Consumer, RequestScope } from './request-scope.js';

export type { InvalidationTarget } from '../../connectors/cache-tags.js';

/** What an invalidation did. */
export interface InvalidationResult {
  /** Cache entries dropped (answers and whole responses), counted in the shared store. */
  readonly dropped: number;
  readonly source: string | null;
  readonly id: string | null;
  readonly territory: string | null;
}

/** What one request may do, bound to its consumer and Authorization header (the GraphQL context carries it). */
export interface AdminAccess {
  invalidateCache(target: InvalidationTarget): Promise<InvalidationResult>;
}

/** Admin operations of one gateway. */
export interface Admin {
  /** A consumer with the `admin` scope may; otherwise the header must carry ADMIN_TOKEN. */
  forRequest(authorization: string | undefined, consumer?: Consumer): AdminAccess;
  /** POST /admin/cache/invalidate with a JSON body `{ source?, id?, territory? }`. */
  readonly invalidateHandler: RequestHandler;
}

/** Dependencies of createAdmin. */
export interface AdminDeps {
  /** ADMIN_TOKEN; undefined refuses every admin operation. */
  readonly token: string | undefined;
  /** Drops what a target names; resolves to how many entries were dropped (connectors/cache-tags.ts). */
  readonly invalidate: (target: InvalidationTarget) => Promise<number>;
  readonly logger?: { info(obj: object, msg?: string): void };
}

/** The messages of a refused admin request (tests assert them). */
export const ADMIN_REFUSED = Object.freeze({
  disabled:
    'Admin operations are disabled: set ADMIN_TOKEN in the gateway environment, then send it as "Authorization: Bearer <ADMIN_TOKEN>".',
  missing: 'Admin operations need the header "Authorization: Bearer <ADMIN_TOKEN>".',
  invalid: 'The admin token is not valid: send the gateway ADMIN_TOKEN as "Authorization: Bearer <ADMIN_TOKEN>".',
});

const digest = (text: string) => createHash('sha256').update(text).digest();

function forbidden(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** Reads the four fields of a target from an untrusted object; anything not a string is reported. */
function targetOf(body: unknown): { target: InvalidationTarget; problems: string[] } {
  const b = typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  const target: Record<string, string> = {};
  const problems: string[] = [];
  for (const k of ['source', 'id', 'territory'] as const) {
    const v = b[k];
    if (typeof v === 'string') target[k] = v;
    else if (v !== undefined && v !== null) problems.push(`${k} must be a string, got: ${typeof v}`);
  }
  return { target, problems: [...problems, ...invalidationProblems(target)] };
}

/** Builds the admin operations; the token is compared in constant time. */
export function createAdmin(deps: AdminDeps): Admin {
  const expected = deps.token === undefined ? undefined : digest(deps.token);
  const authorize = (authorization: string | undefined, consumer: Consumer | undefined): void => {
    if (consumer?.scopes.has('admin')) return;
    if (expected === undefined) throw forbidden(ADMIN_REFUSED.disabled);
    const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!m) throw forbidden(ADMIN_REFUSED.missing);
    if (!timingSafeEqual(digest(m[1]!), expected)) throw forbidden(ADMIN_REFUSED.invalid);
  };
  const invalidate = async (input: unknown): Promise<InvalidationResult> => {
    const { target, problems } = targetOf(input);
    if (problems.length > 0) throw badUserInput(`Invalid cache invalidation: ${problems.join('; ')}`);
    const dropped = await deps.invalidate(target);
    deps.logger?.info({ ...target, dropped }, 'cache invalidated');
    return { dropped, source: target.source ?? null, id: target.id ?? null, territory: target.territory ?? null };
  };
  return {
    forRequest: (authorization, consumer) => ({
      invalidateCache: async (target) => {
        authorize(authorization, consumer);
        return invalidate(target);
      },
    }),
    invalidateHandler: async (req, res) => {
      try {
        authorize(req.get('authorization'), (res.locals.scope as RequestScope | undefined)?.consumer);
        res.status(200).json(await invalidate(req.body));
      } catch (err) {
        if (!(err instanceof GraphQLError)) throw err;
        const code = String(err.extensions.code);
        res.status(code === 'FORBIDDEN' ? 403 : 400).json({ errors: [{ message: err.message, extensions: { code } }] });
      }
    },
  };
}
