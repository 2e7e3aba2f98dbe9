/**
 * A loopback data·inclusion API v1 (data-inclusion.md §3) serving the WHOLE sandbox world, every
 * source's records with ids `<source>--<localId>`: Bearer auth (401 without a valid token, 403 for
 * a token without the `api` scope such as a widget token), list routes with their filters and
 * the `{items,total,page,size,pages}` envelope, detail routes, `/search/services`, `/sources` and
 * the public `/doc/<nomenclature>` lists, FastAPI 422 bodies. No rate limiting (the API has none);
 * 429s and other faults are scripted through the simulator kit.
 */
import { NOMENCLATURES, NOMENCLATURE_NAMES, type NomenclatureName } from '../../src/domain/index.js';
import { loadCog } from '../../sandbox/cog.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import { credential, startSimulator, type SimRequest, type SimResponse, type Simulator, type SimulatorOptions } from '../sim/server.js';
import { readJson } from '../tables.js';
import { renderDataInclusion, type DiDataset } from './render.js';
import { parseQuery, type DiRoute, type DiQuery } from './sim-params.js';
import { filterServices, filterStructures, paginate, searchServices } from './sim-query.js';
import type { DiListedStructure, DiService, DiSource, DiStructure } from './types.js';

export { renderDataInclusion, scoreQualite, type DiDataset } from './render.js';

/** Token with the `api` scope when none is given. */
export const DI_SIM_TOKEN = 'di-sandbox-api-0123456789abcdef';
/** Token with only the `widget` scope (authenticated, then 403 on data routes). */
export const DI_SIM_WIDGET_TOKEN = 'di-sandbox-widget-0123456789abcdef';

/** data·inclusion simulator settings. */
export interface DataInclusionSimulatorOptions extends SimulatorOptions {
  /** Records of every source are served. @default an empty world */
  readonly world?: SandboxWorld;
  /** The `api`-scope token. @default DI_SIM_TOKEN */
  readonly token?: string;
  /** A `widget`-scope token. @default DI_SIM_WIDGET_TOKEN */
  readonly widgetToken?: string;
  /** Date the quality scores are computed at. @default today */
  readonly asOf?: string;
  /** Raw records served after the rendered ones, in id order with them (schema-violating fixtures). @default none */
  readonly extra?: { readonly structures?: readonly object[]; readonly services?: readonly object[] };
}

const EMPTY_WORLD: SandboxWorld = { seed: 0, structures: [], services: [] };

function gate(opts: DataInclusionSimulatorOptions, req: SimRequest): SimResponse | null {
  const token = credential(req, 'Bearer');
  if (token === (opts.token ?? DI_SIM_TOKEN)) return null;
  if (token !== null && token === (opts.widgetToken ?? DI_SIM_WIDGET_TOKEN)) return { status: 403, body: { detail: 'Not enough permissions' } };
  return { status: 401, body: { detail: 'Not authenticated' }, headers: { 'www-authenticate': 'Bearer' } };
}

const plain = ({ score_qualite: _s, doublons: _d, ...s }: DiListedStructure): DiStructure => s;
const byId = (a: { id?: unknown }, b: { id?: unknown }) => (String(a.id) < String(b.id) ? -1 : String(a.id) > String(b.id) ? 1 : 0);

/** Starts the simulator on loopback. */
export async function startDataInclusionSimulator(opts: DataInclusionSimulatorOptions = {}): Promise<Simulator> {
  const cog = loadCog();
  const rendered: DiDataset = renderDataInclusion(opts.world ?? EMPTY_WORLD, { asOf: opts.asOf });
  const structures = [...rendered.structures, ...((opts.extra?.structures ?? []) as DiListedStructure[])].sort(byId);
  const services = [...rendered.services, ...((opts.extra?.services ?? []) as DiService[])].sort(byId);
  const structureById = new Map(structures.map((s) => [s.id, s]));
  const serviceById = new Map(services.map((s) => [s.id, s]));
  const servicesOf = new Map<string, DiService[]>();
  for (const s of services) {
    const list = servicesOf.get(s.structure_id);
    if (list) list.push(s);
    else servicesOf.set(s.structure_id, [s]);
  }
  const sources = readJson<DiSource[]>('api/sources.json');

  const guarded = (route: DiRoute | null, handler: (req: SimRequest, params: Record<string, string>, q: DiQuery) => SimResponse) =>
    (req: SimRequest, params: Record<string, string>): SimResponse => {
      const refused = gate(opts, req);
      if (refused) return refused;
      if (route === null) return handler(req, params, { page: 1, size: 1, exclureDoublons: false });
      const parsed = parseQuery(req, route);
      return 'errors' in parsed ? { status: 422, body: { detail: parsed.errors } } : handler(req, params, parsed.query);
    };
  const notFound: SimResponse = { status: 404, body: { detail: 'Not Found' } };

  return startSimulator('data-inclusion', [
    { method: 'GET', path: '/api/v1/structures', handler: guarded('structures', (_r, _p, q) => ({ body: paginate(filterStructures(structures, q, cog), q) })) },
    { method: 'GET', path: '/api/v1/services', handler: guarded('services', (_r, _p, q) => ({ body: paginate(filterServices(services, q, cog), q) })) },
    {
      method: 'GET', path: '/api/v1/structures/:id',
      handler: guarded(null, (_r, { id }) => {
        const s = structureById.get(id!);
        if (!s) return notFound;
        const doublons = (s.doublons ?? []).map((d) => structureById.get(d.id)).filter((d): d is DiListedStructure => d !== undefined).map(plain);
        return { body: { ...plain(s), score_qualite: s.score_qualite, doublons, services: servicesOf.get(s.id) ?? [] } };
      }),
    },
    {
      method: 'GET', path: '/api/v1/services/:id',
      handler: guarded(null, (_r, { id }) => {
        const s = serviceById.get(id!);
        const parent = s && structureById.get(s.structure_id);
        return s ? { body: { ...s, structure: parent ? plain(parent) : null } } : notFound;
      }),
    },
    {
      method: 'GET', path: '/api/v1/search/services',
      handler: guarded('search', (_r, _p, q) => {
        const found = searchServices(services, q, cog, structureById);
        if (typeof found === 'string') return { status: 422, body: { detail: found } };
        const page = paginate(found, q);
        const items = page.items.map(({ service, distance }) => {
          const parent = structureById.get(service.structure_id);
          return { service: { ...service, structure: parent ? plain(parent) : null }, distance };
        });
        return { body: { ...page, items } };
      }),
    },
    { method: 'GET', path: '/api/v1/sources', handler: guarded(null, () => ({ body: sources })) },
    {
      method: 'GET', path: '/api/v1/doc/:name',
      handler: (_r, { name }) => (NOMENCLATURE_NAMES.includes(name as NomenclatureName) ? { body: NOMENCLATURES[name as NomenclatureName] } : notFound),
    },
  ], opts);
}
