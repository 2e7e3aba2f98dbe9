/**
 * Commune search over the embedded COG: filters combine with AND (like geo.api); a name matches
 * accent-, case- and punctuation-insensitively. Ranking: exact name, then names starting with the
 * query, then names with a word starting with it; within each tier the most populous first (then
 * code), so "saint etienne" gives Saint-Étienne (42) before Saint-Étienne-du-Rouvray.
 */
import type { CommuneQuery } from '../connector.js';
import { compareCodeUnits, normaliseForMatch, type Commune } from '../../src/domain/index.js';
import type { CogData } from './data.js';

/** Normalised names of communes, by code. */
export type NameIndex = ReadonlyMap<string, string>;

/** Abbreviations people type for the saints that start a quarter of French commune names. */
const ABBREVIATIONS: Readonly<Record<string, string>> = { st: 'saint', ste: 'sainte', sts: 'saints', stes: 'saintes' };

/** A name as compared: normalised (see normaliseForMatch) with `st`/`ste` spelled out. */
export function normaliseName(nom: string): string {
  return normaliseForMatch(nom)
    .split(' ')
    .map((w) => ABBREVIATIONS[w] ?? w)
    .join(' ');
}

/** Builds the name index once per connector instance. */
export function buildNameIndex(communes: Iterable<Commune>): NameIndex {
  const index = new Map<string, string>();
  for (const c of communes) index.set(c.code, normaliseName(c.nom));
  return index;
}

/** 0 exact, 1 prefix, 2 word prefix, null no match. */
function tierOf(name: string, q: string): number | null {
  if (name === q) return 0;
  if (name.startsWith(q)) return 1;
  if (` ${name}`.includes(` ${q}`)) return 2;
  return null;
}

const byPopulation = (a: Commune, b: Commune): number =>
  (b.population ?? -1) - (a.population ?? -1) || compareCodeUnits(a.code, b.code);

/** The smallest indexed set that contains every answer (null: all communes). */
function candidates(data: CogData, q: CommuneQuery): Iterable<Commune> {
  if (q.codePostal !== undefined) return data.communesByPostcode.get(q.codePostal) ?? [];
  if (q.codeEpci !== undefined) return data.communesByEpci.get(q.codeEpci) ?? [];
  if (q.codeDepartement !== undefined) return data.communesByDepartement.get(q.codeDepartement) ?? [];
  return data.communes.values();
}

function matchesFilters(c: Commune, q: CommuneQuery): boolean {
  return (
    (q.codePostal === undefined || c.codesPostaux.includes(q.codePostal)) &&
    (q.codeEpci === undefined || c.codeEpci === q.codeEpci) &&
    (q.codeDepartement === undefined || c.codeDepartement === q.codeDepartement)
  );
}

/** Runs a commune query; a blank `nom` (nothing left after normalisation) is no name filter. */
export function searchCommunes(data: CogData, names: NameIndex, q: CommuneQuery): Commune[] {
  const wanted = q.nom === undefined ? '' : normaliseName(q.nom);
  const hits: Array<{ c: Commune; tier: number }> = [];
  for (const c of candidates(data, q)) {
    if (!matchesFilters(c, q)) continue;
    const tier = wanted === '' ? 0 : tierOf(names.get(c.code) ?? '', wanted);
    if (tier !== null) hits.push({ c, tier });
  }
  hits.sort((a, b) => a.tier - b.tier || byPopulation(a.c, b.c));
  const limit = q.limit === undefined ? hits.length : Math.max(0, Math.floor(q.limit));
  return hits.slice(0, limit).map((h) => h.c);
}
