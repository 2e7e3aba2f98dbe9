/**
 * What each source is asked: from the filter's normal form (`normalFilter`, src/domain/filter.ts) to
 * the filter one source is sent.
 *
 * - `pushable`: only the filters the source declares it applies itself (pushdown); the federation
 *   applies the whole filter again, so identical asks share one call whatever the other filters.
 * - `askedFilter`: location widening. A list filtered by commune is asked of a `departement` source
 *   (connectors/location-granularity.ts) as the commune's département, with only what it pushes down,
 *   so every commune of a département, and the planner's own département calls, share one partner
 *   call and one cached answer. The federation keeps the commune's records: `code_insee` equal to the
 *   commune (data·inclusion's `code_commune` semantics): an arrondissement code of Paris, Lyon or
 *   Marseille matches the records located in that arrondissement (the partners' mappings fold the
 *   codes they geocode, data·inclusion's records keep theirs), and records without `code_insee`
 *   match no commune.
 * - `areaCalls`: the filters one source is sent for an area of départements (searches, merges).
 */
import type { FilterName, LocationGranularity, OffreConnector } from '../../connectors/connector.js';
import { departementOfCommune, type OffreFilter } from '../domain/index.js';

/** The filter without its location keys. */
export function withoutLocation(f: OffreFilter): OffreFilter {
  const { codeCommune: _commune, codeDepartement: _departement, codeRegion: _region, ...rest } = f;
  return rest;
}

type MutableFilter = { -readonly [K in FilterName]?: OffreFilter[K] };

function copyFilter<K extends FilterName>(to: MutableFilter, from: OffreFilter, name: K): void {
  to[name] = from[name];
}

/** Only the filters the connector declares it applies, in the filter's own key order. */
export function pushable(c: OffreConnector, f: OffreFilter): OffreFilter {
  const pushdown = c.capabilities.pushdown;
  const out: MutableFilter = {};
  for (const key of Object.keys(f)) {
    const name = pushdown.find((n) => n === key);
    if (name !== undefined && f[name] !== undefined) copyFilter(out, f, name);
  }
  return out;
}

/** The filter a list call sends to a source: `f` itself, or widened to the commune's département. */
export function askedFilter(
  c: OffreConnector,
  granularity: LocationGranularity | undefined,
  f: OffreFilter,
): OffreFilter {
  if (granularity !== 'departement' || f.codeCommune === undefined) return f;
  return pushable(c, { ...withoutLocation(f), codeDepartement: departementOfCommune(f.codeCommune) });
}

/** The filters one source is asked, for an area of départements it covers, plus remote services when `remote`. */
export function areaCalls(
  c: OffreConnector,
  f: OffreFilter,
  departements: readonly string[],
  remote: boolean,
): OffreFilter[] {
  const base = withoutLocation(f);
  const byDepartement = c.capabilities.pushdown.includes('codeDepartement');
  const byMode = c.capabilities.pushdown.includes('modesAccueil');
  if (!byDepartement || (remote && !byMode)) return [base];
  const calls: OffreFilter[] = departements.map((d) => ({ ...base, codeDepartement: d }));
  if (remote) calls.push({ ...base, modesAccueil: ['a-distance'] });
  return calls;
}
