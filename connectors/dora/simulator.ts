/**
 * A loopback DORA API v2 (docs/partners/dora.md#simulator) serving the sandbox world's `dora` records: DRF
 * token auth that only lets the data·inclusion account in (401 / 403 with DORA's own bodies),
 * no filters, a bare array without `page_size` and the DRF envelope with it, a per-token
 * 120/min throttle answering 429 + Retry-After, and detail routes.
 */
import type { SandboxWorld } from '../../sandbox/world.js';
import {
  credential,
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { renderDora } from './render.js';

export { renderDora } from './render.js';

/** Token of the simulated data·inclusion account when none is given. */
export const DORA_SIM_TOKEN = 'dora-sandbox-0123456789abcdef0123456789abcdef';

/** DORA simulator settings. */
export interface DoraSimulatorOptions extends SimulatorOptions {
  /** Records of source `dora` are served. @default an empty world */
  readonly world?: SandboxWorld;
  /** The data·inclusion account's token, the only one DORA lets read. @default DORA_SIM_TOKEN */
  readonly token?: string;
  /** Valid tokens of other DORA users: authenticated, then refused with 403. @default [] */
  readonly otherTokens?: readonly string[];
  /** DRF `user` throttle per token and per minute. @default 120 */
  readonly ratePerMinute?: number;
  /** Raw records served after the rendered ones (fixtures, malformed entries). @default none */
  readonly extra?: { readonly structures?: readonly unknown[]; readonly services?: readonly unknown[] };
  /** Clock of the throttle window, in ms. @default Date.now */
  readonly now?: () => number;
}

const detail = (status: number, message: string, code: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { detail: { message, code } },
  headers,
});

/** DRF authentication, then the DI-only permission, then the user throttle (DRF's order). */
function gate(opts: DoraSimulatorOptions, hits: Map<string, number[]>, req: SimRequest): SimResponse | null {
  const token = credential(req, 'Token');
  const mine = opts.token ?? DORA_SIM_TOKEN;
  if (token === null)
    return detail(401, "Informations d'authentification non fournies.", 'not_authenticated', {
      'www-authenticate': 'Token',
    });
  if (token !== mine && !(opts.otherTokens ?? []).includes(token))
    return detail(401, 'Jeton non valide.', 'authentication_failed', { 'www-authenticate': 'Token' });
  if (token !== mine)
    return detail(403, "Vous n'avez pas la permission d'effectuer cette action.", 'permission_denied');
  const now = (opts.now ?? Date.now)();
  const log = (hits.get(token) ?? []).filter((t) => now - t < 60_000);
  hits.set(token, log);
  if (log.length >= (opts.ratePerMinute ?? 120)) {
    const wait = Math.max(1, Math.ceil((log[0]! + 60_000 - now) / 1000));
    return detail(429, `Requête ralentie. Disponible dans ${wait} secondes.`, 'throttled', {
      'retry-after': String(wait),
    });
  }
  log.push(now);
  return null;
}

/** DRF PageNumberPagination when `page_size` is a positive integer; otherwise the whole table as a bare array. */
function paginate(rows: readonly unknown[], req: SimRequest): SimResponse {
  const size = Number(req.query.get('page_size'));
  if (!Number.isInteger(size) || size <= 0) return { body: rows };
  const page = req.query.has('page') ? Number(req.query.get('page')) : 1;
  const pages = Math.max(1, Math.ceil(rows.length / size));
  if (!Number.isInteger(page) || page < 1 || page > pages) return detail(404, 'Page non valide.', 'not_found');
  const base = `http://${req.headers.host ?? '127.0.0.1'}${req.path}`;
  const link = (p: number) => (p === 1 ? `${base}?page_size=${size}` : `${base}?page=${p}&page_size=${size}`);
  return {
    body: {
      count: rows.length,
      next: page < pages ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: rows.slice((page - 1) * size, page * size),
    },
  };
}

const idOf = (r: unknown) => (typeof r === 'object' && r !== null ? String((r as { id?: unknown }).id) : undefined);

/** Starts the DORA simulator. */
export async function startDoraSimulator(opts: DoraSimulatorOptions = {}): Promise<Simulator> {
  const rendered = opts.world ? renderDora(opts.world) : { structures: [], services: [] };
  const tables: Record<'structures' | 'services', readonly unknown[]> = {
    structures: [...rendered.structures, ...(opts.extra?.structures ?? [])],
    services: [...rendered.services, ...(opts.extra?.services ?? [])],
  };
  const hits = new Map<string, number[]>();
  const routes = (['structures', 'services'] as const).flatMap((kind) => [
    {
      method: 'GET',
      path: `/api/v2/${kind}/`,
      handler: (req: SimRequest) => gate(opts, hits, req) ?? paginate(tables[kind], req),
    },
    {
      method: 'GET',
      path: `/api/v2/${kind}/:id/`,
      handler: (req: SimRequest, params: Record<string, string>) => {
        const refused = gate(opts, hits, req);
        if (refused) return refused;
        const row = tables[kind].find((r) => idOf(r) === params.id);
        return row === undefined ? detail(404, 'Pas trouvé.', 'not_found') : { body: row };
      },
    },
  ]);
  return startSimulator('dora', routes, opts);
}
