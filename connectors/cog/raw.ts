/**
 * The embedded COG's inputs: `@etalab/decoupage-administratif`'s JSON files as the package ships
 * them (codes, names, hierarchy, postcodes, population, EPCI membership; read from disk, never
 * `require()`d: the package's index loads every file) and the project's commune centres (centres.ts).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { GeoPoint } from '../../src/domain/index.js';
import { communeCentres } from './centres.js';

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

/** Everything the COG connector is built from. */
export interface CogSources {
  readonly communes: readonly RawCommune[];
  readonly departements: readonly RawArea[];
  readonly regions: readonly RawArea[];
  readonly epcis: readonly RawEpci[];
  /** Centres by code (communes actuelles, arrondissements, déléguées). */
  readonly centres: ReadonlyMap<string, GeoPoint>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** Reads the installed package's data files (pinned version 6.0.0) and the project's centres. */
export function readCogSources(): CogSources {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@etalab/decoupage-administratif/package.json')), 'data');
  return {
    communes: readJson<RawCommune[]>(join(dir, 'communes.json')),
    departements: readJson<RawArea[]>(join(dir, 'departements.json')),
    regions: readJson<RawArea[]>(join(dir, 'regions.json')),
    epcis: readJson<RawEpci[]>(join(dir, 'epci.json')),
    centres: communeCentres(),
  };
}
