/** The médiation numérique section of the gateway configuration: defaults for a `connector: mediation-numerique` source. */

/** Defaults of a médiation numérique source; a sources-file entry overrides baseUrl, timeoutMs, ttlSeconds and options. */
export interface MediationNumeriqueConfigSection {
  /** PostgREST root of the ANCT API; the view is `carto` under it. @default 'https://api.inclusion-numerique.anct.gouv.fr' */
  readonly baseUrl: string;
  /** Environment variable the sources file usually references for the partner JWT (Bearer). @default 'MEDIATION_NUMERIQUE_API_TOKEN' */
  readonly tokenEnv: string;
  /** Whole-request timeout in ms. @default 15000 */
  readonly timeoutMs: number;
  /** Cache TTL in seconds; the cartographie changes daily and data·inclusion extracts it daily. @default 3600 */
  readonly ttlSeconds: number;
  /** Ids per `id=in.(…)` lookup, bounded by URL length. @default 100 */
  readonly maxBatchSize: number;
  /** `limit` of each page (PostgREST has no cap of its own; ~18 800 rows in all). @default 1000 */
  readonly pageSize: number;
}

/** Médiation numérique defaults (docs/partners/mediation-numerique.md#rate-limits). No rate limit is documented. */
export const mediationNumeriqueConfig: MediationNumeriqueConfigSection = Object.freeze({
  baseUrl: 'https://api.inclusion-numerique.anct.gouv.fr',
  tokenEnv: 'MEDIATION_NUMERIQUE_API_TOKEN',
  timeoutMs: 15_000,
  ttlSeconds: 3600,
  maxBatchSize: 100,
  pageSize: 1000,
});
