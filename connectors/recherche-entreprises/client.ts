/**
 * HTTP client of the Recherche d'entreprises API (docs/partners/recherche-entreprises.md#endpoints): `GET /search?q=<siret>` is a
 * direct SIRET lookup (every other filter is ignored). No credentials; the 7 requests/s budget is
 * enforced by the shared HTTP base's limiter.
 */
import type { Got } from 'got';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext } from '../connector.js';
import { callPartner } from '../http.js';
import type { SearchResponseDto } from './types.js';

/** What the connector needs from the partner. */
export interface RechercheEntreprisesClient {
  /** One SIRET lookup; an unknown SIRET answers `results: []`. */
  searchSiret(siret: string, ctx?: CallContext): Promise<SearchResponseDto>;
  /** A cheap text query, used as a health probe. */
  probe(ctx?: CallContext): Promise<void>;
}

function isSearchResponse(v: unknown): v is SearchResponseDto {
  if (typeof v !== 'object' || v === null) return false;
  const r = (v as { results?: unknown }).results;
  return (
    Array.isArray(r) &&
    r.every((u) => typeof u === 'object' && u !== null && typeof (u as { siren?: unknown }).siren === 'string')
  );
}

/** Builds the client over a got instance made by createHttpClient. */
export function createRechercheEntreprisesClient(http: Got, partner: string): RechercheEntreprisesClient {
  const search = (params: Record<string, string | number>, ctx?: CallContext) =>
    callPartner(partner, async () => {
      const body = await http
        .get('search', {
          searchParams: params,
          signal: ctx?.signal,
          headers: ctx?.requestId ? { 'x-request-id': ctx.requestId } : {},
        })
        .json<unknown>();
      if (!isSearchResponse(body))
        throw new ConnectorError(partner, 'bad_response', 'unexpected response shape (no results list)');
      return body;
    });
  return {
    // per_page=1: a SIRET belongs to one unité légale, whose matching_etablissements holds the hit.
    searchSiret: (siret, ctx) => search({ q: siret, per_page: 1 }, ctx),
    probe: async (ctx) => {
      await search({ q: 'mairie', per_page: 1 }, ctx);
    },
  };
}
