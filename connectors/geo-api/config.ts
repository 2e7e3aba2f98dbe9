/** The geo.api.gouv.fr section of the gateway configuration: defaults for a `connector: geo-api` territory source. */
import type { RateLimit } from '../http.js';

/** Defaults of a geo.api source; a sources entry (or GEO_API_URL) overrides baseUrl, timeoutMs and ttlSeconds. */
export interface GeoApiConfigSection {
  /** Public API root, no credentials (docs/partners/geo-api.md#base-url-and-auth). @default 'https://geo.api.gouv.fr' */
  readonly baseUrl: string;
  /** Whole-request timeout in ms (a département's communes with centres is ~200 kB). @default 5000 */
  readonly timeoutMs: number;
  /** Cache TTL of answers in seconds; the COG changes once a year. @default 86400 */
  readonly ttlSeconds: number;
  /** Codes per loader batch; a batch costs at most one call per département, so this only bounds memory. @default 200 */
  readonly maxBatchSize: number;
  /** Commonly cited budget of the data.gouv geo APIs (not in the code; unverified). @default { requests: 50, perMs: 1000 } */
  readonly rateLimit: RateLimit;
  /**
   * From this many communes of one département in a batch, one `/departements/{code}/communes` call replaces
   * the per-commune `/communes/{code}` calls (the API has no multi-code filter). @default 2
   */
  readonly departementBatchThreshold: number;
}

/** geo.api.gouv.fr defaults (docs/partners/geo-api.md#rate-limits). */
export const geoApiConfig: GeoApiConfigSection = Object.freeze({
  baseUrl: 'https://geo.api.gouv.fr',
  timeoutMs: 5_000,
  ttlSeconds: 86_400,
  maxBatchSize: 200,
  rateLimit: Object.freeze({ requests: 50, perMs: 1_000 }),
  departementBatchThreshold: 2,
});
