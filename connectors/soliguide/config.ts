/** The Soliguide section of the gateway configuration: defaults for a `connector: soliguide` source. */
import type { RateLimit } from '../http.js';

/** Defaults of a Soliguide source; a sources-file entry overrides baseUrl, timeoutMs, ttlSeconds and options. */
export interface SoliguideConfigSection {
  /** API root; `new-search` and `place/{lieu_id}` hang off it. @default 'https://api.soliguide.fr' */
  readonly baseUrl: string;
  /** Environment variable the sources file usually references for the API user's JWT. @default 'SOLIGUIDE_API_TOKEN' */
  readonly tokenEnv: string;
  /** Whole-request timeout in ms (a département page of places with all their services is large). @default 20000 */
  readonly timeoutMs: number;
  /** Cache TTL of Soliguide answers in seconds; data·inclusion extracts Soliguide hourly. @default 3600 */
  readonly ttlSeconds: number;
  /** Ids looked up per batch: Soliguide has no batch route, each id is one `GET /place/{id}`. @default 20 */
  readonly maxBatchSize: number;
  /** `GET /place` calls in flight at once during a batch lookup. @default 4 */
  readonly lookupConcurrency: number;
  /** `options.limit` of each search page (no maximum in the API; data·inclusion asks 50 000 nationally). @default 1000 */
  readonly pageSize: number;
  /** Pages read at most per search, a guard against an answer whose `nbResults` never stops growing. @default 200 */
  readonly maxPages: number;
  /** Longest Retry-After we wait once before re-sending a 429'd search, in ms. @default 5000 */
  readonly maxRetryAfterMs: number;
  /** Our own courtesy budget: Soliguide documents none and asks API users to be gentle. @default { requests: 5, perMs: 1000 } */
  readonly rateLimit: RateLimit;
}

/** Soliguide defaults (docs/partners/soliguide.md#rate-limits). */
export const soliguideConfig: SoliguideConfigSection = Object.freeze({
  baseUrl: 'https://api.soliguide.fr',
  tokenEnv: 'SOLIGUIDE_API_TOKEN',
  timeoutMs: 20_000,
  ttlSeconds: 3600,
  maxBatchSize: 20,
  lookupConcurrency: 4,
  pageSize: 1000,
  maxPages: 200,
  maxRetryAfterMs: 5_000,
  rateLimit: Object.freeze({ requests: 5, perMs: 1000 }),
});
