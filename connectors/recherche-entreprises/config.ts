/** The Recherche d'entreprises section of the gateway configuration: defaults for a `connector: recherche-entreprises` source. */
import type { RateLimit } from '../http.js';

/** Defaults of a Recherche d'entreprises source; a sources-file entry overrides baseUrl, timeoutMs and ttlSeconds. */
export interface RechercheEntreprisesConfigSection {
  /** Public API root, no credentials (docs/partners/recherche-entreprises.md#base-url-and-auth). @default 'https://recherche-entreprises.api.gouv.fr' */
  readonly baseUrl: string;
  /** Whole-request timeout in ms (one SIRET lookup is a few kB). @default 5000 */
  readonly timeoutMs: number;
  /** Cache TTL of registry answers in seconds; SIRENE changes daily at most. @default 86400 */
  readonly ttlSeconds: number;
  /** SIRETs per loader batch: the API has no batch route, so one batch of 7 spends one second of budget. @default 7 */
  readonly maxBatchSize: number;
  /** Documented budget: 7 requests per second per IP, then 429 with Retry-After. @default { requests: 7, perMs: 1000 } */
  readonly rateLimit: RateLimit;
  /** Slack added to the budget window on our side, so network jitter never lets 8 requests land in one server second. @default 100 */
  readonly rateLimitMarginMs: number;
}

/** Recherche d'entreprises defaults (docs/partners/recherche-entreprises.md#rate-limits). */
export const rechercheEntreprisesConfig: RechercheEntreprisesConfigSection = Object.freeze({
  baseUrl: 'https://recherche-entreprises.api.gouv.fr',
  timeoutMs: 5_000,
  ttlSeconds: 86_400,
  maxBatchSize: 7,
  rateLimit: Object.freeze({ requests: 7, perMs: 1_000 }),
  rateLimitMarginMs: 100,
});
