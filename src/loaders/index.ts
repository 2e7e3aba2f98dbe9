/**
 * Per-request DataLoaders: `createLoaders` is called by the context
 * factory on every request; field resolvers do I/O only through these loaders.
 */
import type { TerritoryConnector } from '../../connectors/connector.js';
import { DEFAULT_POLICY, type MergePolicy } from '../merge/index.js';
import type { Federation } from '../federation/federation.js';
import { createMergeLoaders } from './merge.loaders.js';
import { createOffreLoaders } from './offre.loaders.js';
import { createPlanner } from './search-plan.js';
import { createSearchLoaders } from './search.loaders.js';
import { createTerritoryLoaders } from './territory.loaders.js';

/** What the loaders are built over (long-lived, built once in gateway.ts). */
export interface LoaderDeps {
  readonly territory: TerritoryConnector;
  readonly federation: Federation;
  /** How merged structures pick each field. @default DEFAULT_POLICY (src/merge/policy.ts) */
  readonly policy?: MergePolicy;
  /** Clock dating score_qualite's freshness criterion. @default () => new Date() */
  readonly now?: () => Date;
  /** Sources whose records only consumers with the restricted-sources scope see. @default [] */
  readonly restrictedSources?: readonly string[];
}

/** What the consumer of a request may see. */
export interface LoaderAccess {
  /** Sees the records of restrictedSources. @default false */
  readonly restrictedSources?: boolean;
}

/** Builds a fresh set of loaders for one request; every record they give is one its consumer may see. */
export function createLoaders(deps: LoaderDeps, requestId?: string, access: LoaderAccess = {}) {
  const federation =
    access.restrictedSources === true ? deps.federation : deps.federation.without(deps.restrictedSources ?? []);
  const offre = createOffreLoaders(federation, requestId);
  const planner = createPlanner(federation, requestId);
  // One date per request, so every score of a response is computed against the same day.
  const today = (deps.now?.() ?? new Date()).toISOString().slice(0, 10);
  const merge = createMergeLoaders({ planner, offre, policy: deps.policy ?? DEFAULT_POLICY, today });
  return {
    territory: createTerritoryLoaders(deps.territory),
    offre,
    merge,
    search: createSearchLoaders({ federation, planner, merge }),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
