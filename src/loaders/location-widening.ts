/**
 * Location widening (connectors/location-granularity.ts): a list filtered by commune is asked of a
 * `departement` source as the commune's département, with only the filters the source pushes down
 * (as search-plan.ts asks), so every commune of a département, and the planner's own département
 * calls, share one partner call and one cached answer.
 *
 * The federation applies the whole filter again, commune included: `code_insee` equal to the
 * commune, which is data·inclusion's `code_commune` (exact equality on the record's `code_insee`).
 * Arrondissements of Paris, Lyon and Marseille are folded into their commune both in the filter
 * (offre.resolver.ts) and in the records (the partners' mappings, as d·i's pipeline does), and
 * records without `code_insee` match no commune, on either side.
 */
import type { LocationGranularity, OffreConnector, RecordFilter } from '../../connectors/connector.js';
import { departementOfCommune } from '../domain/index.js';
import { pushable, withoutLocation } from './search-plan.js';

/** The filter a list call sends to a source: `rf` itself, or widened to the commune's département. */
export function askedFilter(c: OffreConnector, granularity: LocationGranularity | undefined, rf: RecordFilter): RecordFilter {
  if (granularity !== 'departement' || rf.codeCommune === undefined) return rf;
  return pushable(c, { ...withoutLocation(rf), codeDepartement: departementOfCommune(rf.codeCommune) });
}
