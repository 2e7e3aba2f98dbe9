/** The Les emplois de l'inclusion section of the gateway configuration: defaults for a `connector: emplois-de-linclusion` source. */

/** Defaults of an emplois source; a sources-file entry overrides baseUrl, token, timeoutMs, ttlSeconds and options (`pageSize`, `ratePerMinute`). */
export interface EmploisConfigSection {
  /** API root; `data-inclusion/` (restricted) and `siaes/` (open) hang off it. @default 'https://emplois.inclusion.beta.gouv.fr/api/v1' */
  readonly baseUrl: string;
  /** Environment variable the sources file usually references for the DATA_INCLUSION service token. @default 'EMPLOIS_API_TOKEN' */
  readonly tokenEnv: string;
  /** Whole-request timeout in ms (a page of 1 000 structures is under 1 MB). @default 15000 */
  readonly timeoutMs: number;
  /** Cache TTL of emplois answers in seconds; data·inclusion itself extracts emplois daily. @default 3600 */
  readonly ttlSeconds: number;
  /** `page_size` sent on list calls (DRF, no maximum, docs/partners/emplois-de-linclusion.md#pagination): one page per list type; also the geocoding batch (one CSV request). @default 10000 */
  readonly pageSize: number;
  /** Largest id batch of getStructures (there is no by-id route: lookups read the lists). @default 1000 */
  readonly maxBatchSize: number;
  /** DRF throttles: `user` 120/min with a token, `anon` 12/min without. @default { user: 120, anon: 12 } */
  readonly ratePerMinute: { readonly user: number; readonly anon: number };
}

/** Emplois defaults (docs/partners/emplois-de-linclusion.md#rate-limits). */
export const emploisConfig: EmploisConfigSection = Object.freeze({
  baseUrl: 'https://emplois.inclusion.beta.gouv.fr/api/v1',
  tokenEnv: 'EMPLOIS_API_TOKEN',
  timeoutMs: 15_000,
  ttlSeconds: 3600,
  pageSize: 10_000,
  maxBatchSize: 1000,
  ratePerMinute: Object.freeze({ user: 120, anon: 12 }),
});
