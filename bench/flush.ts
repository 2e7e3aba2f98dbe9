/**
 * Makes the cold scenario cold: before each cold request, the gateway's caches are emptied through
 * its admin endpoint (`POST /admin/cache/invalidate {source}` for every source, ADMIN_TOKEN set by
 * the bench). Without the endpoint, cold falls back to "a commune never asked before", which
 * partner-level caches (a département list reused for a neighbouring commune) can partly serve.
 */

/** How the cold scenario was made cold. */
export type ColdMode = 'invalidated' | 'unseen-communes';

/** A `before` hook for the cold scenario, and how it went. */
export interface CacheFlusher {
  flush(): Promise<void>;
  mode(): ColdMode;
}

/** Flushes every source's entries of the gateway at `graphqlUrl`; disables itself on the first refusal. */
export function cacheFlusher(
  graphqlUrl: string,
  token: string,
  sources: readonly string[],
  log: (line: string) => void,
): CacheFlusher {
  const endpoint = new URL('/admin/cache/invalidate', graphqlUrl).toString();
  let mode: ColdMode = 'invalidated';
  return {
    mode: () => mode,
    flush: async () => {
      if (mode !== 'invalidated') return;
      for (const source of sources) {
        const res = await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
          body: JSON.stringify({ source }),
        }).catch(() => null);
        await res?.arrayBuffer();
        if (!res?.ok) {
          mode = 'unseen-communes';
          log(
            `  (cache invalidation not available: HTTP ${res?.status ?? 'error'}; cold = communes never asked before)`,
          );
          return;
        }
      }
    },
  };
}
