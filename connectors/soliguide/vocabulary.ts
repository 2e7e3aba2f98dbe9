/**
 * Soliguide vocabulary ↔ schema v1, read from the data·inclusion pipeline's own tables
 * (`stg_soliguide__categories`, `_map_soliguide__thematiques_v1`, `_map_soliguide__types_v1`,
 * `_map_soliguide__publics_v1`, `stg_soliguide__publics`, `_map_soliguide__reseaux_porteurs_v1`).
 * The reverse lookups serve the simulator, which renders v1 sandbox records in Soliguide's terms.
 */
import { readTable } from '../tables.js';

/** The four public-profile dimensions, in Soliguide's spelling. */
export const PUBLIC_DIMENSIONS = ['administrative', 'familialle', 'gender', 'other'] as const;
export type PublicDimension = (typeof PUBLIC_DIMENSIONS)[number];

interface Vocabulary {
  readonly labels: ReadonlyMap<string, string>;
  readonly thematiques: ReadonlyMap<string, readonly string[]>;
  readonly types: ReadonlyMap<string, string>;
  readonly publics: ReadonlyMap<string, readonly string[]>;
  readonly dimensions: ReadonlyMap<PublicDimension, readonly string[]>;
  readonly reseaux: ReadonlyMap<string, string>;
}

function group(
  rows: ReadonlyArray<Readonly<Record<string, string>>>,
  key: string,
  value: string,
): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of rows) {
    const k = r[key]!;
    const v = r[value]!;
    if (!out.has(k)) out.set(k, []);
    if (v !== '' && !out.get(k)!.includes(v)) out.get(k)!.push(v);
  }
  return out;
}

// Static reference data, parsed once on first use (readTable caches the files themselves).
let vocab: Vocabulary | undefined;
function v(): Vocabulary {
  vocab ??= {
    labels: new Map(readTable('pipeline-mappings/stg_soliguide__categories.csv').map((r) => [r.code!, r.label!])),
    thematiques: group(readTable('pipeline-mappings/_map_soliguide__thematiques_v1.csv'), 'category', 'thematique'),
    types: new Map(
      readTable('pipeline-mappings/_map_soliguide__types_v1.csv')
        .filter((r) => r.type_)
        .map((r) => [r.category!, r.type_!]),
    ),
    publics: group(
      readTable('pipeline-mappings/_map_soliguide__publics_v1.csv'),
      'public_soliguide',
      'public_datainclusion',
    ),
    dimensions: group(readTable('pipeline-mappings/stg_soliguide__publics.csv'), 'dimension', 'value') as Map<
      PublicDimension,
      string[]
    >,
    reseaux: new Map(
      readTable('pipeline-mappings/_map_soliguide__reseaux_porteurs_v1.csv')
        .filter((r) => r.reseau_porteur)
        .map((r) => [r.source!, r.reseau_porteur!]),
    ),
  };
  return vocab;
}

/** French label of a category (the service's `nom` in d·i), or null when the code is unknown. */
export function categoryLabel(code: string): string | null {
  return v().labels.get(code) ?? null;
}

/** v1 thématiques of a category; empty when d·i does not map it (such services are dropped). */
export function categoryThematiques(code: string): readonly string[] {
  return v().thematiques.get(code) ?? [];
}

/** v1 type of a category, or null. */
export function categoryType(code: string): string | null {
  return v().types.get(code) ?? null;
}

/** Every category whose thématiques overlap `thematiques` (what to send as `categories`). */
export function categoriesForThematiques(thematiques: readonly string[]): string[] {
  const want = new Set(thematiques);
  return [...v().thematiques]
    .filter(([, ts]) => ts.some((t) => want.has(t)))
    .map(([c]) => c)
    .sort();
}

/** v1 publics of one Soliguide public value (empty when deliberately unmapped, e.g. `men`). */
export function publicsOfValue(value: string): readonly string[] {
  return v().publics.get(value) ?? [];
}

/** Every value of a dimension; a dimension listing all of them is "not a criterion". */
export function dimensionValues(dimension: PublicDimension): readonly string[] {
  return v().dimensions.get(dimension) ?? [];
}

/** v1 réseau porteur of a `sources[].name`, or null. */
export function reseauOfSource(name: string): string | null {
  return v().reseaux.get(name) ?? null;
}

// ---- reverse lookups (simulator) ----

/**
 * The category that best expresses v1 thématiques, type and name: most shared thématiques, then
 * same type, then the name is its label, then fewest extra thématiques, then code order. Null when
 * no category shares any thématique.
 */
export function categoryFor(thematiques: readonly string[], type: string | null, nom?: string): string | null {
  let best: { code: string; score: number } | null = null;
  for (const [code, ts] of [...v().thematiques].sort(([a], [b]) => a.localeCompare(b))) {
    const shared = ts.filter((t) => thematiques.includes(t)).length;
    if (shared === 0) continue;
    const score =
      shared * 1000 +
      (categoryType(code) === type ? 100 : 0) +
      (nom !== undefined && categoryLabel(code) === nom ? 50 : 0) -
      (ts.length - shared);
    if (!best || score > best.score) best = { code, score };
  }
  return best?.code ?? null;
}

/** The Soliguide value expressing one v1 public, preferring values that map to it alone; null when none does. */
export function valueForPublic(v1: string): { dimension: PublicDimension; value: string } | null {
  let fallback: { dimension: PublicDimension; value: string } | null = null;
  for (const dimension of PUBLIC_DIMENSIONS) {
    for (const value of dimensionValues(dimension)) {
      const mapped = publicsOfValue(value);
      if (!mapped.includes(v1)) continue;
      if (mapped.length === 1) return { dimension, value };
      fallback ??= { dimension, value };
    }
  }
  return fallback;
}

/** A `sources[].name` carrying a réseau porteur, or null. */
export function sourceForReseau(reseau: string): string | null {
  for (const [name, r] of v().reseaux) if (r === reseau) return name;
  return null;
}
