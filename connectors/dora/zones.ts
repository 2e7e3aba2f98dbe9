/**
 * Région → départements, as the pipeline expands a DORA `zone_diffusion_type = region`
 * (docs/data-inclusion.md#dora-rules). Read from the COG file that @etalab/decoupage-administratif ships,
 * the same découpage geo.api.gouv.fr serves and the pipeline imports.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

interface CogDepartement {
  readonly code: string;
  readonly region: string;
}

/** Looks up the départements of a région code; null when the région is unknown. */
export type RegionDepartements = (codeRegion: string) => readonly string[] | null;

let memo: ReadonlyMap<string, readonly string[]> | undefined;

/** Région code → sorted département codes (read once; static reference data, like connectors/tables.ts). */
function table(): ReadonlyMap<string, readonly string[]> {
  if (memo) return memo;
  const file = createRequire(import.meta.url).resolve('@etalab/decoupage-administratif/data/departements.json');
  const rows = JSON.parse(readFileSync(file, 'utf8')) as CogDepartement[];
  const out = new Map<string, string[]>();
  for (const d of rows) out.set(d.region, [...(out.get(d.region) ?? []), d.code]);
  for (const codes of out.values()) codes.sort();
  memo = out;
  return out;
}

/** The default lookup over the COG. */
export const cogRegionDepartements: RegionDepartements = (codeRegion) => table().get(codeRegion) ?? null;
