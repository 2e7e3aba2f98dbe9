/**
 * Recherche d'entreprises connector: checks and enriches structures by SIRET (name, address, closed
 * establishments). Batch-first and key-aligned; invalid SIRETs never cost a request.
 */
import type { ConnectorDeps, EntrepriseConnector, Etablissement, SourceConfig } from '../connector.js';
import { createHttpClient } from '../http.js';
import { createRechercheEntreprisesClient } from './client.js';
import { rechercheEntreprisesConfig as defaults } from './config.js';
import { findEtablissement, normaliseSiret, toEtablissement } from './mapping.js';

export { normaliseSiret } from './mapping.js';

/** Creates the connector for a `connector: recherche-entreprises` source. */
export function createRechercheEntreprisesConnector(
  source: SourceConfig,
  deps: ConnectorDeps = {},
): EntrepriseConnector {
  const { requests, perMs } = defaults.rateLimit;
  const http = createHttpClient({
    partner: source.id,
    baseUrl: source.baseUrl || defaults.baseUrl,
    timeoutMs: source.timeoutMs ?? defaults.timeoutMs,
    // Our window is slightly longer than the server's so arrival jitter never exceeds its 7/s.
    rateLimit: { requests, perMs: perMs + defaults.rateLimitMarginMs },
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const client = createRechercheEntreprisesClient(http, source.id);

  return {
    id: source.id,
    connector: 'recherche-entreprises',
    capabilities: {
      pushdown: [],
      coverage: { kind: 'all' },
      rateLimit: { requests, perMs },
      maxBatchSize: defaults.maxBatchSize,
    },
    ping: (ctx) => client.probe(ctx),
    async getEtablissements(sirets, ctx) {
      const canonical = sirets.map(normaliseSiret);
      const unique = [...new Set(canonical.filter((s): s is string => s !== null))];
      // Started together; the limiter spaces them out. Any failure fails the batch (ConnectorError).
      const found = await Promise.all(
        unique.map(async (siret) => {
          const hit = findEtablissement(await client.searchSiret(siret, ctx), siret);
          return [siret, hit ? toEtablissement(hit.ul, hit.etab) : null] as const;
        }),
      );
      const bySiret = new Map<string, Etablissement | null>(found);
      return canonical.map((s) => (s === null ? null : (bySiret.get(s) ?? null)));
    },
  };
}
