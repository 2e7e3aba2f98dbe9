/**
 * The BAN / Géoplateforme geocoder as a GeocoderConnector. A batch is geocoded one `/search` per
 * distinct address, a bounded number in flight, under the partner's 50 requests/s budget.
 *
 * Why not the CSV batch endpoint (`/search/csv/`, which the d·i pipeline uses): partner-apis.md §6
 * documents only `/search` and `/reverse`, so its multipart contract and limits are unverified; the
 * gateway geocodes one partner page at a time, where 50 requests/s is acceptable and every answer
 * is cached (ttlSeconds).
 */
import { ConnectorError } from '../../src/errors.js';
import type { CallContext, ConnectorDeps, GeocodeResult, GeocoderConnector, SourceConfig } from '../connector.js';
import { createBanClient, type BanClient } from './client.js';
import { banConfig } from './config.js';
import { pickResult, pickReverse, prepareSearch, type GeocodeQuery, type PreparedSearch } from './mapping.js';

export { banConfig } from './config.js';

/** Runs `work` over `items` with at most `limit` in flight; stops starting new ones after the first failure. */
async function pooled<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  let failure: unknown;
  const worker = async () => {
    while (failure === undefined && next < items.length) {
      const i = next++;
      try {
        out[i] = await work(items[i]!);
      } catch (err) {
        failure ??= err;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failure !== undefined) throw failure;
  return out;
}

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}

/** Geocodes the distinct searches of a batch and answers each query from them. */
async function geocodeBatch(
  client: BanClient,
  queries: readonly GeocodeQuery[],
  opts: { readonly concurrency: number; readonly minScore: number },
  ctx?: CallContext,
): Promise<Array<GeocodeResult | null>> {
  const prepared = queries.map(prepareSearch);
  const unique = new Map<string, PreparedSearch>();
  for (const p of prepared) if (p && !unique.has(p.key)) unique.set(p.key, p);
  const searches = [...unique.values()];
  const answers = await pooled(searches, opts.concurrency, async (s) => {
    try {
      return pickResult(await client.search(s.params, ctx), s, opts.minScore);
    } catch (err) {
      // A query the geocoder refuses (400) is one unplaceable address, not a failed batch.
      if (err instanceof ConnectorError && err.details.status === 400) return null;
      throw err;
    }
  });
  const byKey = new Map(searches.map((s, i) => [s.key, answers[i] ?? null]));
  return prepared.map((p) => (p ? (byKey.get(p.key) ?? null) : null));
}

/** Builds the BAN geocoder connector. `source.options.concurrency` overrides the in-flight bound. */
export function createBanConnector(source: SourceConfig, deps: ConnectorDeps = {}): GeocoderConnector {
  const client = createBanClient({
    partner: source.id,
    baseUrl: source.baseUrl || banConfig.baseUrl,
    timeoutMs: source.timeoutMs ?? banConfig.timeoutMs,
    rateLimit: { requests: banConfig.rateLimit.requests, perMs: banConfig.clientWindowMs },
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const opts = { concurrency: positive(source.options?.concurrency, banConfig.concurrency), minScore: banConfig.minScore };
  return {
    id: source.id,
    connector: 'ban',
    capabilities: { pushdown: [], coverage: { kind: 'all' }, rateLimit: banConfig.rateLimit, maxBatchSize: banConfig.maxBatchSize },
    ping: (ctx) => client.capabilities(ctx),
    geocode: (queries, ctx) => geocodeBatch(client, queries, opts, ctx),
    async reverse(point, ctx) {
      return pickReverse(await client.reverse({ lon: point.longitude, lat: point.latitude, limit: 1 }, ctx));
    },
  };
}
