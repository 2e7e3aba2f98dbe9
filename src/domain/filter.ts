/**
 * The gateway's own implementation of the list filters (docs/data-inclusion.md#list-filters), applied to the
 * records of every source for the filters that source could not push down. Pure.
 */
import type { Service, Structure } from './offre.js';
import { expandThematiques } from './nomenclatures.js';

/** Filters as the gateway receives them (thématique categories not yet expanded). */
export interface OffreFilter {
  readonly codeCommune?: string;
  readonly codeDepartement?: string;
  readonly codeRegion?: string;
  readonly sources?: readonly string[];
  readonly thematiques?: readonly string[];
  readonly publics?: readonly string[];
  readonly frais?: readonly string[];
  readonly types?: readonly string[];
  readonly modesAccueil?: readonly string[];
  readonly reseauxPorteurs?: readonly string[];
}

/** A filter as callers give it: any key may be absent or null, lists in any order and with repeats. */
export type FilterFields = { readonly [K in keyof OffreFilter]?: OffreFilter[K] | null };

type MutableFilter = { -readonly [K in keyof OffreFilter]?: OffreFilter[K] };

function put<K extends keyof OffreFilter>(to: MutableFilter, name: K, value: OffreFilter[K] | null | undefined): void {
  if (value !== undefined && value !== null) to[name] = value;
}

const valueSet = (v: readonly string[] | null | undefined): string[] | undefined =>
  v === undefined || v === null ? undefined : [...new Set(v)].sort();

/**
 * The filter's one normal form: what the federation asks the sources, and what the per-request memos
 * and the partner answer cache key on. Absent and null keys dropped, `codeCommune` kept as asked
 * (an arrondissement matches its own records, as data·inclusion's `code_commune`), thématique categories expanded to their subcategories, list
 * values deduplicated and sorted, keys in alphabetical order. Idempotent; keys other than the
 * filter's are dropped.
 */
export function normalFilter(f: FilterFields): OffreFilter {
  const out: MutableFilter = {};
  put(out, 'codeCommune', f.codeCommune);
  put(out, 'codeDepartement', f.codeDepartement);
  put(out, 'codeRegion', f.codeRegion);
  put(out, 'frais', valueSet(f.frais));
  put(out, 'modesAccueil', valueSet(f.modesAccueil));
  put(out, 'publics', valueSet(f.publics));
  put(out, 'reseauxPorteurs', valueSet(f.reseauxPorteurs));
  put(out, 'sources', valueSet(f.sources));
  put(out, 'thematiques', valueSet(f.thematiques && expandThematiques(f.thematiques)));
  put(out, 'types', valueSet(f.types));
  return out;
}

/** The stable text of a filter's normal form: the same question always gives the same key. */
export function filterKey(f: FilterFields): string {
  return JSON.stringify(normalFilter(f));
}

/** Département code of a commune code (`59350` → `59`, `97411` → `974`, `2A004` → `2A`). */
export function departementOfCommune(codeInsee: string): string {
  return codeInsee.startsWith('97') || codeInsee.startsWith('98') ? codeInsee.slice(0, 3) : codeInsee.slice(0, 2);
}

const overlaps = (have: readonly string[] | null, want: readonly string[]): boolean =>
  have !== null && have.some((v) => want.includes(v));

/** Looks up the région of a département; null when unknown. */
export type RegionOf = (codeDepartement: string) => string | null;

function locationMatches(codeInsee: string | null, f: OffreFilter, regionOf: RegionOf): boolean {
  if (f.codeCommune === undefined && f.codeDepartement === undefined && f.codeRegion === undefined) return true;
  if (codeInsee === null) return false;
  if (f.codeCommune !== undefined && codeInsee !== f.codeCommune) return false;
  if (f.codeDepartement !== undefined && !codeInsee.startsWith(f.codeDepartement)) return false;
  if (f.codeRegion !== undefined && regionOf(departementOfCommune(codeInsee)) !== f.codeRegion) return false;
  return true;
}

/** Builds a predicate over structures for the given filter. */
export function structurePredicate(f: OffreFilter, regionOf: RegionOf): (s: Structure) => boolean {
  return (s) =>
    locationMatches(s.codeInsee, f, regionOf) &&
    (f.sources === undefined || f.sources.includes(s.source)) &&
    (f.reseauxPorteurs === undefined || overlaps(s.reseauxPorteurs, f.reseauxPorteurs));
}

/** Builds a predicate over services for the given filter (categories expand, `tous-publics` always matches). */
export function servicePredicate(f: OffreFilter, regionOf: RegionOf): (s: Service) => boolean {
  const thematiques = f.thematiques ? expandThematiques(f.thematiques) : undefined;
  const publics = f.publics && !f.publics.includes('tous-publics') ? [...f.publics, 'tous-publics'] : undefined;
  return (s) =>
    locationMatches(s.codeInsee, f, regionOf) &&
    (f.sources === undefined || f.sources.includes(s.source)) &&
    (thematiques === undefined || overlaps(s.thematiques, thematiques)) &&
    (publics === undefined || overlaps(s.publics, publics)) &&
    (f.frais === undefined || (s.frais !== null && f.frais.includes(s.frais))) &&
    (f.types === undefined || (s.type !== null && f.types.includes(s.type))) &&
    (f.modesAccueil === undefined || overlaps(s.modesAccueil, f.modesAccueil));
}
