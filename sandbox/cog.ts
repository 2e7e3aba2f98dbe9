/**
 * The real Code Officiel Géographique as the sandbox and its simulators need it: every commune
 * (plus arrondissements municipaux and communes déléguées/associées, as the d·i API communes table
 * holds them), its département, région, EPCI and centre. Read from the installed
 * `@etalab/decoupage-administratif` JSON files (never `require()`d: the package's index pulls
 * more than we need), with the centres the gateway's embedded territories use, so sandbox records
 * sit around the very points a search starts from.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { communeCentres } from '../connectors/cog/centres.js';
import type { GeoPoint } from '../src/domain/index.js';

/** One commune-like entry of the COG. */
export interface CogCommune {
  readonly code: string;
  readonly nom: string;
  readonly type: 'commune-actuelle' | 'arrondissement-municipal' | 'commune-deleguee' | 'commune-associee';
  readonly codesPostaux: readonly string[];
  readonly codeDepartement: string;
  readonly codeRegion: string;
  /** SIREN of its EPCI; null for arrondissements, déléguées and communes outside any EPCI. */
  readonly codeEpci: string | null;
  readonly population: number | null;
  readonly centre: GeoPoint | null;
  /** For arrondissements: the commune they belong to. */
  readonly parent: string | null;
}

/** Read-only lookups over the COG. */
export interface Cog {
  /** Any commune-like code (communes, arrondissements, déléguées); the commune-actuelle wins on a shared code. */
  commune(code: string): CogCommune | undefined;
  /** Communes actuelles of a département. */
  communesOf(codeDepartement: string): readonly CogCommune[];
  /** Arrondissements municipaux of a commune (Paris, Lyon, Marseille), in code order. */
  arrondissementsOf(code: string): readonly CogCommune[];
  regionOfDepartement(codeDepartement: string): string | null;
  departementsOfRegion(codeRegion: string): readonly string[];
  epciName(code: string): string | null;
}

interface RawCommune {
  code: string;
  nom: string;
  type: CogCommune['type'];
  departement: string;
  region: string;
  commune?: string;
  codesPostaux?: string[];
  population?: number;
}

/** Absolute path of a file of an installed package (resolved, never imported). */
function packageFile(spec: string): string {
  return createRequire(import.meta.url).resolve(spec);
}

function readJsonFile<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

function push<T>(m: Map<string, T[]>, key: string, v: T): void {
  const list = m.get(key);
  if (list) list.push(v);
  else m.set(key, [v]);
}

function buildCog(): Cog {
  const dir = join(dirname(packageFile('@etalab/decoupage-administratif/package.json')), 'data');
  const raw = readJsonFile<RawCommune[]>(join(dir, 'communes.json'));
  const epcis = readJsonFile<Array<{ code: string; nom: string; membres: Array<{ code: string }> }>>(
    join(dir, 'epci.json'),
  );
  const deps = readJsonFile<Array<{ code: string; region: string }>>(join(dir, 'departements.json'));
  const epciOf = new Map<string, string>();
  const epciNames = new Map<string, string>();
  for (const e of epcis) {
    epciNames.set(e.code, e.nom);
    for (const m of e.membres) epciOf.set(m.code, e.code);
  }
  const centres = communeCentres();
  const byCode = new Map<string, CogCommune>();
  const byDep = new Map<string, CogCommune[]>();
  const arrs = new Map<string, CogCommune[]>();
  for (const r of raw) {
    const actual = r.type === 'commune-actuelle';
    if (byCode.has(r.code) && !actual) continue;
    const c: CogCommune = {
      code: r.code,
      nom: r.nom,
      type: r.type,
      codesPostaux: r.codesPostaux ?? [],
      codeDepartement: r.departement,
      codeRegion: r.region,
      codeEpci: actual ? (epciOf.get(r.code) ?? null) : null,
      population: r.population ?? null,
      centre: centres.get(r.code) ?? null,
      parent: r.type === 'arrondissement-municipal' ? (r.commune ?? null) : null,
    };
    byCode.set(r.code, c);
    if (actual) push(byDep, r.departement, c);
    if (c.parent) push(arrs, c.parent, c);
  }
  const regionOf = new Map(deps.map((d) => [d.code, d.region]));
  const depsOf = new Map<string, string[]>();
  for (const d of deps) push(depsOf, d.region, d.code);
  return {
    commune: (code) => byCode.get(code),
    communesOf: (dep) => byDep.get(dep) ?? [],
    arrondissementsOf: (code) => [...(arrs.get(code) ?? [])].sort((a, b) => a.code.localeCompare(b.code)),
    regionOfDepartement: (dep) => regionOf.get(dep) ?? null,
    departementsOfRegion: (region) => depsOf.get(region) ?? [],
    epciName: (code) => epciNames.get(code) ?? null,
  };
}

// Immutable reference data read from disk once per process (like connectors/tables.ts): it is
// a pure function of the installed packages, so sharing it holds no request or config state.
let shared: Cog | undefined;

/** The COG tables (read on first use, then shared: they are immutable). */
export function loadCog(): Cog {
  shared ??= buildCog();
  return shared;
}
