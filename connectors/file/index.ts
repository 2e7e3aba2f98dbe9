/**
 * File connector: a dataset published as one CSV or JSON file (mes-aides' aides export, a v1 sheet such
 * as France Travail's services). The whole file is the unit: each call revalidates it with the last
 * ETag / Last-Modified this instance holds, and a 304 reuses the records parsed before. No filter is
 * pushed down (the gateway filters); ids are looked up in the loaded file.
 */
import { todayIso, type Service, type Structure } from '../../src/domain/index.js';
import { ConnectorError } from '../../src/errors.js';
import type { CallContext, ConnectorDeps, FetchResult, OffreConnector, SourceConfig } from '../connector.js';
import { callPartner, createHttpClient } from '../http.js';
import { createFileClient, type Validators } from './client.js';
import { fileConfig, parseFileOptions } from './config.js';
import { buildDataset, readRows, type Dataset } from './dataset.js';
import { createTerritoryLookup } from './territories.js';

/** A loaded file, its validators, and its records by id. */
interface Held extends Validators {
  readonly dataset: Dataset;
  readonly structures: ReadonlyMap<string, Structure>;
  readonly services: ReadonlyMap<string, Service>;
}

const EMPTY: Dataset = Object.freeze({ structures: [], services: [], rejectedStructures: [], rejectedServices: [] });

/** Creates the connector for a `connector: file` source; throws at boot when its options are invalid. */
export function createFileConnector(source: SourceConfig, deps: ConnectorDeps = {}): OffreConnector {
  const opts = parseFileOptions(source.id, source.options);
  const baseUrl = source.baseUrl || fileConfig.baseUrl;
  if (!baseUrl) throw new Error(`sources (${source.id}).baseUrl is required for a file source (no default location)`);
  const http = createHttpClient({
    partner: source.id,
    baseUrl,
    timeoutMs: source.timeoutMs ?? fileConfig.timeoutMs,
    onRequest: deps.onRequest,
    logger: deps.logger,
  });
  const client = createFileClient(http, source.id);
  const cog = createTerritoryLookup();
  const held = new Map<string, Held>();
  const inflight = new Map<string, Promise<Held>>();
  const mesAides = opts.layout === 'mes-aides';

  /** The file at `path`, revalidated; concurrent callers share one request. */
  function load(path: string, kind: 'services' | 'structures', ctx?: CallContext): Promise<Held> {
    const running = inflight.get(path);
    if (running) return running;
    const p = (async (): Promise<Held> => {
      const before = held.get(path) ?? null;
      const res = await client.fetch(path, before, ctx);
      if (res.status === 304) {
        if (before) return before;
        throw new ConnectorError(source.id, 'bad_response', 'answered 304 Not Modified to an unconditional request');
      }
      const dataset = await callPartner(source.id, async () => {
        const rows = readRows(res.body, opts.format, mesAides ? 'ID' : 'id', opts.delimiter);
        const today = todayIso(deps.now?.() ?? new Date());
        return buildDataset(rows, {
          source: source.id,
          layout: opts.layout,
          kind,
          structureId: opts.structureId,
          cog,
          today,
        });
      });
      const next: Held = {
        etag: res.etag,
        lastModified: res.lastModified,
        dataset,
        structures: new Map(dataset.structures.map((s) => [s.id, s])),
        services: new Map(dataset.services.map((s) => [s.id, s])),
      };
      held.set(path, next);
      deps.logger?.debug(
        { source: source.id, structures: dataset.structures.length, services: dataset.services.length },
        'dataset file loaded',
      );
      return next;
    })().finally(() => inflight.delete(path));
    inflight.set(path, p);
    return p;
  }

  const servicesFile = (ctx?: CallContext) => load(opts.path, 'services', ctx);
  const structuresFile = async (ctx?: CallContext): Promise<Held | null> =>
    mesAides
      ? load(opts.path, 'services', ctx)
      : opts.structuresPath
        ? load(opts.structuresPath, 'structures', ctx)
        : null;

  return {
    id: source.id,
    connector: 'file',
    capabilities: { pushdown: [], coverage: { kind: 'all' }, maxBatchSize: fileConfig.maxBatchSize },
    ping: async (ctx) => void (await servicesFile(ctx)),
    async listStructures(_filter, ctx): Promise<FetchResult<Structure>> {
      const d = (await structuresFile(ctx))?.dataset ?? EMPTY;
      return { items: d.structures, rejected: d.rejectedStructures, appliedFilters: [] };
    },
    async listServices(_filter, ctx): Promise<FetchResult<Service>> {
      const d = (await servicesFile(ctx)).dataset;
      return { items: d.services, rejected: d.rejectedServices, appliedFilters: [] };
    },
    async getStructures(ids, ctx) {
      const f = await structuresFile(ctx);
      return ids.map((id) => f?.structures.get(id) ?? null);
    },
    async getServices(ids, ctx) {
      const f = await servicesFile(ctx);
      return ids.map((id) => f.services.get(id) ?? null);
    },
  };
}
