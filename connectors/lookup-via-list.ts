/**
 * Id lookups served from the source's own (cached) list. Most partners have no batch endpoint
 * (DORA, Soliguide, data·inclusion answer one detail call per id), and the list is read anyway (the
 * merge reads every structure of a département): a page of 100 services asking for their structures
 * then costs at most one list call per source, and none once the list is cached, instead of one call
 * per result. Ids the list lacks fall back to the connector's own lookup (detail calls or a batch endpoint),
 * unless the list is `complete` (the source's whole list, whatever the filter) and fresh in the cache:
 * an id it lacks does not exist, and is answered "not found" without calling the partner (made-up
 * ids cannot spend a partner's rate budget). A stale list (served past its TTL) proves nothing.
 */
import { parseSourceId, type OffreFilter } from '../src/domain/index.js';
import type { CallContext, FetchResult, OffreConnector } from './connector.js';
import { identityOf } from './policies.js';

/** Options of lookupViaList. */
export interface LookupViaListOptions {
  /**
   * Fewer ids of one source than this go to detail calls unless the list was fetched recently: one
   * detail request beats reading a whole list for a single record. @default 2
   */
  readonly minBatch?: number;
  /** Milliseconds clock. @default Date.now */
  readonly now?: () => number;
  /**
   * Every list call of the connector answers the source's whole list (a national list the partner
   * serves unfiltered): any list answer warms the lookups, and ids a fresh one lacks are not found. @default false
   */
  readonly complete?: boolean;
  /** Told of each id answered "not found" from a fresh list (metrics). */
  readonly onNegative?: (source: string) => void;
}

type List<T> = (f: OffreFilter, ctx?: CallContext) => Promise<FetchResult<T>>;
type Detail<T> = (ids: readonly string[], ctx?: CallContext) => Promise<ReadonlyArray<T | null>>;

/** The connector with getStructures/getServices answered from its lists first (it should be cached: registry.ts). */
export function lookupViaList(c: OffreConnector, opts: LookupViaListOptions = {}): OffreConnector {
  const minBatch = opts.minBatch ?? 2;
  const now = opts.now ?? Date.now;
  // Until when the list of (operation, source slug) is known to be fresh in the cache.
  const warmUntil = new Map<string, number>();

  /** Until when a list answer keeps lookups warm; zero unless cached and fresh. */
  const freshUntil = (res: FetchResult<unknown>) =>
    res.cache && res.cache.freshForSeconds > 0 ? now() + res.cache.freshForSeconds * 1000 : 0;

  const via =
    <T extends { readonly id: string }>(operation: string, list: List<T>, detail: Detail<T>) =>
    async (ids: readonly string[], ctx?: CallContext): Promise<Array<T | null>> => {
      const bySlug = new Map<string, string[]>();
      for (const id of new Set(ids)) {
        const slug = parseSourceId(id)?.source;
        if (slug !== undefined) bySlug.set(slug, [...(bySlug.get(slug) ?? []), id]);
      }
      const found = new Map<string, T | null>();
      await Promise.all(
        [...bySlug].map(async ([slug, wanted]) => {
          const warm = `${operation}:${slug}`;
          if (wanted.length < minBatch && !((warmUntil.get(warm) ?? 0) > now())) return;
          try {
            // An aggregator publishes several sources: its list of that source only.
            const res = await list(slug === c.id ? {} : { sources: [slug] }, ctx);
            warmUntil.set(warm, now() + (res.cache?.freshForSeconds ?? 0) * 1000);
            const set = new Set(wanted);
            for (const item of res.items) if (set.has(item.id)) found.set(item.id, item);
            if (opts.complete && slug === c.id && freshUntil(res) > 0) {
              // A record the list kept out (schema violation) exists: its own lookup answers for it.
              const kept = new Set(res.rejected.map((r) => r.id));
              for (const id of wanted)
                if (!found.has(id) && !kept.has(id)) {
                  found.set(id, null);
                  opts.onNegative?.(c.id);
                }
            }
          } catch {
            // The list failed: the detail calls below answer (or fail) for these ids.
          }
        }),
      );
      const rest = [...new Set(ids)].filter((id) => !found.has(id));
      if (rest.length > 0) (await detail(rest, ctx)).forEach((row, i) => found.set(rest[i]!, row ?? null));
      return ids.map((id) => found.get(id) ?? null);
    };

  /** A complete list answer, whoever asked for it, warms the lookups of its operation. */
  const warming =
    <T>(operation: string, list: List<T>): List<T> =>
    async (f, ctx) => {
      const res = await list(f, ctx);
      const until = freshUntil(res);
      if (until > (warmUntil.get(`${operation}:${c.id}`) ?? 0)) warmUntil.set(`${operation}:${c.id}`, until);
      return res;
    };

  const listStructures = (f: OffreFilter, ctx?: CallContext) => c.listStructures(f, ctx);
  const listServices = (f: OffreFilter, ctx?: CallContext) => c.listServices(f, ctx);
  return {
    ...identityOf(c),
    listStructures: opts.complete ? warming('structures', listStructures) : listStructures,
    listServices: opts.complete ? warming('services', listServices) : listServices,
    getStructures: via('structures', listStructures, (ids, ctx) => c.getStructures(ids, ctx)),
    getServices: via('services', listServices, (ids, ctx) => c.getServices(ids, ctx)),
  };
}
