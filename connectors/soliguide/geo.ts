/**
 * Département and région codes ↔ the slugified names Soliguide's search expects as `geoValue`
 * (`44` ↔ `loire-atlantique`), from the COG the project already carries (@etalab/decoupage-administratif).
 */
import departements from '@etalab/decoupage-administratif/data/departements.json' with { type: 'json' };
import regions from '@etalab/decoupage-administratif/data/regions.json' with { type: 'json' };
import { slugLocation } from './text.js';

interface Named {
  readonly code: string;
  readonly nom: string;
}

const bySlug = (list: readonly Named[]) => new Map(list.map((x) => [slugLocation(x.nom), x.code]));
const byCode = (list: readonly Named[]) => new Map(list.map((x) => [x.code, slugLocation(x.nom)]));

// Static reference data, indexed once on first use.
let index:
  | {
      depSlug: Map<string, string>;
      depCode: Map<string, string>;
      regSlug: Map<string, string>;
      regCode: Map<string, string>;
    }
  | undefined;
function idx(): NonNullable<typeof index> {
  index ??= {
    depSlug: bySlug(departements),
    depCode: byCode(departements),
    regSlug: bySlug(regions),
    regCode: byCode(regions),
  };
  return index;
}

/** `geoValue` for a département code, or null when the code is unknown. */
export function departementSlug(code: string): string | null {
  return idx().depCode.get(code) ?? null;
}

/** `geoValue` for a région code, or null when the code is unknown. */
export function regionSlug(code: string): string | null {
  return idx().regCode.get(code) ?? null;
}

/** Département code of a slug (optionally prefixed `departement-`), or null. */
export function departementOfSlug(slug: string): string | null {
  return idx().depSlug.get(slug.replace(/^departement-/, '')) ?? null;
}

/** Région code of a slug (optionally prefixed `region-`), or null. */
export function regionOfSlug(slug: string): string | null {
  return idx().regSlug.get(slug.replace(/^region-/, '')) ?? null;
}

/** Name of a département, for `position.department`. */
export function departementName(code: string): string | null {
  return departements.find((d) => d.code === code)?.nom ?? null;
}

/** Région code of a département, or null. */
export function regionOfDepartement(code: string): string | null {
  return (departements as ReadonlyArray<Named & { region: string }>).find((d) => d.code === code)?.region ?? null;
}

/** Name of a région, for `position.region`. */
export function regionName(code: string): string | null {
  return regions.find((r) => r.code === code)?.nom ?? null;
}
