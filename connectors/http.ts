/**
 * The shared HTTP base every partner client is built on (docs/architecture.md#layers): one got
 * instance per partner via `got.extend`, explicit timeouts, retries only for idempotent methods,
 * Retry-After honoured, a named `authenticate` hook, a client-side rate budget, and exactly one
 * place where got errors become ConnectorErrors. Every wait (a turn in the rate budget, a partner's
 * Retry-After, a retry's backoff) is bounded by the budget of the request the call serves
 * (connectors/deadline.ts): past it the call fails at once, so a response never hangs on a partner.
 */
import got, { HTTPError, ParseError, RequestError, TimeoutError, type Got, type Headers } from 'got';
import { ConnectorError } from '../src/errors.js';
import { currentBudget, type CallBudget } from './deadline.js';

/** Minimal logger shape connectors need (pino satisfies it). */
export interface ConnectorLogger {
  warn(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** How to build one partner's HTTP client. */
export interface HttpClientSpec {
  /** Source id used in errors and metrics. */
  readonly partner: string;
  /** Base URL; paths given to the client are relative to it (no leading slash). */
  readonly baseUrl: string;
  /** Whole-request timeout in ms. @default 10000 */
  readonly timeoutMs?: number;
  /** Retries for idempotent methods (GET/HEAD/OPTIONS); got's own default of 2 is kept as the cap. @default 2 */
  readonly retryLimit?: number;
  /** Longest Retry-After we are willing to wait before retrying, in ms; beyond it the call fails as rate_limited. @default 5000 */
  readonly maxRetryAfterMs?: number;
  /** Named hook: adds the partner's credentials to outgoing headers (may fetch a token first). */
  readonly authenticate?: (headers: Headers) => void | Promise<void>;
  /** The partner's documented budget; calls beyond it wait their turn (within their request's budget) instead of earning a 429. */
  readonly rateLimit?: RateLimit;
  /** Called once per HTTP attempt (metrics: upstream calls per source). */
  readonly onRequest?: (partner: string) => void;
  readonly logger?: ConnectorLogger;
}

/** A partner's documented budget: at most `requests` call starts in any `perMs` window. */
export interface RateLimit {
  readonly requests: number;
  readonly perMs: number;
  /** The part of the budget (0 < share <= 1) one consumer may use per window; 1 or unset: no per-consumer limit. */
  readonly consumerShare?: number;
}

/**
 * When a partner call may start: the partner's documented budget (at most `requests` starts in any
 * `perMs` window, FIFO) and, for calls serving a request, the pause the partner last asked for (429
 * Retry-After). Turns are reserved up front, so a caller knows at once when its turn would come: a
 * turn after the caller's waiting budget (its request's deadline) is refused without sending
 * anything, as rate_limited with the wait, instead of queueing. Calls outside a request (background
 * refreshes) wait their turn in the budget and send as before (got's retry rules apply to them).
 *
 * Fair share: a call serving a request is charged to its consumer, and a consumer that already
 * holds `consumerShare` of the window's turns is refused at once (rate_limited, with the wait until
 * its oldest turn leaves the window), before reserving anything: it cannot spend the partner's
 * budget that the other consumers' calls still get. Background refreshes are charged to nobody.
 * The accounting is per process, like the budget itself.
 */
export interface RateGate {
  /**
   * Waits for a turn; with `waitUntil`, rejects at once with a rate_limited ConnectorError when the
   * turn would come after it, or when `consumer` has spent its share of the window.
   */
  take(waitUntil?: number, consumer?: string): Promise<void>;
  /** The partner asked not to be called before `until` (epoch ms). */
  pause(until: number): void;
}

/** Builds one partner's gate. The window gets a 1 % margin: network jitter never lands one call too many in the partner's own window. */
export function createRateGate(partner: string, rateLimit?: RateLimit, now: () => number = Date.now): RateGate {
  const budget = rateLimit
    ? { requests: rateLimit.requests, perMs: rateLimit.perMs + Math.max(1, Math.ceil(rateLimit.perMs / 100)) }
    : undefined;
  /** Reserved start times, ascending (some in the future). */
  const starts: number[] = [];
  let pausedUntil = 0;
  const share =
    budget && rateLimit?.consumerShare !== undefined && rateLimit.consumerShare < 1
      ? {
          turns: Math.max(1, Math.floor(rateLimit.requests * rateLimit.consumerShare)),
          perMs: budget.perMs,
          starts: new Map<string, number[]>(),
        }
      : undefined;
  const refuse = (waitMs: number, why: string) =>
    new ConnectorError(partner, 'rate_limited', `${why}; next call possible in ${Math.ceil(waitMs / 1000)} s`, {
      retryAfterMs: waitMs,
    });

  /** The earliest instant a new turn may start. */
  function nextTurn(t: number, paused: number): number {
    while (budget && starts.length > 0 && t - starts[0]! >= budget.perMs) starts.shift();
    let at = Math.max(t, paused);
    if (budget && starts.length > 0) at = Math.max(at, starts[starts.length - 1]!);
    if (budget && starts.length >= budget.requests)
      at = Math.max(at, starts[starts.length - budget.requests]! + budget.perMs);
    return at;
  }

  /** The consumer's turns still in the window (forgetting consumers with none once there are more of them than turns). */
  function turnsOf(consumer: string, t: number): number[] {
    if (!share) return [];
    const live = (list: number[]) => list.filter((s) => t - s < share.perMs);
    if (share.starts.size > budget!.requests)
      for (const [c, list] of share.starts) if (live(list).length === 0) share.starts.delete(c);
    const mine = live(share.starts.get(consumer) ?? []);
    share.starts.set(consumer, mine);
    return mine;
  }

  return {
    async take(waitUntil, consumer) {
      for (;;) {
        const t = now();
        const paused = waitUntil === undefined ? 0 : pausedUntil;
        if (paused > t && paused > waitUntil!)
          throw refuse(paused - t, "the partner asked to wait (Retry-After) past this request's deadline");
        const mine = waitUntil !== undefined && consumer !== undefined ? turnsOf(consumer, t) : undefined;
        if (mine && share && mine.length >= share.turns)
          throw refuse(mine[0]! + share.perMs - t, "this consumer's share of the partner's rate budget is spent");
        const at = nextTurn(t, paused);
        if (waitUntil !== undefined && at > t && at > waitUntil)
          throw refuse(at - t, "the partner's rate budget is spent until after this request's deadline");
        if (budget) starts.push(at);
        mine?.push(at);
        if (at > t) await new Promise((r) => setTimeout(r, at - t));
        // A pause asked for while this call waited: its turn is given up (never re-used: conservative).
        if (waitUntil === undefined || pausedUntil <= now()) return;
      }
    },
    pause(until) {
      pausedUntil = Math.max(pausedUntil, until);
    },
  };
}

/** Whom a request's partner calls are charged to when it names no consumer. */
export const ANONYMOUS_CONSUMER = 'anonymous';

/** What a request's got options carry for the hooks: its budget, read when the call is made. */
const budgetIn = (context: Record<string, unknown>): CallBudget | undefined => context.budget as CallBudget | undefined;

/** Builds a partner's got instance from its spec. */
export function createHttpClient(spec: HttpClientSpec): Got {
  const timeoutMs = spec.timeoutMs ?? 10_000;
  const maxRetryAfterMs = spec.maxRetryAfterMs ?? 5_000;
  const gate = createRateGate(spec.partner, spec.rateLimit);
  return got.extend({
    prefixUrl: spec.baseUrl.replace(/\/+$/, '') + '/',
    timeout: { request: timeoutMs },
    responseType: 'json',
    throwHttpErrors: true,
    headers: { 'user-agent': 'inclusion-gateway/0.1 (+https://github.com/inclusion-gateway)' },
    // Runs synchronously in the caller's async context: the only place the request's budget is certainly in scope.
    handlers: [
      (options, next) => {
        const budget = currentBudget();
        if (budget) options.context = { ...options.context, budget };
        return next(options);
      },
    ],
    retry: {
      limit: Math.min(spec.retryLimit ?? 2, 2),
      methods: ['GET', 'HEAD', 'OPTIONS'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      maxRetryAfter: maxRetryAfterMs,
      backoffLimit: 2_000,
      // A 429's Retry-After pauses every call to the partner; no retry waits past the request's budget.
      calculateDelay: ({ error, retryAfter, computedValue }) => {
        if (error.response?.statusCode === 429 && retryAfter !== undefined) gate.pause(Date.now() + retryAfter);
        const budget = budgetIn(error.options.context);
        return budget !== undefined && Date.now() + computedValue > budget.waitUntil ? 0 : computedValue;
      },
    },
    hooks: {
      beforeRequest: [
        async (options) => {
          const budget = budgetIn(options.context);
          await gate.take(
            budget?.waitUntil,
            budget === undefined ? undefined : (budget.consumer ?? ANONYMOUS_CONSUMER),
          );
          if (spec.authenticate) await spec.authenticate(options.headers);
          spec.onRequest?.(spec.partner);
        },
      ],
      beforeRetry: [
        (error, retryCount) => {
          spec.logger?.debug({ partner: spec.partner, retryCount, code: error.code }, 'retrying partner call');
        },
      ],
    },
  });
}

/** True when waiting `ms` still fits the current request's budget (always true outside a request). */
export function fitsBudget(ms: number): boolean {
  const budget = currentBudget();
  return budget === undefined || Date.now() + ms <= budget.waitUntil;
}

function retryAfterMs(value: string | string[] | undefined): number | undefined {
  const raw = Array.isArray(value) ? value[0] : value;
  if (!raw) return undefined;
  const secs = Number(raw);
  if (Number.isFinite(secs)) return Math.max(0, secs * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

/**
 * The one translation from got's errors to the closed ConnectorError kinds. Partner bodies and URLs
 * are never put in the message: they reach logs through `details.cause`, never clients.
 */
export function toConnectorError(partner: string, err: unknown): ConnectorError {
  if (err instanceof ConnectorError) return err;
  // Refused before sending (rate gate) or thrown by a hook: got wraps it; the ConnectorError inside is the answer.
  if (err instanceof RequestError && err.cause instanceof ConnectorError) return err.cause;
  if (err instanceof HTTPError) {
    const status = err.response.statusCode;
    if (status === 429) {
      const ra = retryAfterMs(err.response.headers['retry-after']);
      return new ConnectorError(
        partner,
        'rate_limited',
        `rate limited (HTTP 429${ra !== undefined ? `, retry after ${Math.ceil(ra / 1000)} s` : ''})`,
        { status, retryAfterMs: ra, cause: err },
      );
    }
    if (status === 404) return new ConnectorError(partner, 'not_found', 'not found (HTTP 404)', { status, cause: err });
    if (status === 401 || status === 403)
      return new ConnectorError(partner, 'unauthorized', `credentials refused (HTTP ${status})`, {
        status,
        cause: err,
      });
    if (status >= 500)
      return new ConnectorError(partner, 'unavailable', `partner error (HTTP ${status})`, { status, cause: err });
    return new ConnectorError(partner, 'bad_response', `unexpected answer (HTTP ${status})`, { status, cause: err });
  }
  if (err instanceof TimeoutError) return new ConnectorError(partner, 'timeout', 'no answer in time', { cause: err });
  if (err instanceof ParseError)
    return new ConnectorError(partner, 'bad_response', 'malformed response body', { cause: err });
  if (err instanceof RequestError) {
    if (err.code === 'ETIMEDOUT') return new ConnectorError(partner, 'timeout', 'no answer in time', { cause: err });
    return new ConnectorError(partner, 'unavailable', `unreachable (${err.code ?? 'network error'})`, { cause: err });
  }
  if (err instanceof SyntaxError)
    return new ConnectorError(partner, 'bad_response', 'malformed response body', { cause: err });
  return new ConnectorError(partner, 'bad_response', err instanceof Error ? err.message : 'unexpected failure', {
    cause: err,
  });
}

/** Runs a partner call and rethrows any failure as a ConnectorError. */
export async function callPartner<T>(partner: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toConnectorError(partner, err);
  }
}
