/**
 * A loopback data·inclusion API v1 (docs/partners/data-inclusion.md#simulator) serving the WHOLE sandbox world, every
 * source's records with ids `<source>--<localId>`: Bearer auth (401 without a valid token, 403 for
 * a token without the `api` scope such as a widget token), list routes with their filters and
 * the `{items,total,page,size,pages}` envelope, detail routes, `/search/services`, `/sources` and
 * the public `/doc/<nomenclature>` lists, FastAPI 422 bodies. No rate limiting (the API has none);
 * 429s and other faults are scripted through the simulator kit.
 */
import { compareCodeUnits, NOMENCLATURES, NOMENCLATURE_NAMES, type NomenclatureName } from '../../src/domain/index.js';
import { loadCog, type Cog } from '../../sandbox/cog.js';
import type { SandboxWorld } from '../../sandbox/world.js';
import {
  credential,
  startSimulator,
  type SimRequest,
  type SimResponse,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import { readJson } from '../tables.js';
import { renderDataInclusion, type DiDataset } from './render.js';
import { parseQuery, type DiRoute, type DiQuery } from './sim-params.js';
import { filterServices, filterStructures, paginate, searchServices } from './sim-query.js';
import type { DiListedStructure, DiService, DiSource, DiStructure } from './types.js';

export { renderDataInclusion } from './render.js';

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
  if (token !== null && token === (opts.widgetToken ?? DI_SIM_WIDGET_TOKEN))
    return { status: 403, body: { detail: 'Not enough permissions' } };
  return { status: 401, body: { detail: 'Not authenticated' }, headers: { 'www-authenticate': 'Bearer' } };
}

const plain = ({ score_qualite: _s, doublons: _d, ...s }: DiListedStructure): DiStructure => s;
const byId = (a: { id?: unknown }, b: { id?: unknown }) => compareCodeUnits(String(a.id), String(b.id));
const NOT_FOUND: SimResponse = { status: 404, body: { detail: 'Not Found' } };

/** What the routes serve, indexed. */
interface Served {
  readonly structures: readonly DiListedStructure[];
  readonly services: readonly DiService[];
  readonly structureById: ReadonlyMap<string, DiListedStructure>;
  readonly serviceById: ReadonlyMap<string, DiService>;
  readonly servicesOf: ReadonlyMap<string, DiService[]>;
}

function serve(opts: DataInclusionSimulatorOptions): Served {
  const rendered: DiDataset = renderDataInclusion(opts.world ?? EMPTY_WORLD, { asOf: opts.asOf });
  const structures = [...rendered.structures, ...((opts.extra?.structures ?? []) as DiListedStructure[])].sort(byId);
  const services = [...rendered.services, ...((opts.extra?.services ?? []) as DiService[])].sort(byId);
  const servicesOf = new Map<string, DiService[]>();
  for (const s of services) {
    const list = servicesOf.get(s.structure_id);
    if (list) list.push(s);
    else servicesOf.set(s.structure_id, [s]);
  }
  return {
    structures,
    services,
    structureById: new Map(structures.map((s) => [s.id, s])),
    serviceById: new Map(services.map((s) => [s.id, s])),
    servicesOf,
  };
}

/** `/structures/{id}`: the structure, its duplicates in full, its services. */
function structureDetail(d: Served, id: string): SimResponse {
  const s = d.structureById.get(id);
  if (!s) return NOT_FOUND;
  const doublons = (s.doublons ?? [])
    .map((x) => d.structureById.get(x.id))
    .filter((x): x is DiListedStructure => x !== undefined)
    .map(plain);
  return { body: { ...plain(s), score_qualite: s.score_qualite, doublons, services: d.servicesOf.get(s.id) ?? [] } };
}

/** A service with its structure nested (`DetailedService`). */
function detailed(d: Served, s: DiService): DiService & { structure: DiStructure | null } {
  const parent = d.structureById.get(s.structure_id);
  return { ...s, structure: parent ? plain(parent) : null };
}

function search(d: Served, q: DiQuery, cog: Cog): SimResponse {
  const found = searchServices(d.services, q, cog, d.structureById);
  if (typeof found === 'string') return { status: 422, body: { detail: found } };
  const page = paginate(found, q);
  return {
    body: { ...page, items: page.items.map(({ service, distance }) => ({ service: detailed(d, service), distance })) },
  };
}

/** Starts the simulator on loopback. */
export async function startDataInclusionSimulator(opts: DataInclusionSimulatorOptions = {}): Promise<Simulator> {
  const cog = loadCog();
  const d = serve(opts);
  const sources = readJson<DiSource[]>('api/sources.json');
  /** Auth first, then FastAPI parameter validation (422), then the route. */
  const guarded =
    (route: DiRoute | null, handler: (params: Record<string, string>, q: DiQuery) => SimResponse) =>
    (req: SimRequest, params: Record<string, string>): SimResponse => {
      const refused = gate(opts, req);
      if (refused) return refused;
      if (route === null) return handler(params, { page: 1, size: 1, exclureDoublons: false });
      const parsed = parseQuery(req, route);
      return 'errors' in parsed ? { status: 422, body: { detail: parsed.errors } } : handler(params, parsed.query);
    };
  return startSimulator(
    'data-inclusion',
    [
      {
        method: 'GET',
        path: '/api/v1/structures',
        handler: guarded('structures', (_p, q) => ({ body: paginate(filterStructures(d.structures, q, cog), q) })),
      },
      {
        method: 'GET',
        path: '/api/v1/services',
        handler: guarded('services', (_p, q) => ({ body: paginate(filterServices(d.services, q, cog), q) })),
      },
      { method: 'GET', path: '/api/v1/structures/:id', handler: guarded(null, ({ id }) => structureDetail(d, id!)) },
      {
        method: 'GET',
        path: '/api/v1/services/:id',
        handler: guarded(null, ({ id }) => {
          const s = d.serviceById.get(id!);
          return s ? { body: detailed(d, s) } : NOT_FOUND;
        }),
      },
      { method: 'GET', path: '/api/v1/search/services', handler: guarded('search', (_p, q) => search(d, q, cog)) },
      { method: 'GET', path: '/api/v1/sources', handler: guarded(null, () => ({ body: sources })) },
      {
        method: 'GET',
        path: '/api/v1/doc/:name',
        handler: (_r, { name }) =>
          NOMENCLATURE_NAMES.includes(name as NomenclatureName)
            ? { body: NOMENCLATURES[name as NomenclatureName] }
            : NOT_FOUND,
      },
    ],
    opts,
  );
}
