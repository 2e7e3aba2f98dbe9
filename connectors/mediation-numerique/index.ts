/**
 * The médiation numérique connector: the ANCT cartographie nationale, one structure and one generic
 * service per lieu. Lieux republished from DORA, FREDO or Soliguide are rejected (d·i reads those
 * producers directly). Nothing is pushed down: the gateway filters; coverage is national.
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
import { createCartoClient, type CartoRows } from './client.js';
import { mediationNumeriqueConfig as defaults } from './config.js';
import { mapCartoService, mapCartoStructure, republishedFrom } from './mapping.js';
import type { CartoRow } from './types.js';

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

const localIdOf = (row: Partial<CartoRow> | null): string | null =>
  row && (typeof row.id === 'string' || typeof row.id === 'number') ? String(row.id) : null;

/** Maps and validates rows; every row kept out is reported with its reason. */
function check<T extends Structure | Service>(
  source: string,
  rows: CartoRows,
  map: (row: Partial<CartoRow>) => T,
  violation: (r: T) => string | null,
) {
  const out: { items: T[]; rejected: RejectedRecord[] } = { items: [], rejected: [] };
  const seen = new Set<string>();
  for (const row of rows) {
    const localId = localIdOf(row);
    const republished = row ? republishedFrom(row) : null;
    let reason =
      row === null
        ? 'record is not a JSON object'
        : localId === null
          ? 'record has no id'
          : seen.has(localId)
            ? 'duplicate id'
            : republished
              ? `republished from ${republished}`
              : null;
    let record: T | undefined;
    if (reason === null) {
      record = map(row!);
      reason = violation(record);
    }
    if (localId !== null) seen.add(localId);
    if (reason === null && record) out.items.push(record);
    else
      out.rejected.push({
        source,
        id: localId === null ? null : `${source}--${localId}`,
        reason: reason ?? 'unmappable record',
      });
  }
  return out;
}

/** Creates the médiation numérique connector for one sources-file entry. */
export function createMediationNumeriqueConnector(source: SourceConfig, deps: ConnectorDeps = {}): OffreConnector {
  const client = createCartoClient({
    partner: source.id,
    baseUrl: source.baseUrl,
    token: source.token,
    timeoutMs: source.timeoutMs ?? defaults.timeoutMs,
    pageSize: intOption(source, 'pageSize', defaults.pageSize),
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const capabilities: ConnectorCapabilities = {
    pushdown: [],
    coverage: { kind: 'all' },
    maxBatchSize: intOption(source, 'maxBatchSize', defaults.maxBatchSize),
  };
  const today = () => todayIso(deps.now?.() ?? new Date());
  const toStructure = (row: Partial<CartoRow>) => mapCartoStructure(row, source.id);
  const toService = (row: Partial<CartoRow>) => mapCartoService(row, source.id);
  const validStructure = (s: Structure) => structureViolation(s, today());
  const validService = (s: Service) => serviceViolation(s, today());

  /** One `id=in.(…)` call for the ids of this source; aligned; rejected or unknown rows give null. */
  async function lookup<T extends Structure | Service>(
    ids: readonly string[],
    map: (row: Partial<CartoRow>) => T,
    violation: (r: T) => string | null,
    ctx?: CallContext,
  ) {
    const wanted = ids.map((id) => parseSourceId(id)).map((p) => (p && p.source === source.id ? p.localId : null));
    const asked = [...new Set(wanted.filter((w): w is string => w !== null))];
    const { items, rejected } = check(source.id, await client.byIds(asked, ctx), map, violation);
    for (const r of rejected) deps.logger?.warn({ ...r }, 'record rejected');
    const byId = new Map(items.map((r) => [r.id, r]));
    return ids.map((id, i) => (wanted[i] === null ? null : (byId.get(id) ?? null)));
  }

  return {
    id: source.id,
    connector: 'mediation-numerique',
    capabilities,
    ping: (ctx) => client.ping(ctx),
    async listStructures(_filter, ctx): Promise<FetchResult<Structure>> {
      return { ...check(source.id, await client.listAll(ctx), toStructure, validStructure), appliedFilters: [] };
    },
    async listServices(_filter, ctx): Promise<FetchResult<Service>> {
      return { ...check(source.id, await client.listAll(ctx), toService, validService), appliedFilters: [] };
    },
    getStructures: (ids, ctx) => lookup(ids, toStructure, validStructure, ctx),
    getServices: (ids, ctx) => lookup(ids, toService, validService, ctx),
  };
}
