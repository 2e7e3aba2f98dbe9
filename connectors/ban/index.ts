/**
 * The BAN / Géoplateforme geocoder as a GeocoderConnector. A batch of distinct addresses is
 * geocoded in ONE request to the CSV batch endpoint (`POST /search/csv`, csv.ts; the d·i pipeline
 * geocodes the same way), so a partner page of a thousand structures costs one upstream call, not a
 * thousand. A lone address, or a geocoder without the CSV route (404/405/501), gets one `/search`
 * per distinct address, a bounded number in flight, under the partner's 50 requests/s budget.
 * The CSV answer carries the best result of each row only: in Paris, Lyon and Marseille (no
 * citycode filter, arrondissement codes) an address whose best result lies in another commune is
 * left unplaced instead of trying the next four results as `/search` does.
 */
import pMap from 'p-map';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext, ConnectorDeps, GeocodeResult, GeocoderConnector, SourceConfig } from '../connector.js';
import { createBanClient, type BanClient } from './client.js';
import { banConfig } from './config.js';
import { pickResult, pickReverse, prepareSearch, type GeocodeQuery, type PreparedSearch } from './mapping.js';

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
  const answers = searches.length > 1 ? await viaCsv(client, searches, opts.minScore, ctx) : undefined;
  return answered(prepared, searches, answers ?? (await oneByOne(client, searches, opts, ctx)));
}

/** Each query's answer from the distinct searches' answers. */
function answered(
  prepared: ReadonlyArray<PreparedSearch | null>,
  searches: readonly PreparedSearch[],
  answers: ReadonlyArray<GeocodeResult | null>,
): Array<GeocodeResult | null> {
  const byKey = new Map(searches.map((s, i) => [s.key, answers[i] ?? null]));
  return prepared.map((p) => (p ? (byKey.get(p.key) ?? null) : null));
}

/** Statuses meaning "this geocoder has no CSV route": fall back to one search per address. */
const NO_CSV = new Set([404, 405, 501]);

/** The searches in one CSV request; undefined when the geocoder does not offer it. */
async function viaCsv(
  client: BanClient,
  searches: readonly PreparedSearch[],
  minScore: number,
  ctx?: CallContext,
): Promise<Array<GeocodeResult | null> | undefined> {
  try {
    const collections = await client.searchCsv(
      searches.map((s) => s.params),
      ctx,
    );
    return collections.map((fc, i) => pickResult(fc, searches[i]!, minScore));
  } catch (err) {
    if (err instanceof ConnectorError && NO_CSV.has(err.details.status ?? 0)) return undefined;
    throw err;
  }
}

/** One `/search` per search, `concurrency` in flight. */
async function oneByOne(
  client: BanClient,
  searches: readonly PreparedSearch[],
  opts: { readonly concurrency: number; readonly minScore: number },
  ctx?: CallContext,
): Promise<Array<GeocodeResult | null>> {
  return pMap(
    searches,
    async (s) => {
      try {
        return pickResult(await client.search(s.params, ctx), s, opts.minScore);
      } catch (err) {
        // A query the geocoder refuses (400) is one unplaceable address, not a failed batch.
        if (err instanceof ConnectorError && err.details.status === 400) return null;
        throw err;
      }
    },
    { concurrency: opts.concurrency },
  );
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
  const opts = {
    concurrency: positive(source.options?.concurrency, banConfig.concurrency),
    minScore: banConfig.minScore,
  };
  return {
    id: source.id,
    connector: 'ban',
    capabilities: {
      pushdown: [],
      coverage: { kind: 'all' },
      rateLimit: banConfig.rateLimit,
      maxBatchSize: banConfig.maxBatchSize,
    },
    ping: (ctx) => client.capabilities(ctx),
    geocode: (queries, ctx) => geocodeBatch(client, queries, opts, ctx),
    async reverse(point, ctx) {
      return pickReverse(await client.reverse({ lon: point.longitude, lat: point.latitude, limit: 1 }, ctx));
    },
  };
}
