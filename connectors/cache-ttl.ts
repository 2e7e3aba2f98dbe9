/**
 * How long each source's answers stay fresh, per operation. Defaults respect the partners'
 * freshness: search and list results at most an hour (les partenaires update through the day, and
 * data·inclusion itself re-extracts hourly), territories a day (the COG changes once a year),
 * geocoding a week (addresses barely move), SIRET lookups a day (the registry is updated daily).
 *
 * A sources-file entry overrides them: `ttlSeconds` for every operation of the source, and
 * `options.cacheTtlSeconds: { <operation>: seconds }` for one operation.
 */
import type { SourceConfig } from './connector.js';

/** Longest default freshness of a search or list answer. @default 3600 */
export const MAX_LIST_TTL_SECONDS = 3_600;
/** Territories (geo API). @default 86400 */
export const TERRITORY_TTL_SECONDS = 86_400;
/** Geocoding (BAN). @default 604800 */
export const GEOCODING_TTL_SECONDS = 604_800;
/** SIRET lookups (Recherche d'entreprises). @default 86400 */
export const SIRET_TTL_SECONDS = 86_400;

/** The operations each kind of connector caches (the names `options.cacheTtlSeconds` accepts). */
export const CACHED_OPERATIONS = Object.freeze({
  offre: ['listStructures', 'listServices', 'getStructures', 'getServices', 'searchServices'],
  territory: [
    'getCommunes',
    'searchCommunes',
    'getDepartements',
    'listDepartements',
    'getRegions',
    'listRegions',
    'getEpcis',
    'listEpcis',
  ],
  geocoder: ['geocode', 'reverse'],
  entreprises: ['getEtablissements'],
} as const);

export type CachedKind = keyof typeof CACHED_OPERATIONS;

/** The default TTL of a kind; an offre connector's own default (its config.ts) is capped at an hour. */
export function defaultTtlSeconds(kind: CachedKind, connectorDefault?: number): number {
  if (kind === 'territory') return TERRITORY_TTL_SECONDS;
  if (kind === 'geocoder') return GEOCODING_TTL_SECONDS;
  if (kind === 'entreprises') return SIRET_TTL_SECONDS;
  return Math.min(connectorDefault ?? MAX_LIST_TTL_SECONDS, MAX_LIST_TTL_SECONDS);
}

/**
 * The TTL of each operation of a source: `options.cacheTtlSeconds[op]`, else `ttlSeconds`, else the
 * default. Throws, naming the setting, when `options.cacheTtlSeconds` is malformed.
 */
export function ttlResolver(
  source: SourceConfig,
  kind: CachedKind,
  connectorDefault?: number,
): (operation: string) => number {
  const fallback = source.ttlSeconds ?? defaultTtlSeconds(kind, connectorDefault);
  const raw = source.options?.cacheTtlSeconds;
  if (raw === undefined) return () => fallback;
  const ops: readonly string[] = CACHED_OPERATIONS[kind];
  const where = `sources entry "${source.id}": options.cacheTtlSeconds`;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
    throw new Error(`${where} must be a mapping of operation to seconds, e.g. { ${ops[0]}: 600 }`);
  for (const [op, v] of Object.entries(raw)) {
    if (!ops.includes(op))
      throw new Error(`${where} names an unknown operation "${op}" (expected one of ${ops.join(', ')})`);
    if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
      throw new Error(`${where}.${op} must be a positive integer, got: ${JSON.stringify(v)}`);
  }
  const table = raw as Readonly<Record<string, number>>;
  return (operation) => table[operation] ?? fallback;
}
