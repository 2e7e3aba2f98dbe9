/**
 * Per-request DataLoaders (architecture.md practice 6): `createLoaders` is called by the context
 * factory on every request; field resolvers do I/O only through these loaders.
 */
import type { TerritoryConnector } from '../../connectors/connector.js';
import { createTerritoryLoaders } from './territory.loaders.js';

/** What the loaders are built over. */
export interface LoaderDeps {
  readonly territory: TerritoryConnector;
}

/** Builds a fresh set of loaders for one request. */
export function createLoaders(deps: LoaderDeps) {
  return {
    territory: createTerritoryLoaders(deps.territory),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
