/**
 * What each GraphQL request read from the cache: every answer it used (list, lookup, territory…),
 * with its age, its remaining freshness and its invalidation tags. The response cache stores a whole
 * response for as long as the least fresh of those answers stays fresh, under the union of their tags.
 *
 * The connectors' cache policies sit below DataLoader and the federation, which carry no request
 * object; AsyncLocalStorage follows the request's async chain down to them instead. It is created by
 * the composition root (one per gateway, never a module singleton) and entered by an HTTP middleware.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestHandler } from 'express';
import type { AnswerNote } from '../../connectors/cached-call.js';

/** The answers one request used. */
export class RequestTrace {
  private fresh = Number.POSITIVE_INFINITY;
  private staleSeen = false;
  private readonly tagSet = new Set<string>();
  private count = 0;

  note(n: AnswerNote): void {
    this.count++;
    this.fresh = Math.min(this.fresh, n.freshForSeconds);
    if (n.status === 'stale' || n.status === 'stale-error' || n.status === 'uncached') this.staleSeen = true;
    for (const t of n.tags) this.tagSet.add(t);
  }

  /** Answers noted. */
  get answers(): number {
    return this.count;
  }

  /** Seconds until the least fresh answer expires; undefined when nothing was noted. */
  get freshForSeconds(): number | undefined {
    return this.count === 0 ? undefined : this.fresh;
  }

  /** True when an answer was stale or uncached: the response must not be stored whole. */
  get degraded(): boolean {
    return this.staleSeen;
  }

  get tags(): string[] {
    return [...this.tagSet];
  }
}

/** The per-gateway trace store. */
export interface RequestTraces {
  /** Runs `fn` with a fresh trace as the current one. */
  run<T>(fn: () => T): T;
  /** Express middleware doing the same for the rest of the request. */
  readonly middleware: RequestHandler;
  /** The current request's trace, if any. */
  current(): RequestTrace | undefined;
  /** Notes an answer in the current trace (outside a request: nothing). */
  note(n: AnswerNote): void;
}

/** Creates the trace store of one gateway. */
export function createRequestTraces(): RequestTraces {
  const als = new AsyncLocalStorage<RequestTrace>();
  return {
    run: (fn) => als.run(new RequestTrace(), fn),
    middleware: (_req, _res, next) => als.run(new RequestTrace(), next),
    current: () => als.getStore(),
    note: (n) => als.getStore()?.note(n),
  };
}
