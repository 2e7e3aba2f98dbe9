/**
 * The value-level rules of data·inclusion's mes-aides "aides" mapping (pipeline `int_mes_aides__aides__services_v1`
 * and its staging models): multi-select cells, thématiques / frais / types tables, publics from the
 * conditions, and the eligibility zone. Pure (the COG look-up is passed in).
 */
import { readTable } from '../tables.js';
import type { TerritoryLookup } from './territories.js';

/** Lower-case without accents, as the pipeline's `UNACCENT(LOWER(…))`; typographic apostrophes made straight. */
export const unaccentLower = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[’‘]/g, "'")
    .toLowerCase()
    .trim();

/** Values of an Airtable multi-select cell: comma-separated, commas inside double quotes kept. */
export function splitMulti(cell: string | null): string[] {
  if (!cell) return [];
  return cell
    .split(/,(?=(?:[^"]*"[^"]*")*[^"]*$)/)
    .map((v) =>
      v
        .trim()
        .replace(/^"(.*)"$/s, '$1')
        .trim(),
    )
    .filter((v) => v !== '');
}

const tables = new Map<string, ReadonlyMap<string, readonly string[]>>();

/** A mapping table as key → values (several rows may share a key); immutable, built once per file. */
function table(name: string, key: string, value: string): ReadonlyMap<string, readonly string[]> {
  let m = tables.get(name);
  if (!m) {
    const built = new Map<string, string[]>();
    for (const r of readTable(`pipeline-mappings/${name}.csv`))
      if (r[value]) built.set(r[key]!, [...new Set([...(built.get(r[key]!) ?? []), r[value]!])]);
    tables.set(name, (m = built));
  }
  return m;
}

/** v1 thématiques of the `Besoins` cell (`_map_mes_aides__thematiques_v1`), de-duplicated; null when none maps. */
export function thematiquesOf(cell: string | null): string[] | null {
  const map = table('_map_mes_aides__thematiques_v1', 'besoin', 'thematique');
  let rest = (cell ?? '').toLowerCase();
  const besoins: string[] = [];
  // Some besoins contain a comma ("scooter, trottinette..."): take them out before splitting.
  for (const k of map.keys())
    if (k.includes(',') && rest.includes(k)) {
      besoins.push(k);
      rest = rest.replace(k, '');
    }
  besoins.push(...splitMulti(rest));
  const out = [...new Set(besoins.flatMap((b) => map.get(b) ?? []))];
  return out.length > 0 ? out : null;
}

/** `frais` of the `Nature` cell: payant wins over gratuit (`_map_mes_aides__frais_v1`). */
export function fraisOf(cell: string | null): string | null {
  const map = table('_map_mes_aides__frais_v1', 'nature', 'frais');
  const found = splitMulti(cell).flatMap((n) => map.get(unaccentLower(n)) ?? []);
  return found.includes('payant') ? 'payant' : found.includes('gratuit') ? 'gratuit' : null;
}

const TYPE_PRIORITY = ['aide-financiere', 'aide-materielle', 'accompagnement'];

/** `type` of the "Type d'aide" cell (`_map_mes_aides__types_v1`), "(ex : …)" hints removed; first by priority. */
export function typeOf(cell: string | null): string | null {
  const map = table('_map_mes_aides__types_v1', 'type_aide', 'type');
  // The hints are removed before splitting: they may themselves hold commas ("(ex : prime, subvention)").
  const found = splitMulti(cell?.replace(/\s*\(ex : [^)]*\)/g, '') ?? null).flatMap(
    (t) => map.get(unaccentLower(t)) ?? [],
  );
  return TYPE_PRIORITY.find((t) => found.includes(t)) ?? null;
}

const PUBLIC_RULES: ReadonlyArray<readonly [RegExp, string]> = [
  [/tou. public/i, 'tous-publics'],
  [
    /inscrit france travail|insertion professionnelle|en recherche d'emploi|etre inscrit en mission locale/i,
    'demandeurs-emploi',
  ],
  [/allocataire rsa|beneficiaire des minimas sociaux/i, 'beneficiaires-des-minimas-sociaux'],
  [/en situation de handicap/i, 'personnes-en-situation-de-handicap'],
  [/entre \d{2} et [1-3]\d ans|moins de [2-3]\d ans|de \d{2} a [1-3]\d ans/i, 'jeunes'],
  [/plus de [5-6]\d ans/i, 'seniors'],
  [/etudiant|stagiaire|lyceen|apprenti|alternant|cfa/i, 'etudiants'],
  [/interimaire|saisonnier|alternant/i, 'actifs'],
];

/**
 * `publics` and `publics_precisions` of the `Conditions` cell: a "tout public" condition makes the aide
 * `tous-publics` and keeps only that condition as precision; otherwise every condition is kept.
 */
export function publicsOf(cell: string | null): { publics: string[] | null; precisions: string | null } {
  let conditions = splitMulti(cell);
  if (conditions.some((c) => /tou. public/i.test(unaccentLower(c))))
    conditions = conditions.filter((c) => /tou. public/i.test(unaccentLower(c)));
  const publics = new Set<string>();
  for (const c of conditions) {
    const rule = PUBLIC_RULES.find(([re]) => re.test(unaccentLower(c)));
    if (rule) publics.add(rule[1]);
  }
  return {
    publics: publics.size > 0 ? [...publics] : null,
    precisions: conditions.length > 0 ? conditions.join(', ') : null,
  };
}

/** The cells the zone needs. */
export interface ZoneCells {
  readonly zone: string | null;
  readonly villes: string | null;
  readonly epci: string | null;
  readonly departements: string | null;
  readonly regions: string | null;
}

const uniq = (xs: ReadonlyArray<string | null>) => {
  const out = [...new Set(xs.filter((x): x is string => x !== null))];
  return out.length > 0 ? out : null;
};

/**
 * `zone_eligibilite` from "Zone géographique" (échelle communale / intercommunale / départementale /
 * régionale, France métropolitaine, échelle nationale). Intercommunal is tested before communal:
 * the pipeline's `~ 'commun.'` also matches "intercommunale" and so loses EPCI zones. Names the COG
 * does not know are dropped, as the pipeline drops unmatched communes.
 */
export function zoneOf(c: ZoneCells, cog: TerritoryLookup): string[] | null {
  const z = unaccentLower(c.zone ?? '');
  if (/intercommun/.test(z)) return uniq(splitMulti(c.epci).map((n) => cog.epciCode(n)));
  if (/commun/.test(z))
    return uniq(
      splitMulti(c.villes).map((v) => {
        const m = /^(.*)\s*\(([^)]*)\)$/.exec(v);
        return m ? cog.communeCode(m[1]!.trim(), m[2]!.trim() || null) : cog.communeCode(v, null);
      }),
    );
  if (/region/.test(z)) return uniq(splitMulti(c.regions).flatMap((r) => cog.departementsOfRegion(r)));
  if (/departement/.test(z)) return uniq(splitMulti(c.departements).map((d) => cog.departementCode(d)));
  if (/france|national/.test(z)) return ['france'];
  return null;
}
