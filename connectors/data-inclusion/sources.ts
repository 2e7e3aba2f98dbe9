/**
 * Which producers the d·i connector may republish. The gateway connects some partners directly
 * (`excludeSources`), so d·i must neither be asked for their records nor return them; the allowed
 * slugs are sent as `sources=`. Without an explicit list, the slugs come from `/api/v1/sources`
 * (asked once per connector), falling back to the list the project carries when that call fails.
 */
import type { CallContext } from '../connector.js';
import type { ConnectorLogger } from '../http.js';
import { readJson } from '../tables.js';
import type { DataInclusionClient } from './client.js';
import type { DataInclusionOptions } from './options.js';
import type { DiSource } from './types.js';

/** The connector's view of allowed sources. */
export interface SourcePolicy {
  /** True when records of `slug` may be returned. */
  allows(slug: string): boolean;
  /** The `sources=` list to send for a requested list (undefined = no restriction, [] = nothing to ask). */
  sourcesFor(requested: readonly string[] | undefined, ctx?: CallContext): Promise<string[] | undefined>;
  /** Drops rows of sources not allowed (a server that ignored `sources=`); rows without a readable source are kept for validation to reject. */
  keep<T extends { source?: unknown }>(rows: ReadonlyArray<Partial<T> | null>): Array<Partial<T> | null>;
}

/** Builds the policy for one connector. */
export function createSourcePolicy(
  opts: DataInclusionOptions,
  client: Pick<DataInclusionClient, 'listSources'>,
  logger?: ConnectorLogger,
): SourcePolicy {
  const excluded = new Set(opts.excludeSources);
  const only = opts.onlySources ? new Set(opts.onlySources) : undefined;
  const restricted = excluded.size > 0 || only !== undefined;
  const allows = (slug: string) => !excluded.has(slug) && (only === undefined || only.has(slug));
  let known: Promise<string[]> | undefined;

  async function knownSources(ctx?: CallContext): Promise<string[]> {
    known ??= client.listSources(ctx).then((list) => list.map((s) => s.slug));
    try {
      return await known;
    } catch (err) {
      known = undefined; // ask again next time
      logger?.warn({ err: (err as Error).message }, 'data·inclusion /sources failed; using the bundled source list');
      return readJson<DiSource[]>('api/sources.json').map((s) => s.slug);
    }
  }

  return {
    allows,
    async sourcesFor(requested, ctx) {
      if (!restricted) return requested ? [...requested] : undefined;
      const base = requested ?? (only ? [...only] : await knownSources(ctx));
      return base.filter(allows);
    },
    keep(rows) {
      if (!restricted) return [...rows];
      const out = rows.filter((r) => r === null || typeof r.source !== 'string' || allows(r.source));
      if (out.length < rows.length)
        logger?.debug({ dropped: rows.length - out.length }, 'data·inclusion returned records of excluded sources');
      return out;
    },
  };
}
