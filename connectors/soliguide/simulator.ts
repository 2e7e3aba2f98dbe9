/**
 * A loopback Soliguide (docs/partners/soliguide.md#simulator): `POST /new-search[/lang]` with the body's location,
 * categories and `options.page/limit/sortBy`, `GET /place/{lieu_id|seo_url}[/lang]`,
 * `GET /v2/categories`; `Authorization: JWT <token>` checked the way the server does (the value
 * after the first 4 characters), with Soliguide's own 401 bodies; 400 validation arrays;
 * 429 + Retry-After beyond an optional budget. Places come from the sandbox world and/or `places`.
 */
import type { SandboxWorld } from '../../sandbox/world.js';
import { distanceKm } from '../../src/domain/index.js';
import {
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { departementOfSlug, regionOfSlug } from './geo.js';
import { renderSoliguide } from './render.js';
import { slugLocation } from './text.js';
import type { SoliguidePlace, SoliguideSearchBody } from './types.js';
import { categoryLabel } from './vocabulary.js';

export { renderSoliguide } from './render.js';

/** Simulator options. */
export interface SoliguideSimulatorOptions extends SimulatorOptions {
  readonly world?: SandboxWorld;
  /** Extra places served as they are (fixtures, hand-made edge cases). */
  readonly places?: readonly SoliguidePlace[];
  /** The valid API token. @default 'sim-soliguide-jwt' */
  readonly token?: string;
  /** A token whose user is not verified (401 USER_NOT_VERIFIED). */
  readonly unverifiedToken?: string;
  /** Requests allowed per window before 429 + Retry-After; none by default, like the real API. */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
}

/** The simulator, with its mutable place list (tests may add or edit places). */
export interface SoliguideSimulator extends Simulator {
  readonly places: SoliguidePlace[];
}

const GEO_TYPES = ['position', 'ville', 'codePostal', 'departement', 'region', 'pays', 'citiesGroup', 'inconnu'];
const DEFAULT_KM: Record<string, number> = { ville: 20, departement: 50, region: 100 };

const invalid = (path: string, value: unknown): SimResponse => ({
  status: 400,
  body: [{ type: 'field', value, msg: 'Invalid value', path, location: 'body' }],
});

function locationMatcher(loc: SoliguideSearchBody['location']): ((p: SoliguidePlace) => boolean) | SimResponse {
  if (!loc || !GEO_TYPES.includes(loc.geoType)) return invalid('location.geoType', loc?.geoType);
  const v = loc.geoValue;
  if (loc.geoType !== 'position' && loc.geoType !== 'inconnu' && typeof v !== 'string')
    return invalid('location.geoValue', v);
  const pos = (p: SoliguidePlace) => p.position ?? {};
  switch (loc.geoType) {
    case 'pays':
      return (p) => (pos(p).country ?? 'fr') === v;
    case 'departement':
      return (p) => pos(p).departmentCode === departementOfSlug(v!);
    case 'region':
      return (p) => pos(p).regionCode === regionOfSlug(v!);
    case 'codePostal':
      return (p) => pos(p).postalCode === v!.split('-').pop();
    case 'ville':
      return (p) => slugLocation(pos(p).city ?? '') === v!.split(/-\d/)[0];
    case 'position': {
      if (!Array.isArray(loc.coordinates) || loc.coordinates.length !== 2)
        return invalid('location.coordinates', loc.coordinates);
      const [lon, lat] = loc.coordinates;
      const km = loc.distance ?? DEFAULT_KM[loc.geoType] ?? 10;
      return (p) => {
        const c = pos(p).location?.coordinates;
        return !!c && distanceKm({ latitude: lat, longitude: lon }, { latitude: c[1], longitude: c[0] }) <= km;
      };
    }
    default:
      return () => true;
  }
}

function search(places: readonly SoliguidePlace[], raw: unknown): SimResponse {
  const body = (typeof raw === 'object' && raw !== null ? raw : {}) as SoliguideSearchBody & { category?: string };
  const match = locationMatcher(body.location);
  if (typeof match !== 'function') return match;
  const cats = body.categories ?? (body.category ? [body.category] : undefined);
  if (cats !== undefined && (!Array.isArray(cats) || cats.some((c) => typeof c !== 'string')))
    return invalid('categories', cats);
  let hits = places.filter((p) => match(p) && (!cats || (p.services_all ?? []).some((s) => cats.includes(s.category))));
  const o = body.options;
  if (o?.sortBy === 'lieu_id') hits = [...hits].sort((a, b) => (a.lieu_id - b.lieu_id) * (o.sortValue === -1 ? -1 : 1));
  const limit = o ? (o.limit ?? 20) : 100;
  const page = o?.page ?? 1;
  if (!Number.isInteger(limit) || limit < 1) return invalid('options.limit', o?.limit);
  if (!Number.isInteger(page) || page < 1) return invalid('options.page', o?.page);
  return { body: { nbResults: hits.length, places: hits.slice((page - 1) * limit, page * limit) } };
}

/** Starts a Soliguide simulator. */
export async function startSoliguideSimulator(opts: SoliguideSimulatorOptions = {}): Promise<SoliguideSimulator> {
  const token = opts.token ?? 'sim-soliguide-jwt';
  const places: SoliguidePlace[] = [...(opts.world ? renderSoliguide(opts.world) : []), ...(opts.places ?? [])];
  const starts: number[] = [];
  const guard = (req: SimRequest): SimResponse | null => {
    // The server strips the first 4 characters ("JWT ") and verifies the rest as a JWT.
    const sent = (req.headers.authorization ?? '').slice(4).trim();
    if (opts.unverifiedToken && sent === opts.unverifiedToken)
      return { status: 401, body: { message: 'USER_NOT_VERIFIED' } };
    if (!req.headers.authorization?.startsWith('JWT ') || sent !== token)
      return { status: 401, body: { message: 'INVALID_TOKEN' } };
    if (opts.rateLimit) {
      const now = Date.now();
      while (starts.length > 0 && now - starts[0]! >= opts.rateLimit.perMs) starts.shift();
      if (starts.length >= opts.rateLimit.requests)
        return {
          status: 429,
          body: { message: 'TOO_MANY_REQUESTS' },
          headers: { 'retry-after': String(Math.ceil((opts.rateLimit.perMs - (now - starts[0]!)) / 1000)) },
        };
      starts.push(now);
    }
    return null;
  };
  const place = (idOrSlug: string): SimResponse => {
    const p = places.find((x) => String(x.lieu_id) === idOrSlug || x.seo_url === idOrSlug);
    return p ? { body: p } : { status: 404, body: { message: 'PLACE_NOT_FOUND' } };
  };
  const categories = (): SimResponse => ({
    body: [...new Set(places.flatMap((p) => (p.services_all ?? []).map((s) => s.category)))]
      .sort()
      .map((id) => ({ id, label: categoryLabel(id) ?? id })),
  });
  const sim = await startSimulator(
    'soliguide',
    [
      { method: 'POST', path: '/new-search', handler: (req) => guard(req) ?? search(places, req.body) },
      { method: 'POST', path: '/new-search/:lang', handler: (req) => guard(req) ?? search(places, req.body) },
      { method: 'GET', path: '/place/:id', handler: (req, p) => guard(req) ?? place(p.id!) },
      { method: 'GET', path: '/place/:id/:lang', handler: (req, p) => guard(req) ?? place(p.id!) },
      { method: 'GET', path: '/v2/categories', handler: (req) => guard(req) ?? categories() },
    ],
    opts,
  );
  return Object.assign(sim, { places });
}
