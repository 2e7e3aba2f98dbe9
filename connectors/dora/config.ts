/** The DORA section of the gateway configuration: defaults for a `connector: dora` source. */
import type { RateLimit } from '../http.js';

/** Defaults of a DORA source; a sources-file entry overrides baseUrl, timeoutMs, ttlSeconds and options. */
export interface DoraConfigSection {
  /** API v2 root (DRF router); paths `structures/` and `services/` hang off it. @default 'https://api.dora.inclusion.gouv.fr/api/v2' */
  readonly baseUrl: string;
  /** Environment variable the sources file usually references for the DRF token. @default 'DORA_API_TOKEN' */
  readonly tokenEnv: string;
  /** Whole-request timeout in ms (one page of 1 000 services is a few MB). @default 15000 */
  readonly timeoutMs: number;
  /** Cache TTL of DORA answers in seconds; data·inclusion itself extracts DORA hourly. @default 900 */
  readonly ttlSeconds: number;
  /** Ids looked up per batch: DORA has no batch route, so each id is one detail call. @default 25 */
  readonly maxBatchSize: number;
  /** `page_size` sent on list calls. DORA has no maximum (docs/partners/dora.md#pagination; data·inclusion uses 1 000): one page holds the whole table, so a list costs one request. @default 10000 */
  readonly pageSize: number;
  /** DRF `user` throttle: 120 requests per minute per token. @default { requests: 120, perMs: 60000 } */
  readonly rateLimit: RateLimit;
}

/** DORA defaults (docs/partners/dora.md#rate-limits). */
export const doraConfig: DoraConfigSection = Object.freeze({
  baseUrl: 'https://api.dora.inclusion.gouv.fr/api/v2',
  tokenEnv: 'DORA_API_TOKEN',
  timeoutMs: 15_000,
  ttlSeconds: 900,
  maxBatchSize: 25,
  pageSize: 10_000,
  rateLimit: Object.freeze({ requests: 120, perMs: 60_000 }),
});
