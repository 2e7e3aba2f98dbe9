/**
 * Per-request DataLoaders (architecture.md practice 6): `createLoaders` is called by the context
 * factory on every request; field resolvers do I/O only through these loaders.
 */
import type { TerritoryConnector } from '../../connectors/connector.js';
import type { Federation } from './federation.js';
import { createOffreLoaders } from './offre.loaders.js';
import { createTerritoryLoaders } from './territory.loaders.js';

/** What the loaders are built over (long-lived, built once in main.ts). */
export interface LoaderDeps {
  readonly territory: TerritoryConnector;
  readonly federation: Federation;
}

/** Builds a fresh set of loaders for one request. */
export function createLoaders(deps: LoaderDeps, requestId?: string) {
  return {
    territory: createTerritoryLoaders(deps.territory),
    offre: createOffreLoaders(deps.federation, requestId),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
