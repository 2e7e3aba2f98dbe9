/** The data·inclusion section of the gateway configuration: defaults for a `connector: data-inclusion` source. */

/** Defaults of a data·inclusion source; a sources-file entry overrides baseUrl, timeoutMs, ttlSeconds and options. */
export interface DataInclusionConfigSection {
  /** API host; routes live under `/api/v1`. @default 'https://api.data.inclusion.gouv.fr' */
  readonly baseUrl: string;
  /** Environment variable the sources file usually references for the Bearer token (scope `api`). @default 'DATA_INCLUSION_API_TOKEN' */
  readonly tokenEnv: string;
  /** Whole-request timeout in ms (a page of 5 000 services is several MB). @default 20000 */
  readonly timeoutMs: number;
  /** Cache TTL in seconds: the API reloads hourly, consumers report 404s on longer caches. @default 3600 */
  readonly ttlSeconds: number;
  /** Ids looked up per batch (one detail call each, fanned out). @default 50 */
  readonly maxBatchSize: number;
  /** `size` asked on list and search calls (the API's default; its maximum is 10 000). @default 5000 */
  readonly pageSize: number;
  /** Detail calls in flight at once when looking ids up. @default 8 */
  readonly concurrency: number;
}

/** data·inclusion defaults (docs/partners/data-inclusion.md#pagination). */
export const dataInclusionConfig: DataInclusionConfigSection = Object.freeze({
  baseUrl: 'https://api.data.inclusion.gouv.fr',
  tokenEnv: 'DATA_INCLUSION_API_TOKEN',
  timeoutMs: 20_000,
  ttlSeconds: 3600,
  maxBatchSize: 50,
  pageSize: 5000,
  concurrency: 8,
});

/** The API's largest accepted `size`. */
export const DI_MAX_PAGE_SIZE = 10_000;
