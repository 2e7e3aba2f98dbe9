/** The BAN / Géoplateforme geocoder section of the gateway configuration: defaults for a `connector: ban` source. */
import type { RateLimit } from '../http.js';

/** Defaults of a BAN source; a sources-file entry overrides baseUrl, timeoutMs, ttlSeconds and options (`concurrency`). */
export interface BanConfigSection {
  /** Géoplateforme geocoder root; `search`, `reverse` and `getCapabilities` hang off it. @default 'https://data.geopf.fr/geocodage' */
  readonly baseUrl: string;
  /** Whole-request timeout in ms (one address is a small answer). @default 5000 */
  readonly timeoutMs: number;
  /** Cache TTL of geocoding answers in seconds; data·inclusion re-geocodes weekly. @default 604800 */
  readonly ttlSeconds: number;
  /** Addresses accepted per `geocode` call (each is one `/search` request, spread by the rate budget). @default 1000 */
  readonly maxBatchSize: number;
  /** Lowest score accepted (docs/data-inclusion.md#cross-source-rules). @default 0.75 */
  readonly minScore: number;
  /** `/search` requests in flight at once within one batch. @default 10 */
  readonly concurrency: number;
  /** The partner's budget: 50 requests per second per IP, then 429. @default { requests: 50, perMs: 1000 } */
  readonly rateLimit: RateLimit;
  /** Window our client spreads those 50 requests over: 10 % headroom so network jitter never lands 51 in one partner second. @default 1100 */
  readonly clientWindowMs: number;
}

/** BAN defaults (docs/partners/ban.md#rate-limits). */
export const banConfig: BanConfigSection = Object.freeze({
  baseUrl: 'https://data.geopf.fr/geocodage',
  timeoutMs: 5_000,
  ttlSeconds: 604_800,
  maxBatchSize: 1000,
  minScore: 0.75,
  concurrency: 10,
  rateLimit: Object.freeze({ requests: 50, perMs: 1_000 }),
  clientWindowMs: 1_100,
});
