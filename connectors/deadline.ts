/**
 * The deadline of the request a partner call serves. Connector calls run below DataLoader, the
 * federation and the shared cache, none of which carry a request object; AsyncLocalStorage follows
 * the request's async chain down to the HTTP base instead (connectors/http.ts), which then refuses
 * to wait (client-side throttle, Retry-After, retry backoff) past the request's budget.
 *
 * Two instants: `deadline`, when the response must go out whatever a source does (the federation
 * stops waiting for a source then), and `waitUntil`, a little earlier, the last moment a call may
 * still start: waiting for a turn that comes later leaves no time for the call itself.
 */
import { AsyncLocalStorage } from 'node:async_hooks';

/** A request's time budget, as epoch milliseconds. */
export interface CallBudget {
  readonly deadline: number;
  readonly waitUntil: number;
  /** Who the request is for (a consumer's name, or `anonymous:<ip>`), so a partner's budget can be shared fairly. */
  readonly consumer?: string;
}

const als = new AsyncLocalStorage<CallBudget>();

/** Time kept back from the waiting budget for the call itself: a quarter of the budget, at most 1 s. */
export function budgetOf(budgetMs: number, now: number = Date.now(), consumer?: string): CallBudget {
  return {
    deadline: now + budgetMs,
    waitUntil: now + budgetMs - Math.min(1_000, Math.floor(budgetMs / 4)),
    ...(consumer !== undefined ? { consumer } : {}),
  };
}

/** Runs `fn` (and every async continuation it starts) under `budget`. */
export function runWithBudget<T>(budget: CallBudget, fn: () => T): T {
  return als.run(budget, fn);
}

/** Runs `fn` outside any request's budget (background work a request merely triggered). */
export function outsideRequest<T>(fn: () => T): T {
  return als.exit(fn);
}

/** The budget of the request being served, or undefined outside a request (background work, tests, scripts). */
export function currentBudget(): CallBudget | undefined {
  return als.getStore();
}
