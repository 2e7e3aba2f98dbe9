/** The per-request GraphQL context: fresh loaders and source report, a request id and a child logger. */
import type { HealthBoard } from '../federation/health.js';
import type { Admin, AdminAccess } from './admin.js';
import { createLoaders, type LoaderDeps, type Loaders } from '../loaders/index.js';
import { SourceReport } from '../loaders/report.js';
import type { Consumer, ContextLogger, RequestScope } from './request-scope.js';

export interface Context {
  readonly requestId: string;
  readonly loaders: Loaders;
  readonly logger: ContextLogger;
  /** What each source did for this request (errors[] and extensions.sources, see plugins/source-report.ts). */
  readonly report: SourceReport;
  /** Long-lived last known state of every source (the `sources` query). */
  readonly health: HealthBoard;
  /** Admin operations, bound to this request's consumer and Authorization header. */
  readonly admin?: AdminAccess;
  /** Who the request is for (absent only when a test builds the scope by hand: then no scope beyond `api`). */
  readonly consumer?: Consumer;
  /** `Type.field` of the personal fields nulled for lack of the contacts scope (contact-masking.ts). */
  readonly maskedFields: Set<string>;
  /** Sources whose records this consumer may not see (restricted, without the restricted-sources scope). */
  readonly hiddenSources: ReadonlySet<string>;
}

/** What every request context is built from (long-lived, built once in main.ts). */
export interface ContextDeps {
  readonly loaderDeps: LoaderDeps;
  readonly health: HealthBoard;
  readonly admin?: Admin;
}

/** Returns the per-request context factory; each call builds fresh loaders and report, never shared across requests. */
export function buildContext(deps: ContextDeps): (scope: RequestScope) => Context {
  return (scope) => {
    const seesRestricted = scope.consumer?.scopes.has('restricted-sources') === true;
    return {
      requestId: scope.requestId,
      logger: scope.logger,
      loaders: createLoaders(deps.loaderDeps, scope.requestId, { restrictedSources: seesRestricted }),
      hiddenSources: new Set(seesRestricted ? [] : (deps.loaderDeps.restrictedSources ?? [])),
      report: new SourceReport(),
      health: deps.health,
      maskedFields: new Set(),
      ...(scope.consumer ? { consumer: scope.consumer } : {}),
      ...(deps.admin ? { admin: deps.admin.forRequest(scope.authorization, scope.consumer) } : {}),
    };
  };
}
