/**
 * Id lookups served from the source's own (cached) list. Most partners have no batch endpoint
 * (DORA, Soliguide, data·inclusion answer one detail call per id), and the list is read anyway (the
 * merge reads every structure of a département): a page of 100 services asking for their structures
 * then costs at most one list call per source, and none once the list is cached, instead of one call
 * per result. Ids the list lacks fall back to the connector's own lookup (detail calls or a batch endpoint).
 */
import { parseSourceId } from '../src/domain/index.js';
import { withOverrides } from './cached-call.js';
import type { CallContext, FetchResult, OffreConnector, RecordFilter } from './connector.js';

/** Options of lookupViaList. */
export interface LookupViaListOptions {
  /**
   * Fewer ids of one source than this go to detail calls unless the list was fetched recently: one
   * detail request beats reading a whole list for a single record. @default 2
   */
  readonly minBatch?: number;
  /** Milliseconds clock. @default Date.now */
  readonly now?: () => number;
}

type List<T> = (f: RecordFilter, ctx?: CallContext) => Promise<FetchResult<T>>;
type Detail<T> = (ids: readonly string[], ctx?: CallContext) => Promise<ReadonlyArray<T | null>>;

/** The connector with getStructures/getServices answered from its lists first (it should be cached: registry.ts). */
export function lookupViaList(c: OffreConnector, opts: LookupViaListOptions = {}): OffreConnector {
  const minBatch = opts.minBatch ?? 2;
  const now = opts.now ?? Date.now;
  // Until when the list of (operation, source slug) is known to be fresh in the cache.
  const warmUntil = new Map<string, number>();

  const via = <T extends { readonly id: string }>(operation: string, list: List<T>, detail: Detail<T>) =>
    async (ids: readonly string[], ctx?: CallContext): Promise<Array<T | null>> => {
      const bySlug = new Map<string, string[]>();
      for (const id of new Set(ids)) {
        const slug = parseSourceId(id)?.source;
        if (slug !== undefined) bySlug.set(slug, [...(bySlug.get(slug) ?? []), id]);
      }
      const found = new Map<string, T | null>();
      await Promise.all([...bySlug].map(async ([slug, wanted]) => {
        const warm = `${operation}:${slug}`;
        if (wanted.length < minBatch && !((warmUntil.get(warm) ?? 0) > now())) return;
        try {
          // An aggregator publishes several sources: its list of that source only.
          const res = await list(slug === c.id ? {} : { sources: [slug] }, ctx);
          warmUntil.set(warm, now() + (res.cache?.freshForSeconds ?? 0) * 1000);
          const set = new Set(wanted);
          for (const item of res.items) if (set.has(item.id)) found.set(item.id, item);
        } catch {
          // The list failed: the detail calls below answer (or fail) for these ids.
        }
      }));
      const rest = [...new Set(ids)].filter((id) => !found.has(id));
      if (rest.length > 0) (await detail(rest, ctx)).forEach((row, i) => found.set(rest[i]!, row ?? null));
      return ids.map((id) => found.get(id) ?? null);
    };

  return withOverrides(c, {
    getStructures: via('structures', (f, ctx) => c.listStructures(f, ctx), (ids, ctx) => c.getStructures(ids, ctx)),
    getServices: via('services', (f, ctx) => c.listServices(f, ctx), (ids, ctx) => c.getServices(ids, ctx)),
  });
}
