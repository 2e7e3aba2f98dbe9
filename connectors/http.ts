/**
 * The shared HTTP base every partner client is built on (architecture.md practice 3): one got
 * instance per partner via `got.extend`, explicit timeouts, retries only for idempotent methods,
 * Retry-After honoured, a named `authenticate` hook, a client-side rate budget, and exactly one
 * place where got errors become ConnectorErrors.
 */
import got, { HTTPError, ParseError, RequestError, TimeoutError, type Got, type Headers } from 'got';
import { ConnectorError } from '../src/errors.js';

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
  /** The partner's documented budget; calls beyond it wait their turn instead of earning a 429. */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
  /** Called once per HTTP attempt (metrics: upstream calls per source). */
  readonly onRequest?: (partner: string) => void;
  readonly logger?: ConnectorLogger;
}

/** A spaced-out request budget: at most `requests` starts in any `perMs` window (FIFO, no bursts beyond it). */
export function createRateLimiter(requests: number, perMs: number, now: () => number = Date.now): () => Promise<void> {
  const starts: number[] = [];
  let chain: Promise<void> = Promise.resolve();
  return () => {
    const turn = chain.then(async () => {
      for (;;) {
        const t = now();
        while (starts.length > 0 && t - starts[0]! >= perMs) starts.shift();
        if (starts.length < requests) {
          starts.push(t);
          return;
        }
        await new Promise((r) => setTimeout(r, perMs - (t - starts[0]!) + 1));
      }
    });
    chain = turn.catch(() => undefined);
    return turn;
  };
}

/** Builds a partner's got instance from its spec. */
export function createHttpClient(spec: HttpClientSpec): Got {
  const timeoutMs = spec.timeoutMs ?? 10_000;
  const limiter = spec.rateLimit ? createRateLimiter(spec.rateLimit.requests, spec.rateLimit.perMs) : undefined;
  return got.extend({
    prefixUrl: spec.baseUrl.replace(/\/+$/, '') + '/',
    timeout: { request: timeoutMs },
    responseType: 'json',
    throwHttpErrors: true,
    headers: { 'user-agent': 'inclusion-gateway/0.1 (+https://github.com/inclusion-gateway)' },
    retry: {
      limit: Math.min(spec.retryLimit ?? 2, 2),
      methods: ['GET', 'HEAD', 'OPTIONS'],
      statusCodes: [408, 429, 500, 502, 503, 504],
      maxRetryAfter: spec.maxRetryAfterMs ?? 5_000,
      backoffLimit: 2_000,
    },
    hooks: {
      beforeRequest: [
        async (options) => {
          if (limiter) await limiter();
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
  if (err instanceof HTTPError) {
    const status = err.response.statusCode;
    if (status === 429) {
      const ra = retryAfterMs(err.response.headers['retry-after']);
      return new ConnectorError(partner, 'rate_limited', `rate limited (HTTP 429${ra !== undefined ? `, retry after ${Math.ceil(ra / 1000)} s` : ''})`, { status, retryAfterMs: ra, cause: err });
    }
    if (status === 404) return new ConnectorError(partner, 'not_found', 'not found (HTTP 404)', { status, cause: err });
    if (status === 401 || status === 403) return new ConnectorError(partner, 'unauthorized', `credentials refused (HTTP ${status})`, { status, cause: err });
    if (status >= 500) return new ConnectorError(partner, 'unavailable', `partner error (HTTP ${status})`, { status, cause: err });
    return new ConnectorError(partner, 'bad_response', `unexpected answer (HTTP ${status})`, { status, cause: err });
  }
  if (err instanceof TimeoutError) return new ConnectorError(partner, 'timeout', 'no answer in time', { cause: err });
  if (err instanceof ParseError) return new ConnectorError(partner, 'bad_response', 'malformed response body', { cause: err });
  if (err instanceof RequestError) {
    if (err.code === 'ETIMEDOUT') return new ConnectorError(partner, 'timeout', 'no answer in time', { cause: err });
    return new ConnectorError(partner, 'unavailable', `unreachable (${err.code ?? 'network error'})`, { cause: err });
  }
  if (err instanceof SyntaxError) return new ConnectorError(partner, 'bad_response', 'malformed response body', { cause: err });
  return new ConnectorError(partner, 'bad_response', err instanceof Error ? err.message : 'unexpected failure', { cause: err });
}

/** Runs a partner call and rethrows any failure as a ConnectorError. */
export async function callPartner<T>(partner: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toConnectorError(partner, err);
  }
}
