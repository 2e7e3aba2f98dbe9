/** The France Travail section of the gateway configuration: defaults for a `connector: france-travail` source. */

/** Defaults of a France Travail source; a sources-file entry overrides baseUrl, timeoutMs, ttlSeconds and options (`tokenUrl`). */
export interface FranceTravailConfigSection {
  /** Référentiel des agences v1 root; the `agences` path hangs off it. @default 'https://api.francetravail.io/partenaire/referentielagences/v1' */
  readonly baseUrl: string;
  /** OAuth2 client-credentials endpoint (realm `/partenaire`). @default 'https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=/partenaire' */
  readonly tokenUrl: string;
  /** Scopes asked for, `{clientId}` replaced. @default 'application_{clientId} api_referentielagencesv1 organisationpe' */
  readonly scope: string;
  /** Environment variables the sources file usually references for the client id and secret. @default ['FRANCE_TRAVAIL_CLIENT_ID', 'FRANCE_TRAVAIL_CLIENT_SECRET'] */
  readonly credentialEnv: readonly [string, string];
  /** Whole-request timeout in ms (all agencies in one answer). @default 15000 */
  readonly timeoutMs: number;
  /** Cache TTL of the agencies in seconds; data·inclusion extracts them daily. @default 86400 */
  readonly ttlSeconds: number;
  /** Ids per lookup batch: every lookup is served from the one list call. @default 1000 */
  readonly maxBatchSize: number;
  /** A token is renewed this long before it expires (capped at half its lifetime). @default 60 */
  readonly tokenMarginSeconds: number;
}

/** France Travail defaults (docs/partners/france-travail.md). */
export const franceTravailConfig: FranceTravailConfigSection = Object.freeze({
  baseUrl: 'https://api.francetravail.io/partenaire/referentielagences/v1',
  tokenUrl: 'https://entreprise.francetravail.fr/connexion/oauth2/access_token?realm=/partenaire',
  scope: 'application_{clientId} api_referentielagencesv1 organisationpe',
  credentialEnv: Object.freeze(['FRANCE_TRAVAIL_CLIENT_ID', 'FRANCE_TRAVAIL_CLIENT_SECRET']) as readonly [
    string,
    string,
  ],
  timeoutMs: 15_000,
  ttlSeconds: 86_400,
  maxBatchSize: 1000,
  tokenMarginSeconds: 60,
});
