/**
 * createServer: the Apollo Server with the gateway's plugins, not listening (tests use
 * executeOperation; http.ts mounts it). Every default Apollo would derive from NODE_ENV is set
 * explicitly so behaviour does not depend on the environment.
 */
import { ApolloServer, type ApolloServerPlugin, type BaseContext } from '@apollo/server';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginLandingPageLocalDefault } from '@apollo/server/plugin/landingPage/default';
import type { GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { defaultMaskError, errorMaskingPlugin, type MaskingContext } from './plugins/error-masking.js';
import { executionDeadlinePlugin } from './plugins/execution-deadline.js';
import { armorRules, DEFAULT_LIMITS, type OperationLimits, operationLimitsPlugin } from './plugins/operation-limits.js';
import { requestLoggingPlugin, type LoggingContext } from './plugins/request-logging.js';

/** The logger Apollo itself writes to (pino satisfies it). */
export interface ServerLogger {
  debug(message?: unknown): void;
  info(message?: unknown): void;
  warn(message?: unknown): void;
  error(message?: unknown): void;
}

/** What createServer is built from. */
export interface ServerDeps<TContext extends BaseContext = BaseContext> {
  readonly schema: GraphQLSchema;
  readonly logger: ServerLogger;
  /** Replaces the default error masking strategy. @default defaultMaskError */
  readonly maskError?: (formatted: GraphQLFormattedError, original: unknown) => GraphQLFormattedError;
  /** Schema introspection (INTROSPECTION). @default true */
  readonly introspection?: boolean;
  /** Serve Apollo's Sandbox on GET /graphql with Accept: text/html. @default introspection */
  readonly landingPage?: boolean;
  /** Extra plugins (e.g. sourceReportPlugin), run before logging so its line counts their errors too. @default [] */
  readonly plugins?: ReadonlyArray<ApolloServerPlugin<TContext>>;
  /** Operation limits checked before execution. @default DEFAULT_LIMITS */
  readonly limits?: OperationLimits;
  /** REQUEST_DEADLINE_MS: execution stops shortly after it (execution-deadline.ts). @default 6000 */
  readonly requestDeadlineMs?: number;
}

/** Builds the Apollo Server; call `start()` on it before mounting it (http.ts). */
export function createServer<TContext extends LoggingContext & MaskingContext>(
  deps: ServerDeps<TContext>,
): ApolloServer<TContext> {
  const limits = deps.limits ?? DEFAULT_LIMITS;
  return new ApolloServer<TContext>({
    schema: deps.schema,
    parseOptions: { maxTokens: limits.maxTokens },
    validationRules: armorRules(limits),
    logger: deps.logger,
    formatError: deps.maskError ?? defaultMaskError,
    // A public, read-only API whose schema is meant to be discovered, unless the deployment says otherwise.
    introspection: deps.introspection ?? true,
    includeStacktraceInErrorResponses: false,
    // main.ts owns SIGTERM/SIGINT and stops Apollo after draining HTTP.
    stopOnTerminationSignals: false,
    // willSendResponse hooks run in this order: plugins that add errors come before the logger.
    plugins: [
      operationLimitsPlugin<TContext>(limits),
      executionDeadlinePlugin(deps.requestDeadlineMs ?? 6_000),
      ...(deps.plugins ?? []),
      requestLoggingPlugin<TContext>(),
      errorMaskingPlugin<TContext>(),
      (deps.landingPage ?? deps.introspection) === false
        ? ApolloServerPluginLandingPageDisabled()
        : ApolloServerPluginLandingPageLocalDefault({ footer: false }),
    ],
  });
}
