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
