/**
 * The base every partner simulator is built on: a real HTTP server on loopback that serves a
 * partner's contract, counts what it served, and lets a test script faults (errors, latency,
 * timeouts, hangs, answers held until released, malformed JSON, 429 with Retry-After). Used by
 * contract tests, e2e tests, the embedded default of `npm start`, and the benchmark.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request as the route handlers see it. */
export interface SimRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: http.IncomingHttpHeaders;
  /** Parsed JSON body, or undefined when none or not JSON. */
  readonly body: unknown;
  readonly rawBody: string;
}

/** What a handler answers. `body` is JSON-encoded unless `raw` is set. */
export interface SimResponse {
  readonly status?: number;
  readonly body?: unknown;
  readonly raw?: string;
  readonly headers?: Record<string, string>;
}

/** A route: method and a path pattern (`:name` segments are captured into `params`). */
export interface SimRoute {
  readonly method: string;
  readonly path: string;
  readonly handler: (req: SimRequest, params: Record<string, string>) => SimResponse | Promise<SimResponse>;
}

/** A scripted fault, consumed `times` times (default 1) by requests whose path matches. */
export type SimFault = { readonly match?: RegExp; times?: number } & (
  | {
      readonly kind: 'status';
      readonly status: number;
      readonly body?: unknown;
      readonly headers?: Record<string, string>;
    }
  | { readonly kind: 'rate_limit'; readonly retryAfterSeconds: number; readonly body?: unknown }
  | { readonly kind: 'latency'; readonly ms: number }
  | { readonly kind: 'hang' }
  /** Held unanswered until `release()`, then served normally: a partner that hangs, then recovers. */
  | { readonly kind: 'hold' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'reset' }
);

/** Options shared by all simulators. */
export interface SimulatorOptions {
  /** Port to listen on; 0 picks a free one. @default 0 */
  readonly port?: number;
  /** Latency added to every answer, uniformly drawn in [min, max] ms (deterministic sequence). @default none */
  readonly latencyMs?: { readonly min: number; readonly max: number };
}

/** A started simulator. */
export interface Simulator {
  readonly name: string;
  readonly url: string;
  readonly port: number;
  /** Every request served, in order. */
  readonly requests: readonly SimRequest[];
  /** Number of requests served whose path starts with `prefix` (all when omitted). */
  count(prefix?: string): number;
  /** Queues a fault. */
  fault(f: SimFault): void;
  /** Faults scripted but not yet consumed (a test ends by asserting this is empty). */
  pendingFaults(): readonly SimFault[];
  /** Forgets the request log and pending faults. */
  reset(): void;
  /** Serves every request held by a `hold` fault; returns how many there were. */
  release(): number;
  /** Latency range applied to every answer; set to undefined to remove. */
  setLatency(range: { min: number; max: number } | undefined): void;
  close(): Promise<void>;
}

function matchPath(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/');
  const a = path.split('/');
  if (p.length !== a.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i]!.startsWith(':')) params[p[i]!.slice(1)] = decodeURIComponent(a[i]!);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

/** Starts a simulator serving `routes`. Unknown paths answer 404 `{"detail":"Not Found"}`. */
export async function startSimulator(
  name: string,
  routes: readonly SimRoute[],
  opts: SimulatorOptions = {},
): Promise<Simulator> {
  const requests: SimRequest[] = [];
  let faults: SimFault[] = [];
  let latency = opts.latencyMs;
  let seed = 0x2545f491;
  const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
  const hanging = new Set<http.ServerResponse>();
  const held = new Set<() => void>();
  const release = () => {
    const n = held.size;
    for (const go of held) go();
    held.clear();
    return n;
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://sim');
        const rawBody = Buffer.concat(chunks).toString('utf8');
        let body: unknown;
        try {
          body = rawBody ? JSON.parse(rawBody) : undefined;
        } catch {
          body = undefined;
        }
        const sreq: SimRequest = {
          method: req.method ?? 'GET',
          path: url.pathname,
          query: url.searchParams,
          headers: req.headers,
          body,
          rawBody,
        };
        requests.push(sreq);
        if (latency) await sleep(latency.min + rand() * (latency.max - latency.min));
        const fi = faults.findIndex((f) => !f.match || f.match.test(url.pathname));
        const fault = fi >= 0 ? faults[fi] : undefined;
        if (fault) {
          fault.times = (fault.times ?? 1) - 1;
          if (fault.times <= 0) faults.splice(fi, 1);
        }
        if (fault?.kind === 'latency') await sleep(fault.ms);
        if (fault?.kind === 'hang') {
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
        }
        if (fault?.kind === 'hold') {
          hanging.add(res); // until released: close() destroys it like a hang
          await new Promise<void>((go) => held.add(go));
          hanging.delete(res);
        }
        if (fault?.kind === 'reset') {
          req.socket.destroy();
          return;
        }
        if (fault?.kind === 'status')
          return send(res, {
            status: fault.status,
            body: fault.body ?? { detail: 'Simulated failure' },
            headers: fault.headers,
          });
        if (fault?.kind === 'rate_limit')
          return send(res, {
            status: 429,
            body: fault.body ?? { detail: 'Too Many Requests' },
            headers: { 'retry-after': String(fault.retryAfterSeconds) },
          });
        let out: SimResponse = { status: 404, body: { detail: 'Not Found' } };
        for (const r of routes) {
          if (r.method !== sreq.method) continue;
          const params = matchPath(r.path, url.pathname);
          if (params) {
            try {
              out = await r.handler(sreq, params);
            } catch (err) {
              out = { status: 500, body: { detail: `simulator error: ${(err as Error).message}` } };
            }
            break;
          }
        }
        if (fault?.kind === 'malformed')
          out = {
            status: out.status ?? 200,
            raw: '{"items": [ {"id": "trunc',
            headers: { 'content-type': 'application/json' },
          };
        send(res, out);
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    name,
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    count: (prefix) => (prefix ? requests.filter((r) => r.path.startsWith(prefix)).length : requests.length),
    fault: (f) => void faults.push({ ...f }),
    pendingFaults: () => faults,
    reset: () => {
      requests.length = 0;
      faults = [];
    },
    release,
    setLatency: (r) => void (latency = r),
    close: async () => {
      for (const r of hanging) r.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function send(res: http.ServerResponse, out: SimResponse): void {
  if (res.destroyed) return;
  const headers: Record<string, string> = { ...(out.headers ?? {}) };
  let payload = '';
  if (out.raw !== undefined) payload = out.raw;
  else if (out.body !== undefined) {
    payload = JSON.stringify(out.body);
    headers['content-type'] ??= 'application/json';
  }
  res.writeHead(out.status ?? 200, headers);
  res.end(payload);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Reads a bearer-like credential: the value after `scheme ` in the Authorization header, or null. */
export function credential(req: SimRequest, scheme: string): string | null {
  const h = req.headers.authorization;
  if (!h || !h.toLowerCase().startsWith(`${scheme.toLowerCase()} `)) return null;
  return h.slice(scheme.length + 1).trim() || null;
}
