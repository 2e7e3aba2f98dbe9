/**
 * The embedded, offline territory source (connector `cog`): the Code Officiel Géographique from
 * `@etalab/decoupage-administratif` with GeoNames commune centres (see centres.ts). It answers every
 * TerritoryConnector method in-process, with no network.
 *
 * The data is read and matched on first use (about a second), once per connector instance, and kept
 * by that instance: there is no module-level state. `ping()` triggers the load, so a readiness probe
 * at boot warms it. Precomputing the centres into a committed file was rejected: it would be a
 * generated artefact that can drift from the pinned packages, for a one-off cost of about a second.
 */
import type { CommuneQuery, ConnectorDeps, SourceConfig, TerritoryConnector } from '../connector.js';
import {
  communeOfArrondissement,
  type Commune,
  type Departement,
  type Epci,
  type Region,
} from '../../src/domain/index.js';
import { matchCentres } from './centres.js';
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
  const centres = matchCentres(sources.communes, sources.cities);
  const data = buildCogData(sources, centres);
  const withCentre = [...data.communes.values()].filter((c) => c.centre !== null).length;
  deps.logger?.info?.({ communes: data.communes.size, withCentre, epcis: data.epcis.size }, 'cog: territories loaded');
  return { data, names: buildNameIndex(data.communes.values()) };
}

/** A commune by its code, or by the code of one of its arrondissements municipaux (kept in `arrondissement`). */
function communeOf(data: CogData, code: string): Commune | null {
  const own = data.communes.get(code);
  if (own) return own;
  const parent = communeOfArrondissement(code);
  const arr = parent ? data.arrondissements.get(code) : undefined;
  const commune = parent ? data.communes.get(parent) : undefined;
  if (!arr || !commune) return null;
  return { ...commune, arrondissement: { code: arr.code, nom: arr.nom } };
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
