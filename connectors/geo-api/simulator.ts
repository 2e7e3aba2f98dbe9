/**
 * Loopback simulator of geo.api.gouv.fr (docs/partners/geo-api.md#simulator): the same paths, `fields`/`format`/`limit`
 * parameters, filters, plain-text 400/404 bodies and `401 Method X not allowed`, serving a dataset in the
 * API's own record shape. The dataset comes from the caller: a partner folder may not import another
 * (connectors/cog), so tests render one from any TerritoryConnector with `renderGeoApi`.
 */
import type { TerritoryConnector } from '../connector.js';
import { distanceKm, type Commune, type GeoPoint } from '../../src/domain/index.js';
import {
  startSimulator,
  type SimRequest,
  type SimResponse,
  type SimRoute,
  type Simulator,
  type SimulatorOptions,
} from '../sim/server.js';
import {
  byName,
  csvOf,
  DEFAULT_FIELDS,
  fieldsOf,
  formatList,
  formatOne,
  TEXT,
  whereEq,
  type SimRecord,
} from './sim-query.js';
import type { GeoCommuneDto, GeoDepartementDto, GeoEpciDto, GeoJsonPointDto, GeoRegionDto } from './types.js';
import { centreOf } from './mapping.js';

/** What the simulator serves, in geo.api's record shape (communes include arrondissements municipaux). */
export interface GeoApiDataset {
  readonly communes: readonly GeoCommuneDto[];
  readonly departements: readonly GeoDepartementDto[];
  readonly regions: readonly GeoRegionDto[];
  readonly epcis: readonly GeoEpciDto[];
}

/** Options of the geo.api simulator. */
export interface GeoApiSimulatorOptions extends SimulatorOptions {
  readonly dataset: GeoApiDataset;
  /** A request budget answered with 429 + Retry-After when exceeded (the real one is unverified). @default none */
  readonly rateLimit?: { readonly requests: number; readonly perMs: number };
}

const zoneOf = (codeDepartement: string): string => (codeDepartement.startsWith('97') ? 'drom' : 'metro');
const ARRONDISSEMENT_CODES = [
  [75101, 75120],
  [69381, 69389],
  [13201, 13216],
].flatMap(([a, b]) => Array.from({ length: b! - a! + 1 }, (_, i) => String(a! + i)));

const pointDto = (p: GeoPoint): GeoJsonPointDto => ({ type: 'Point', coordinates: [p.longitude, p.latitude] });

/**
 * `lat`/`lon`: the real API answers the commune whose outline contains the point; the simulator has
 * no outlines and answers the commune whose centre is nearest, none beyond 100 km.
 */
function atPoint(rs: readonly SimRecord[], q: URLSearchParams): readonly SimRecord[] {
  const point = { latitude: Number(q.get('lat')), longitude: Number(q.get('lon')) };
  if (!Number.isFinite(point.latitude) || !Number.isFinite(point.longitude)) return [];
  let best: SimRecord | null = null;
  let bestKm = 100;
  for (const r of rs) {
    const centre = centreOf(r.centre);
    const km = centre ? distanceKm(point, centre) : Infinity;
    if (km <= bestKm) [best, bestKm] = [r, km];
  }
  return best ? [best] : [];
}

function communeDto(c: Commune): GeoCommuneDto {
  return {
    nom: c.nom,
    code: c.code,
    type: 'commune-actuelle',
    codesPostaux: c.codesPostaux,
    codeDepartement: c.codeDepartement,
    codeRegion: c.codeRegion,
    zone: zoneOf(c.codeDepartement),
    ...(c.population === null ? {} : { population: c.population }),
    ...(c.centre ? { centre: pointDto(c.centre) } : {}),
    ...(c.codeEpci ? { codeEpci: c.codeEpci } : {}),
  };
}

/** Renders a territory source into geo.api's records (the reverse of mapping.ts). No side effects. */
export async function renderGeoApi(territory: TerritoryConnector): Promise<GeoApiDataset> {
  const [communes, departements, regions, epcis, viaArr] = await Promise.all([
    territory.searchCommunes({}),
    territory.listDepartements(),
    territory.listRegions(),
    territory.listEpcis(),
    territory.getCommunes(ARRONDISSEMENT_CODES),
  ]);
  const sorted = [...communes].sort((a, b) => (a.code < b.code ? -1 : 1));
  const arrondissements: GeoCommuneDto[] = viaArr.flatMap((c) =>
    c?.arrondissement
      ? [
          {
            nom: c.arrondissement.nom,
            code: c.arrondissement.code,
            type: 'arrondissement-municipal',
            codeParent: c.code,
            codeDepartement: c.codeDepartement,
            codeRegion: c.codeRegion,
            zone: zoneOf(c.codeDepartement),
            ...(c.arrondissement.centre ? { centre: pointDto(c.arrondissement.centre) } : {}),
          },
        ]
      : [],
  );
  const members = new Map<string, Commune[]>();
  for (const c of sorted) if (c.codeEpci) members.set(c.codeEpci, [...(members.get(c.codeEpci) ?? []), c]);
  return {
    communes: [...sorted.map(communeDto), ...arrondissements],
    departements: departements.map((d) => ({
      nom: d.nom,
      code: d.code,
      codeRegion: d.codeRegion,
      zone: zoneOf(d.code),
    })),
    regions: regions.map((r) => ({ nom: r.nom, code: r.code, zone: r.code.startsWith('0') ? 'drom' : 'metro' })),
    epcis: epcis.map((e) => {
      const m = members.get(e.code) ?? [];
      const uniq = (xs: string[]) => [...new Set(xs)].sort();
      return {
        nom: e.nom,
        code: e.code,
        codesDepartements: uniq(m.map((c) => c.codeDepartement)),
        codesRegions: uniq(m.map((c) => c.codeRegion)),
        population: m.reduce((s, c) => s + (c.population ?? 0), 0),
      };
    }),
  };
}

const COMMUNE_FILTERS = [
  'type',
  'code',
  'codePostal',
  'nom',
  'codeEpci',
  'codeDepartement',
  'codeRegion',
  'codeParent',
  'zone',
  'boost',
  'lat',
];

/** Builds the route table over the dataset (expansions `departement`, `region`, `epci` precomputed). */
function routes(ds: GeoApiDataset): SimRoute[] {
  const named = (rs: readonly { code: string; nom: string }[]) =>
    new Map(rs.map((r) => [r.code, { code: r.code, nom: r.nom }]));
  const [deps, regs, epcis] = [named(ds.departements), named(ds.regions), named(ds.epcis)];
  const communes: SimRecord[] = ds.communes.map((c) => ({
    ...c,
    departement: deps.get(c.codeDepartement ?? ''),
    region: regs.get(c.codeRegion ?? ''),
    epci: c.codeEpci ? epcis.get(c.codeEpci) : undefined,
  }));
  const actuelles = communes.filter((c) => c.type === 'commune-actuelle');
  const departements: SimRecord[] = ds.departements.map((d) => ({ ...d, region: regs.get(d.codeRegion ?? '') }));
  const regions: SimRecord[] = ds.regions.map((r) => ({ ...r }));
  const epciRecords: SimRecord[] = ds.epcis.map((e) => ({ ...e }));

  const communeList = (rs: readonly SimRecord[], q: URLSearchParams) =>
    formatList(rs, fieldsOf(q, DEFAULT_FIELDS.commune), q, true);
  const byCode = (rs: readonly SimRecord[], code: string) => rs.find((r) => r.code === code);
  const get = (path: string, handler: (q: URLSearchParams, p: Record<string, string>) => SimResponse): SimRoute => ({
    method: 'GET',
    path,
    handler: (req: SimRequest, p) => handler(req.query, p),
  });
  const single =
    (rs: readonly SimRecord[], defaults: readonly string[], geojson: boolean) =>
    (q: URLSearchParams, p: Record<string, string>): SimResponse => {
      const r = byCode(rs, p.code!);
      return r ? { body: formatOne(r, fieldsOf(q, defaults), q, geojson) } : TEXT.notFound();
    };

  return [
    get('/communes', (q) => {
      if (!COMMUNE_FILTERS.some((f) => q.has(f)) && (q.get('format') === 'geojson' || fieldsOf(q, []).has('contour')))
        return TEXT.unfiltered();
      const types = csvOf(q, 'type', ['commune-actuelle']);
      const zones = csvOf(q, 'zone', ['metro', 'drom', 'com']);
      let rs: readonly SimRecord[] = communes.filter(
        (c) => types.includes(c.type as string) && zones.includes(c.zone as string),
      );
      for (const f of ['code', 'codeDepartement', 'codeRegion', 'codeEpci', 'codeParent']) rs = whereEq(rs, q, f);
      const cp = q.get('codePostal');
      if (cp !== null) rs = rs.filter((c) => (c.codesPostaux as string[] | undefined)?.includes(cp));
      if (q.has('lat') || q.has('lon')) rs = atPoint(rs, q);
      const nom = q.get('nom');
      if (nom !== null) rs = byName(rs, nom, q.get('boost') === 'population');
      return formatList(
        rs,
        nom !== null ? fieldsOf(q, DEFAULT_FIELDS.commune).add('_score') : fieldsOf(q, DEFAULT_FIELDS.commune),
        q,
        true,
      );
    }),
    get('/communes/:code', single(communes, DEFAULT_FIELDS.commune, true)),
    get('/epcis', (q) => {
      let rs = whereEq(epciRecords, q, 'code');
      for (const [param, field] of [
        ['codeDepartement', 'codesDepartements'],
        ['codeRegion', 'codesRegions'],
      ] as const) {
        const v = q.get(param);
        if (v !== null) rs = rs.filter((e) => (e[field] as string[] | undefined)?.includes(v));
      }
      const nom = q.get('nom');
      if (nom !== null) rs = byName(rs, nom, false);
      return formatList(rs, fieldsOf(q, DEFAULT_FIELDS.epci), q, true);
    }),
    get('/epcis/:code', single(epciRecords, DEFAULT_FIELDS.epci, true)),
    get('/epcis/:code/communes', (q, p) =>
      byCode(epciRecords, p.code!)
        ? communeList(
            actuelles.filter((c) => c.codeEpci === p.code),
            q,
          )
        : TEXT.notFound(),
    ),
    get('/departements', (q) => {
      let rs = departements;
      for (const f of ['code', 'codeRegion']) rs = [...whereEq(rs, q, f)];
      const zones = csvOf(q, 'zone', ['metro', 'drom', 'com']);
      rs = rs.filter((d) => zones.includes(d.zone as string));
      const nom = q.get('nom');
      return formatList(nom === null ? rs : byName(rs, nom, false), fieldsOf(q, DEFAULT_FIELDS.departement), q, false);
    }),
    get('/departements/:code', single(departements, DEFAULT_FIELDS.departement, false)),
    get('/departements/:code/communes', (q, p) =>
      byCode(departements, p.code!)
        ? communeList(
            actuelles.filter((c) => c.codeDepartement === p.code),
            q,
          )
        : TEXT.notFound(),
    ),
    get('/regions', (q) => {
      const zones = csvOf(q, 'zone', ['metro', 'drom', 'com']);
      const rs = whereEq(regions, q, 'code').filter((r) => zones.includes(r.zone as string));
      const nom = q.get('nom');
      return formatList(nom === null ? rs : byName(rs, nom, false), fieldsOf(q, DEFAULT_FIELDS.region), q, false);
    }),
    get('/regions/:code', single(regions, DEFAULT_FIELDS.region, false)),
    get('/regions/:code/departements', (q, p) =>
      byCode(regions, p.code!)
        ? formatList(
            departements.filter((d) => d.codeRegion === p.code),
            fieldsOf(q, DEFAULT_FIELDS.departement),
            q,
            false,
          )
        : TEXT.notFound(),
    ),
  ];
}

/** The API answers every method but GET/HEAD with `401 Method X not allowed` (sic). */
function refusals(paths: readonly string[]): SimRoute[] {
  return ['POST', 'PUT', 'PATCH', 'DELETE'].flatMap((method) =>
    paths.map((path) => ({
      method,
      path,
      handler: () => ({
        status: 401,
        raw: `Method ${method} not allowed`,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      }),
    })),
  );
}

/** Wraps every route in the optional request budget. */
function budgeted(rs: SimRoute[], budget: GeoApiSimulatorOptions['rateLimit']): SimRoute[] {
  if (!budget) return rs;
  const starts: number[] = [];
  return rs.map((r) => ({
    ...r,
    handler: (req, params) => {
      const now = Date.now();
      while (starts.length > 0 && now - starts[0]! >= budget.perMs) starts.shift();
      if (starts.length >= budget.requests)
        return {
          status: 429,
          raw: 'Too Many Requests',
          headers: { 'retry-after': String(Math.ceil(budget.perMs / 1000)) },
        };
      starts.push(now);
      return r.handler(req, params);
    },
  }));
}

/** Starts the simulator on loopback. */
export async function startGeoApiSimulator(opts: GeoApiSimulatorOptions): Promise<Simulator> {
  const served = routes(opts.dataset);
  return startSimulator('geo-api', [...budgeted(served, opts.rateLimit), ...refusals(served.map((r) => r.path))], opts);
}
