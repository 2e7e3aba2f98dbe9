/**
 * Les emplois de l'inclusion as an OffreConnector: structures only (SIAE and prescriber
 * organisations, docs/data-inclusion.md#emplois-rules), never services. With a DATA_INCLUSION token it reads the
 * restricted `data-inclusion/` lists (everything, no territory filter: location filters are applied
 * here after geocoding); without one, the open `siaes/` search, which needs a département and
 * applies it server-side. Every page is geocoded in one batch through `deps.geocoder`.
 */
import {
  structureViolation,
  parseSourceId,
  todayIso,
  type Structure,
  type OffreFilter,
} from '../../src/domain/index.js';
import type {
  CallContext,
  ConnectorDeps,
  FetchResult,
  FilterName,
  OffreConnector,
  RejectedRecord,
  SourceConfig,
} from '../connector.js';
import { createEmploisClient, type EmploisClient } from './client.js';
import { emploisConfig } from './config.js';
import {
  isIn,
  locatePage,
  locationFilterOf,
  mayBeIn,
  newLocateState,
  warningsOf,
  type LocateState,
  type LocationFilter,
} from './locate.js';
import { mapEmploisSiae, mapEmploisStructure, type Mapped } from './mapping.js';

const NO_DEPARTEMENT =
  'the open siaes/ endpoint needs a département: no records listed without codeDepartement or codeCommune (a DATA_INCLUSION token gives the full lists)';

function positive(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : fallback;
}

/** One list call's accumulator. */
interface Walk {
  readonly items: Structure[];
  readonly rejected: RejectedRecord[];
  readonly state: LocateState;
}

/** Builds the connector. `source.options`: `pageSize`, `ratePerMinute`. */
export function createEmploisConnector(source: SourceConfig, deps: ConnectorDeps = {}): OffreConnector {
  const restricted = Boolean(source.token);
  const pageSize = positive(source.options?.pageSize, emploisConfig.pageSize);
  const perMinute = positive(
    source.options?.ratePerMinute,
    restricted ? emploisConfig.ratePerMinute.user : emploisConfig.ratePerMinute.anon,
  );
  const client: EmploisClient = createEmploisClient({
    partner: source.id,
    baseUrl: source.baseUrl || emploisConfig.baseUrl,
    token: source.token,
    pageSize,
    timeoutMs: source.timeoutMs ?? emploisConfig.timeoutMs,
    rateLimit: { requests: perMinute, perMs: 60_000, consumerShare: source.consumerShare },
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const today = () => todayIso(deps.now?.() ?? new Date());

  /** Maps, pre-selects, geocodes (one batch), validates and location-filters one page. */
  async function page(
    raws: readonly unknown[],
    map: (r: unknown, s: string) => Mapped,
    walk: Walk,
    loc: LocationFilter | null,
    ctx?: CallContext,
    keep?: (s: Structure) => boolean,
  ) {
    const mapped: Structure[] = [];
    for (const m of raws.map((r) => map(r, source.id))) {
      if (!m.ok) walk.rejected.push({ source: source.id, id: m.id, reason: m.reason });
      else if ((!keep || keep(m.structure)) && (!loc || restricted === false || mayBeIn(m.structure, loc)))
        mapped.push(m.structure);
    }
    for (const s of await locatePage(mapped, deps.geocoder, walk.state, ctx)) {
      const reason = structureViolation(s, today());
      if (reason) walk.rejected.push({ source: source.id, id: s.id, reason });
      else if (!loc || isIn(s, loc, !restricted, walk.state)) walk.items.push(s);
    }
  }

  /** Walks every page the mode offers; `keep` pre-selects records (by id for lookups). */
  async function walkAll(
    loc: LocationFilter | null,
    ctx?: CallContext,
    keep?: (s: Structure) => boolean,
    done?: (w: Walk) => boolean,
  ): Promise<Walk> {
    const walk: Walk = { items: [], rejected: [], state: newLocateState() };
    if (restricted) {
      for (const type of ['siae', 'orga'] as const) {
        for await (const raws of client.structurePages(type, ctx)) {
          await page(raws, mapEmploisStructure, walk, loc, ctx, keep);
          if (done?.(walk)) return walk;
        }
      }
    } else if (loc) {
      for await (const raws of client.siaePages(loc.departement, ctx))
        await page(raws, mapEmploisSiae, walk, loc, ctx, keep);
    }
    return walk;
  }

  async function listStructures(filter: OffreFilter, ctx?: CallContext): Promise<FetchResult<Structure>> {
    const applied: FilterName[] = [];
    if (filter.sources) {
      applied.push('sources');
      if (!filter.sources.includes(source.id)) return { items: [], rejected: [], appliedFilters: applied };
    }
    const loc = locationFilterOf(filter);
    if (filter.codeCommune) applied.push('codeCommune');
    if (filter.codeDepartement) applied.push('codeDepartement');
    if (loc === 'none') return { items: [], rejected: [], appliedFilters: applied };
    if (!restricted && !loc) return { items: [], rejected: [], appliedFilters: applied, warnings: [NO_DEPARTEMENT] };
    const walk = await walkAll(loc, ctx);
    const warnings = warningsOf(walk.state, deps.geocoder);
    if (warnings.length > 0) deps.logger?.warn({ partner: source.id, warnings }, 'emplois records degraded');
    return {
      items: walk.items,
      rejected: walk.rejected,
      appliedFilters: applied,
      ...(warnings.length > 0 ? { warnings } : {}),
    };
  }

  /** No by-id route: reads the lists (restricted mode only), geocoding just the records asked for, and stops once all are found. */
  async function getStructures(ids: readonly string[], ctx?: CallContext): Promise<ReadonlyArray<Structure | null>> {
    const wanted = new Set(ids.filter((id) => parseSourceId(id)?.source === source.id));
    if (wanted.size === 0) return ids.map(() => null);
    if (!restricted) {
      deps.logger?.warn(
        { partner: source.id, ids: wanted.size },
        'emplois lookups by id need the DATA_INCLUSION token; answering null',
      );
      return ids.map(() => null);
    }
    const seen = new Set<string>();
    const walk = await walkAll(
      null,
      ctx,
      (s) => wanted.has(s.id) && !seen.has(s.id) && Boolean(seen.add(s.id)),
      () => seen.size === wanted.size,
    );
    const byId = new Map(walk.items.map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  return {
    id: source.id,
    connector: 'emplois-de-linclusion',
    capabilities: {
      pushdown: restricted ? [] : ['codeDepartement'],
      coverage: { kind: 'all' },
      rateLimit: { requests: perMinute, perMs: 60_000 },
      maxBatchSize: emploisConfig.maxBatchSize,
    },
    ping: (ctx) => client.ping(ctx),
    listStructures,
    listServices: async () => ({ items: [], rejected: [], appliedFilters: [] }),
    getStructures,
    getServices: async (ids) => ids.map(() => null),
  };
}
