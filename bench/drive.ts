/**
 * The two ways the bench sends requests: a closed-loop load with autocannon (throughput and
 * latency under concurrency), and one request at a time (latency of cold queries, and what each
 * single query cost upstream).
 */
import autocannon from 'autocannon';

/** Throughput and latency of a run. Latencies in ms. */
export interface Timing {
  /** Requests answered within the run. */
  readonly requests: number;
  /** Requests sent (answered or not): the denominator of the per-query costs. */
  readonly sent: number;
  readonly seconds: number;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  /** Transport errors, timeouts, non-2xx answers and answers carrying GraphQL errors. */
  readonly errors: number;
  /** What the first failed answer said. */
  readonly firstError: string | null;
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Called with each answer of a load run: the request body, the status and the response body. */
export type OnAnswer = (body: string, status: number, answer: string) => void;

/**
 * Drives `url` for `seconds` with `connections` connections; each request takes the next body of
 * `bodies` (one cursor shared by all connections, so they spread over the list). Answers carrying
 * GraphQL errors count as errors.
 */
export async function runLoad(
  url: string,
  bodies: readonly string[],
  opts: { seconds: number; connections: number; onAnswer?: OnAnswer },
): Promise<Timing> {
  let next = 0;
  let graphqlErrors = 0;
  let firstError: string | null = null;
  const request = {
    method: 'POST',
    headers: JSON_HEADERS,
    // Each connection has its own context and sends one request at a time, so context.body is the answer's request.
    setupRequest: (req: object, context: Record<string, unknown>) => {
      const b = bodies[next++ % bodies.length]!;
      context.body = b;
      return { ...req, body: b };
    },
    onResponse: (status: number, answer: string, context: Record<string, unknown>) => {
      if (status !== 200 || answer.includes('"errors":[')) {
        graphqlErrors += status === 200 ? 1 : 0;
        firstError ??= firstErrorOf(answer);
      }
      opts.onAnswer?.(context.body as string, status, answer);
    },
  };
  const r = await autocannon({
    url,
    connections: opts.connections,
    duration: opts.seconds,
    requests: [request],
    timeout: 15,
  });
  const total = r.requests.total;
  return {
    requests: total,
    sent: r.requests.sent,
    seconds: r.duration,
    rps: r.duration > 0 ? total / r.duration : 0,
    p50: r.latency.p50,
    p99: r.latency.p99,
    // autocannon counts timeouts among errors already.
    errors: r.errors + r.non2xx + graphqlErrors,
    firstError: firstError ?? (r.timeouts > 0 ? `${r.timeouts} requests timed out` : null),
  };
}

/** One request sent alone: its latency, answer, and what it cost each partner. */
export interface SingleRun {
  readonly body: string;
  readonly ms: number;
  readonly status: number;
  readonly answer: string;
  readonly upstreamCalls: number;
  /** Partners that served at least one request for it. */
  readonly sources: number;
}

/** Sends `body` once and times it; after `timeoutMs` the request is abandoned (status 0). */
export async function post(
  url: string,
  body: string,
  timeoutMs = 30_000,
): Promise<{ ms: number; status: number; answer: string }> {
  const t0 = performance.now();
  try {
    const res = await fetch(url, {
      method: 'POST',
      headers: JSON_HEADERS,
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
    const answer = await res.text();
    return { ms: performance.now() - t0, status: res.status, answer };
  } catch (err) {
    return { ms: performance.now() - t0, status: 0, answer: `request failed: ${(err as Error).name}` };
  }
}

/**
 * Sends the bodies one at a time, measuring each one's upstream cost with `upstream()` (calls and
 * sources since its last call), after `before` (e.g. a cache flush, untimed). Stops sending after `budgetMs` (at least one request is sent), so a
 * throttled target cannot stretch the run; each request gives up after `timeoutMs`.
 */
export async function runSequential(
  url: string,
  bodies: readonly string[],
  upstream: () => { calls: number; sources: number },
  opts: { budgetMs: number; timeoutMs: number; before?: () => Promise<void> },
): Promise<{ runs: SingleRun[]; timing: Timing }> {
  const runs: SingleRun[] = [];
  const deadline = performance.now() + opts.budgetMs;
  for (const b of bodies) {
    if (runs.length > 0 && performance.now() > deadline) break;
    await opts.before?.();
    upstream();
    const r = await post(url, b, opts.timeoutMs);
    const u = upstream();
    runs.push({ body: b, ...r, upstreamCalls: u.calls, sources: u.sources });
  }
  const ms = runs.map((r) => r.ms);
  const seconds = ms.reduce((a, b) => a + b, 0) / 1000;
  return {
    runs,
    timing: {
      requests: runs.length,
      sent: runs.length,
      seconds,
      rps: seconds > 0 ? runs.length / seconds : 0,
      p50: percentile(ms, 50),
      p99: percentile(ms, 99),
      errors: runs.filter((r) => r.status !== 200 || hasErrors(r.answer)).length,
      firstError: firstErrorOf(runs.find((r) => r.status !== 200 || hasErrors(r.answer))?.answer),
    },
  };
}

/** The first GraphQL error message of an answer (or the answer's start), for the report. */
export function firstErrorOf(answer: string | undefined): string | null {
  if (answer === undefined) return null;
  try {
    const e = (JSON.parse(answer) as { errors?: Array<{ message?: string; extensions?: { code?: string } }> })
      .errors?.[0];
    if (e) return `${e.extensions?.code ?? 'ERROR'}: ${String(e.message).slice(0, 160)}`;
  } catch {
    /* not JSON */
  }
  return answer.slice(0, 160);
}

/** Nearest-rank percentile. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** True when a GraphQL answer carries errors. */
export function hasErrors(answer: string): boolean {
  try {
    const errors = (JSON.parse(answer) as { errors?: unknown[] }).errors;
    return Array.isArray(errors) && errors.length > 0;
  } catch {
    return true;
  }
}
