/**
 * A loopback Les emplois de l'inclusion API (docs/partners/emplois-de-linclusion.md#simulator): the restricted
 * `GET /api/v1/data-inclusion/?type=siae|orga` (DATA_INCLUSION service token, else 401/403 with DRF's
 * French bodies) and the open `GET /api/v1/siaes/` search (département or code_insee + distance),
 * both with DRF page-number pagination and the anon/user throttles (429 + Retry-After).
 */
import { distanceKm } from '../../src/domain/index.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import {
  credential,
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { emploisStructuresOf, renderEmplois, toEmploisSiae, isSiaeKind, kindOf } from './render.js';

/** Options of the emplois simulator. */
export interface EmploisSimulatorOptions extends SimulatorOptions {
  readonly world?: SandboxWorld;
  /** The DATA_INCLUSION service token `data-inclusion/` accepts. */
  readonly token?: string;
  /** Valid tokens of other services: 403 on `data-inclusion/`, accepted (user throttle) on `siaes/`. */
  readonly otherTokens?: readonly string[];
  /** DRF throttles per minute. @default { user: 120, anon: 12 } */
  readonly throttle?: { readonly user: number; readonly anon: number };
  /** DRF PAGE_SIZE when `page_size` is absent. @default 20 */
  readonly pageSize?: number;
  /** Raw items appended to a list as they are (e.g. schema-violating records). */
  readonly extra?: {
    readonly siae?: readonly unknown[];
    readonly orga?: readonly unknown[];
    readonly siaes?: readonly unknown[];
  };
}

const detail = (status: number, text: string, headers?: Record<string, string>): SimResponse => ({
  status,
  body: { detail: text },
  headers,
});

/** DRF PageNumberPagination: `page`, `page_size` (no maximum), absolute `next`/`previous` links, 404 past the end. */
function paginate(items: readonly unknown[], req: SimRequest, defaultSize: number): SimResponse {
  const asked = Number(req.query.get('page_size'));
  const size = Number.isInteger(asked) && asked > 0 ? asked : defaultSize;
  const rawPage = req.query.get('page') ?? '1';
  const page = Number(rawPage);
  const last = Math.max(1, Math.ceil(items.length / size));
  if (!Number.isInteger(page) || page < 1 || page > last) return detail(404, 'Page non valide.');
  const link = (p: number) => {
    const q = new URLSearchParams(req.query);
    if (p === 1) q.delete('page');
    else q.set('page', String(p));
    const qs = q.toString();
    return `http://${req.headers.host ?? '127.0.0.1'}${req.path}${qs ? `?${qs}` : ''}`;
  };
  return {
    body: {
      count: items.length,
      next: page < last ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      results: items.slice((page - 1) * size, page * size),
    },
  };
}

/** Sliding one-minute windows per credential, as DRF's cache-backed throttles keep. */
function throttler(limits: { user: number; anon: number }) {
  const windows = new Map<string, number[]>();
  return (key: string, user: boolean): SimResponse | null => {
    const now = Date.now();
    const hits = (windows.get(key) ?? []).filter((t) => now - t < 60_000);
    if (hits.length >= (user ? limits.user : limits.anon)) {
      const wait = Math.max(1, Math.ceil((hits[0]! + 60_000 - now) / 1000));
      return detail(429, `Requête ralentie. Disponible dans ${wait} secondes.`, { 'retry-after': String(wait) });
    }
    windows.set(key, [...hits, now]);
    return null;
  };
}

/** Starts the simulator on a loopback port. */
export async function startEmploisSimulator(opts: EmploisSimulatorOptions = {}): Promise<Simulator> {
  const world: SandboxWorld = opts.world ?? { seed: 0, structures: [], services: [] };
  const rendered = renderEmplois(world);
  const lists = {
    siae: [...rendered.siae, ...(opts.extra?.siae ?? [])],
    orga: [...rendered.orga, ...(opts.extra?.orga ?? [])],
  };
  const siaeWorld = emploisStructuresOf(world).filter((s) => isSiaeKind(kindOf(s)));
  const others = new Set(opts.otherTokens ?? []);
  const throttle = throttler({ user: opts.throttle?.user ?? 120, anon: opts.throttle?.anon ?? 12 });
  const pageSize = opts.pageSize ?? 20;

  const dataInclusion = (req: SimRequest): SimResponse => {
    const token = credential(req, 'Token');
    if (!req.headers.authorization)
      return detail(401, "Informations d'authentification non fournies.", { 'www-authenticate': 'Token' });
    if (!token || (token !== opts.token && !others.has(token)))
      return detail(401, 'Token non valide.', { 'www-authenticate': 'Token' });
    if (token !== opts.token) return detail(403, "Vous n'avez pas la permission d'effectuer cette action.");
    const limited = throttle(token, true);
    if (limited) return limited;
    const type = req.query.get('type');
    if (!type) return { status: 400, body: ['Le paramètre `type` est obligatoire.'] };
    if (type !== 'siae' && type !== 'orga')
      return { status: 400, body: ['La valeur du paramètre `type` doit être `siae` ou `orga`.'] };
    return paginate(lists[type], req, pageSize);
  };

  const siaes = (req: SimRequest): SimResponse => {
    const token = credential(req, 'Token');
    if (req.headers.authorization && (!token || (token !== opts.token && !others.has(token))))
      return detail(401, 'Token non valide.', { 'www-authenticate': 'Token' });
    const limited = throttle(token ?? 'anon', token !== null);
    if (limited) return limited;
    const dep = req.query.get('departement');
    const postes = req.query.get('postes_dans_le_departement');
    const insee = req.query.get('code_insee');
    const km = req.query.get('distance_max_km');
    if (!dep && !postes && !(insee && km))
      return {
        status: 400,
        body: [
          'Les paramètres `code_insee` et `distance_max_km` sont obligatoires si ni `departement` ni `postes_dans_le_departement` ne sont spécifiés.',
        ],
      };
    if (km !== null && !(Number(km) >= 0 && Number(km) <= 100))
      return {
        status: 400,
        body: { distance_max_km: ['Assurez-vous que cette valeur est inférieure ou égale à 100.'] },
      };
    let picked = siaeWorld.map((s) => ({ s, dto: toEmploisSiae(s) }));
    if (dep) picked = picked.filter((x) => x.dto.departement === dep);
    if (postes) picked = picked.filter((x) => x.dto.postes.some((p) => p.lieu?.departement === postes));
    if (insee && km !== null) {
      const town = world.structures.filter((s) => s.codeInsee === insee);
      if (town.length === 0) return detail(404, `Pas de ville avec pour code_insee ${insee}`);
      const centre = {
        latitude: town.reduce((a, s) => a + s.latitude, 0) / town.length,
        longitude: town.reduce((a, s) => a + s.longitude, 0) / town.length,
      };
      picked = picked.filter((x) => distanceKm(centre, x.s) <= Number(km));
    }
    const extra = (opts.extra?.siaes ?? []).filter((r) => !dep || (r as { departement?: unknown }).departement === dep);
    return paginate([...picked.map((x) => x.dto), ...extra], req, pageSize);
  };

  return startSimulator(
    'emplois-de-linclusion',
    [
      { method: 'GET', path: '/api/v1/data-inclusion/', handler: dataInclusion },
      { method: 'GET', path: '/api/v1/siaes/', handler: siaes },
    ],
    opts,
  );
}
