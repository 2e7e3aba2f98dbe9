/**
 * The embedded, offline territory source (connector `cog`): the Code Officiel Géographique from
 * `@etalab/decoupage-administratif` with the project's commune centres (see centres.ts). It answers
 * every TerritoryConnector method in-process, with no network.
 *
 * The data is read and indexed on first use (under a second), once per connector instance, and kept
 * by that instance. `ping()` triggers the load, so a readiness probe at boot warms it.
 */
import type { CommuneQuery, ConnectorDeps, SourceConfig, TerritoryConnector } from '../connector.js';
import {
  distanceKm,
  type Commune,
  type Departement,
  type Epci,
  type GeoPoint,
  type Region,
} from '../../src/domain/index.js';
import { buildCogData, byCode, type CogData } from './data.js';
import { readCogSources, type CogSources } from './raw.js';
import { buildNameIndex, searchCommunes, type NameIndex } from './search.js';

/** Options of the embedded connector (tests pass small hand-made sources). */
export interface CogOptions {
  /** Where the raw data comes from. @default readCogSources (the installed packages) */
  readonly sources?: () => CogSources;
}

interface Loaded {
  readonly data: CogData;
  readonly names: NameIndex;
}

function load(sources: CogSources, deps: ConnectorDeps): Loaded {
  const data = buildCogData(sources);
  const withCentre = [...data.communes.values()].filter((c) => c.centre !== null).length;
  deps.logger?.info?.({ communes: data.communes.size, withCentre, epcis: data.epcis.size }, 'cog: territories loaded');
  return { data, names: buildNameIndex(data.communes.values()) };
}

/**
 * A commune by its code, or by the code of one of its parts: an arrondissement municipal (kept in
 * `arrondissement`) or a commune déléguée or associée (kept in `communeDeleguee`).
 */
function communeOf(data: CogData, code: string): Commune | null {
  const own = data.communes.get(code);
  if (own) return own;
  const arr = data.arrondissements.get(code);
  const arrCommune = arr && data.communes.get(arr.commune);
  if (arr && arrCommune) return { ...arrCommune, arrondissement: { code: arr.code, nom: arr.nom, centre: arr.centre } };
  const del = data.deleguees.get(code);
  const nouvelle = del && data.communes.get(del.commune);
  if (!del || !nouvelle) return null;
  return { ...nouvelle, communeDeleguee: { code: del.code, nom: del.nom, type: del.type, centre: del.centre } };
}

/**
 * A point farther than this from every commune and arrondissement centre is outside the territories
 * (at sea, abroad, in a collectivité d'outre-mer). The largest communes, in Guyane, reach about 70 km
 * from their centre.
 */
export const NEAREST_CENTRE_MAX_KM = 100;

/** A degree of latitude is at least this long anywhere: a latitude gap bounds a distance from below. */
const KM_PER_DEGREE_LATITUDE_MIN = 110.5;

/**
 * The commune whose centre (or whose arrondissement's centre, kept in `arrondissement`) is nearest
 * to the point: the commune the point lies in for all but points near a border, where a neighbour's
 * centre can be nearer. A scan of the 35 000 centres, computing distances only for those whose
 * latitude alone does not already put them farther than the best so far.
 */
function nearestCommune(data: CogData, point: GeoPoint): Commune | null {
  let bestCode: string | null = null;
  let bestKm = NEAREST_CENTRE_MAX_KM;
  const kmTo = (centre: GeoPoint | null | undefined): number =>
    centre && Math.abs(centre.latitude - point.latitude) * KM_PER_DEGREE_LATITUDE_MIN <= bestKm
      ? distanceKm(point, centre)
      : Infinity;
  for (const c of data.communes.values()) {
    const km = kmTo(c.centre);
    if (km <= bestKm) [bestCode, bestKm] = [c.code, km];
  }
  for (const arr of data.arrondissements.values()) {
    const km = kmTo(arr.centre);
    if (km <= bestKm) [bestCode, bestKm] = [arr.code, km];
  }
  return bestCode === null ? null : communeOf(data, bestCode);
}

const pick = <T>(map: ReadonlyMap<string, T>, codes: readonly string[]): Array<T | null> =>
  codes.map((c) => map.get(c) ?? null);

/** Creates the embedded territory connector (id `cog` unless the source says otherwise). */
export function createCogConnector(
  source: Partial<SourceConfig> = {},
  deps: ConnectorDeps = {},
  opts: CogOptions = {},
): TerritoryConnector {
  let loaded: Loaded | undefined;
  const get = (): Loaded => (loaded ??= load((opts.sources ?? readCogSources)(), deps));

  return {
    id: source.id ?? 'cog',
    connector: 'cog',
    capabilities: { pushdown: [], coverage: { kind: 'all' } },
    async ping() {
      get();
    },
    async getCommunes(codes: readonly string[]) {
      const { data } = get();
      return codes.map((code) => communeOf(data, code));
    },
    async searchCommunes(query: CommuneQuery) {
      const { data, names } = get();
      return searchCommunes(data, names, query);
    },
    async communeAt(point: GeoPoint) {
      return nearestCommune(get().data, point);
    },
    async getDepartements(codes: readonly string[]): Promise<Array<Departement | null>> {
      return pick(get().data.departements, codes);
    },
    async listDepartements(codeRegion?: string): Promise<readonly Departement[]> {
      const { data } = get();
      if (codeRegion !== undefined) return data.departementsByRegion.get(codeRegion) ?? [];
      return [...data.departements.values()].sort(byCode);
    },
    async getRegions(codes: readonly string[]): Promise<Array<Region | null>> {
      return pick(get().data.regions, codes);
    },
    async listRegions(): Promise<readonly Region[]> {
      return [...get().data.regions.values()].sort(byCode);
    },
    async getEpcis(codes: readonly string[]): Promise<Array<Epci | null>> {
      return pick(get().data.epcis, codes);
    },
    async listEpcis(codeDepartement?: string): Promise<readonly Epci[]> {
      const { data } = get();
      if (codeDepartement !== undefined) return data.epcisByDepartement.get(codeDepartement) ?? [];
      return [...data.epcis.values()].sort(byCode);
    },
  };
}
