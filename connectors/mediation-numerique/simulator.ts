/**
 * A loopback ANCT cartographie API (docs/partners/mediation-numerique.md#simulator): the PostgREST view `/carto` behind a
 * Bearer JWT, with PostgREST's own error bodies, `limit`/`offset` or `Range` paging, `order`,
 * `select`, `col=op.value` filters (eq, neq, in, is), `Prefer: count=exact` and `Content-Range`.
 * No rate limit is documented: 429s come only when a test scripts them.
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
import { renderMediationNumerique } from './render.js';

export { renderMediationNumerique } from './render.js';

/** JWT of the simulated data·inclusion role when none is given. */
export const MEDIATION_NUMERIQUE_SIM_TOKEN =
  'eyJhbGciOiJIUzI1NiJ9.eyJyb2xlIjoicG9zdGdyZXN0X2FuY3RfZGF0YV9pbmNsIn0.c2FuZGJveA';

/** Simulator settings. */
export interface MediationNumeriqueSimulatorOptions extends SimulatorOptions {
  /** Lieux of source `mediation-numerique` are served. @default an empty world */
  readonly world?: SandboxWorld;
  /** The JWT whose role may read `api.carto`. @default MEDIATION_NUMERIQUE_SIM_TOKEN */
  readonly token?: string;
  /** Valid JWTs of roles without the grant: 403. @default [] */
  readonly otherTokens?: readonly string[];
  /** Raw rows served after the rendered ones (fixtures, republished lieux, malformed entries). @default none */
  readonly extra?: readonly unknown[];
}

const COLUMNS = [
  'id',
  'pivot',
  'nom',
  'adresse',
  'latitude',
  'longitude',
  'typologie',
  'telephone',
  'courriels',
  'site_web',
  'horaires',
  'presentation_resume',
  'presentation_detail',
  'source',
  'itinerance',
  'date_maj',
  'services',
  'publics_specifiquement_adresses',
  'prise_en_charge_specifique',
  'frais_a_charge',
  'dispositif_programmes_nationaux',
  'formations_labels',
  'autres_formations_labels',
  'modalites_acces',
  'modalites_accompagnement',
  'prise_rdv',
  'mediateurs',
];

const pgError = (status: number, code: string, message: string, headers?: Record<string, string>): SimResponse => ({
  status,
  headers,
  body: { code, details: null, hint: null, message },
});

function gate(opts: MediationNumeriqueSimulatorOptions, req: SimRequest): SimResponse | null {
  const token = credential(req, 'Bearer');
  const mine = opts.token ?? MEDIATION_NUMERIQUE_SIM_TOKEN;
  // Without a JWT PostgREST runs as the anonymous role, which has no grant on the view.
  if (token === null) return pgError(401, '42501', 'permission denied for view carto');
  if (token === mine) return null;
  if ((opts.otherTokens ?? []).includes(token)) return pgError(403, '42501', 'permission denied for view carto');
  return pgError(401, 'PGRST301', 'JWSError JWSInvalidSignature', {
    'www-authenticate': 'Bearer error="invalid_token", error_description="JWSError JWSInvalidSignature"',
  });
}

/** `in.("a","b,c",d)` items, honouring double quotes and backslash escapes. */
function inItems(list: string): string[] {
  return [...list.matchAll(/"((?:[^"\\]|\\.)*)"|([^,]+)/g)].map((m) =>
    m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]!.trim(),
  );
}

type Row = Record<string, unknown>;

/** A `col=op.value` filter as a predicate, or an error answer. */
function filter(col: string, expr: string): ((r: Row) => boolean) | SimResponse {
  if (!COLUMNS.includes(col)) return pgError(400, '42703', `column carto.${col} does not exist`);
  const m = /^(eq|neq|in|is)\.(.*)$/s.exec(expr);
  if (!m) return pgError(400, 'PGRST100', `failed to parse filter (${expr})`);
  const [, op, value] = m;
  const cell = (r: Row) => (r[col] === null || r[col] === undefined ? null : String(r[col]));
  if (op === 'eq') return (r) => cell(r) === value;
  if (op === 'neq') return (r) => cell(r) !== null && cell(r) !== value;
  if (op === 'is') return (r) => (value === 'null' ? cell(r) === null : cell(r) !== null);
  const paren = /^\((.*)\)$/s.exec(value!);
  if (!paren) return pgError(400, 'PGRST100', `failed to parse filter (${expr})`);
  const items = inItems(paren[1]!);
  return (r) => cell(r) !== null && items.includes(cell(r)!);
}

/** The offset and limit asked by `limit`/`offset`, else by a `Range: a-b` header. */
function window(req: SimRequest): { offset: number; limit: number | null } | SimResponse {
  const int = (v: string | null) => (v === null ? null : /^\d+$/.test(v) ? Number(v) : NaN);
  const range = /^(\d+)-(\d*)$/.exec(String(req.headers.range ?? ''));
  const offset = int(req.query.get('offset')) ?? (range ? Number(range[1]) : 0);
  const limit = int(req.query.get('limit')) ?? (range && range[2] ? Number(range[2]) - Number(range[1]) + 1 : null);
  if (Number.isNaN(offset) || Number.isNaN(limit)) return pgError(400, 'PGRST100', 'failed to parse limit or offset');
  return { offset, limit };
}

function serve(rows: readonly unknown[], req: SimRequest): SimResponse {
  let out = rows.filter((r): r is Row => typeof r === 'object' && r !== null) as Row[];
  // Non-object rows (a test's garbage) only show up in unfiltered reads.
  let malformed = rows.filter((r) => typeof r !== 'object' || r === null);
  for (const [col, expr] of req.query) {
    if (['limit', 'offset', 'order', 'select'].includes(col)) continue;
    const p = filter(col, expr);
    if (typeof p !== 'function') return p;
    out = out.filter(p);
    malformed = [];
  }
  const order = /^(\w+)(?:\.(asc|desc))?/.exec(req.query.get('order') ?? '');
  if (order && !COLUMNS.includes(order[1]!)) return pgError(400, '42703', `column carto.${order[1]} does not exist`);
  if (order)
    out = [...out].sort(
      (a, b) => String(a[order[1]!]).localeCompare(String(b[order[1]!])) * (order[2] === 'desc' ? -1 : 1),
    );
  const all: unknown[] = [...out, ...malformed];
  const w = window(req);
  if (!('offset' in w)) return w;
  const page = all.slice(w.offset, w.limit === null ? undefined : w.offset + w.limit);
  const select = req.query.get('select');
  const body =
    select && select !== '*'
      ? page.map((r) =>
          typeof r === 'object' && r ? Object.fromEntries(select.split(',').map((c) => [c, (r as Row)[c]])) : r,
        )
      : page;
  const exact = /count=exact/.test(String(req.headers.prefer ?? ''));
  const span = page.length > 0 ? `${w.offset}-${w.offset + page.length - 1}` : '*';
  const partial = exact && page.length < all.length;
  return { status: partial ? 206 : 200, body, headers: { 'content-range': `${span}/${exact ? all.length : '*'}` } };
}

/** Starts the médiation numérique simulator. */
export async function startMediationNumeriqueSimulator(
  opts: MediationNumeriqueSimulatorOptions = {},
): Promise<Simulator> {
  const rows: readonly unknown[] = [...(opts.world ? renderMediationNumerique(opts.world) : []), ...(opts.extra ?? [])];
  return startSimulator(
    'mediation-numerique',
    [{ method: 'GET', path: '/carto', handler: (req) => gate(opts, req) ?? serve(rows, req) }],
    opts,
  );
}
