/**
 * Per-request loaders over the federation: lists memoised by filter (two fields asking for the same
 * list in one request make one fan-out), and batched lookups by id (N `service.structure` fields
 * make one batch per source, not N calls).
 */
import DataLoader from 'dataloader';
import { filterKey, type OffreFilter, type Service, type Structure } from '../domain/index.js';
import type { Federated, Federation } from '../federation/federation.js';

/** Builds the offre loaders of one request. */
export function createOffreLoaders(federation: Federation, requestId?: string) {
  const ctx = { requestId };
  return {
    services: new DataLoader<OffreFilter, Federated<Service>, string>(
      (filters) => Promise.all(filters.map((f) => federation.listServices(f, ctx))),
      { cacheKeyFn: filterKey, batch: false },
    ),
    structures: new DataLoader<OffreFilter, Federated<Structure>, string>(
      (filters) => Promise.all(filters.map((f) => federation.listStructures(f, ctx))),
      { cacheKeyFn: filterKey, batch: false },
    ),
    service: new DataLoader<string, Service | null>((ids) => federation.getServices(ids, ctx)),
    structure: new DataLoader<string, Structure | null>((ids) => federation.getStructures(ids, ctx)),
  };
}

export type OffreLoaders = ReturnType<typeof createOffreLoaders>;
