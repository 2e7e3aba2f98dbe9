/**
 * Every GraphQL request gets a deadline (REQUEST_DEADLINE_MS) the moment its body is parsed. It
 * travels with the request's async chain (connectors/deadline.ts) down to the federation, which
 * stops waiting for a source at the deadline, and to the HTTP base, which refuses to queue or wait
 * for a partner past it: the response always goes out, partial if need be.
 */
import type { RequestHandler } from 'express';
import { budgetOf, runWithBudget } from '../../connectors/deadline.js';
import type { RequestScope } from './request-scope.js';

/** Express middleware running the rest of the request under a budget of `budgetMs`, on behalf of its consumer. */
export function requestDeadline(budgetMs: number): RequestHandler {
  return (_req, res, next) =>
    runWithBudget(budgetOf(budgetMs, Date.now(), (res.locals.scope as RequestScope | undefined)?.consumer?.name), next);
}
