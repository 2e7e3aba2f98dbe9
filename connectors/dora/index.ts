/**
 * The DORA connector: every structure and service DORA publishes, mapped to schema v1. DORA has
 * no filters at all, so nothing is pushed down and the gateway filters everything; coverage is national.
 */
import {
  parseSourceId,
  serviceViolation,
  structureViolation,
  todayIso,
  type Service,
  type Structure,
} from '../../src/domain/index.js';
import type {
  CallContext,
  ConnectorCapabilities,
  ConnectorDeps,
  FetchResult,
  OffreConnector,
  RejectedRecord,
  SourceConfig,
} from '../connector.js';
import { unshared } from '../request-shared.js';
import { createDoraClient, type DoraClient, type DoraRecords } from './client.js';
import { doraConfig } from './config.js';
import { mapDoraService, mapDoraStructure } from './mapping.js';
import type { DoraService, DoraStructure } from './types.js';

/** Reads a positive-integer option, failing with the setting to change. */
function intOption(source: SourceConfig, key: string, fallback: number): number {
  const v = source.options?.[key];
  if (v === undefined) return fallback;
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0)
    throw new Error(
      `sources entry "${source.id}": options.${key} must be a positive integer, got: ${JSON.stringify(v)}`,
    );
  return v;
}

type Checked<T> = { readonly items: T[]; readonly rejected: RejectedRecord[] };

/**
 * Maps and validates a list: entries that are not objects, lack an id, repeat an id, fail `extra`
 * or violate schema v1 are rejected with their reason, never dropped silently.
 */
function check<D extends { id?: unknown }, T extends Structure | Service>(
  source: string,
  rows: DoraRecords<D>,
  map: (dto: Partial<D>) => T,
  violation: (record: T) => string | null,
  extra: (dto: Partial<D>) => string | null = () => null,
): Checked<T> {
  const out: Checked<T> = { items: [], rejected: [] };
  const seen = new Set<string>();
  for (const dto of rows) {
    const localId = dto && (typeof dto.id === 'string' || typeof dto.id === 'number') ? String(dto.id) : null;
    const id = localId === null ? null : `${source}--${localId}`;
    let reason: string | null =
      dto === null
        ? 'record is not a JSON object'
        : localId === null
          ? 'record has no id'
          : seen.has(localId)
            ? 'duplicate id'
            : extra(dto);
    let record: T | undefined;
    if (reason === null) {
      record = map(dto!);
      reason = violation(record);
    }
    if (localId !== null) seen.add(localId);
    if (reason === null && record) out.items.push(record);
    else out.rejected.push({ source, id, reason: reason ?? 'unmappable record' });
  }
  return out;
}

/** Creates the DORA connector for one sources-file entry. */
export function createDoraConnector(source: SourceConfig, deps: ConnectorDeps = {}): OffreConnector {
  const client: DoraClient = createDoraClient({
    partner: source.id,
    baseUrl: source.baseUrl,
    token: source.token,
    timeoutMs: source.timeoutMs ?? doraConfig.timeoutMs,
    pageSize: intOption(source, 'pageSize', doraConfig.pageSize),
    rateLimit: { ...doraConfig.rateLimit, consumerShare: source.consumerShare },
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const capabilities: ConnectorCapabilities = {
    pushdown: [],
    coverage: { kind: 'all' },
    rateLimit: doraConfig.rateLimit,
    maxBatchSize: intOption(source, 'maxBatchSize', doraConfig.maxBatchSize),
  };
  const today = () => todayIso(deps.now?.() ?? new Date());
  const toStructure = (dto: Partial<DoraStructure>) => mapDoraStructure(dto, source.id);
  const toService = (dto: Partial<DoraService>) => mapDoraService(dto, source.id);
  const validStructure = (s: Structure) => structureViolation(s, today());
  const validService = (s: Service) => serviceViolation(s, today());

  /** Detail lookups by full v1 id, aligned; ids of another source, unknown ids and invalid records give null. */
  async function lookup<D, T extends Structure | Service>(
    ids: readonly string[],
    fetch: (localId: string, ctx?: CallContext) => Promise<Partial<D> | null>,
    map: (dto: Partial<D>) => T,
    violation: (r: T) => string | null,
    ctx?: CallContext,
  ): Promise<Array<T | null>> {
    return Promise.all(
      ids.map(async (id) => {
        const parsed = parseSourceId(id);
        if (!parsed || parsed.source !== source.id) return null;
        const dto = await fetch(parsed.localId, ctx);
        if (dto === null) return null;
        const record = map(dto);
        const reason = violation(record);
        if (reason !== null) deps.logger?.warn({ source: source.id, id, reason }, 'record rejected');
        return reason === null && record.id === id ? record : null;
      }),
    );
  }

  // listStructures and listServices' published-structures check read the same table: once per request
  // (request-shared.ts). A national table: few kept, not for long.
  const share = deps.shareRead ?? unshared;
  const structuresTable = share((_: 'structures/', ctx?: CallContext) => client.listStructures(ctx), {
    holdMs: 10_000,
    max: 4,
  });

  return {
    id: source.id,
    connector: 'dora',
    capabilities,
    ping: (ctx) => client.ping(ctx),
    async listStructures(_filter, ctx): Promise<FetchResult<Structure>> {
      return {
        ...check(source.id, await structuresTable('structures/', ctx), toStructure, validStructure),
        appliedFilters: [],
      };
    },
    async listServices(_filter, ctx): Promise<FetchResult<Service>> {
      // The pipeline keeps only services whose structure DORA still publishes (stg_dora__services).
      const [services, structures] = await Promise.all([client.listServices(ctx), structuresTable('structures/', ctx)]);
      const published = new Set(structures.map((s) => (s && s.id !== undefined ? String(s.id) : null)));
      const orphan = (dto: Partial<DoraService>) =>
        published.has(String(dto.structure_id))
          ? null
          : `structure ${source.id}--${String(dto.structure_id)} is not published`;
      return { ...check(source.id, services, toService, validService, orphan), appliedFilters: [] };
    },
    getStructures: (ids, ctx) => lookup(ids, client.getStructure, toStructure, validStructure, ctx),
    getServices: (ids, ctx) => lookup(ids, client.getService, toService, validService, ctx),
  };
}
