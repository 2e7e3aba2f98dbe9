/**
 * One log line per GraphQL operation : operation name, duration and
 * error count, on the request's child logger so the request id is already bound.
 */
import type { ApolloServerPlugin, GraphQLResponse } from '@apollo/server';
import type { ContextLogger } from '../request-scope.js';

/** What the plugin needs from the request context. */
export interface LoggingContext {
  readonly requestId: string;
  readonly logger: ContextLogger;
}

/** Options of requestLoggingPlugin. */
export interface RequestLoggingOptions {
  /** Milliseconds clock for durations. @default performance.now */
  readonly now?: () => number;
}

/** The errors of a response, single or incremental (the initial part carries the operation's errors). */
function errorsOf(response: GraphQLResponse): ReadonlyArray<{ readonly extensions?: Record<string, unknown> }> {
  const body = response.body;
  return (body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors) ?? [];
}

/** Logs `{ operationName, durationMs, errorCount, errorCodes }` once per request when the response is sent. */
export function requestLoggingPlugin<TContext extends LoggingContext>(
  opts: RequestLoggingOptions = {},
): ApolloServerPlugin<TContext> {
  const now = opts.now ?? (() => performance.now());
  return {
    async requestDidStart() {
      const startedAt = now();
      return {
        async willSendResponse({ contextValue, operationName, request, response }) {
          const errors = errorsOf(response);
          const errorCodes = [...new Set(errors.map((e) => String(e.extensions?.code ?? 'UNKNOWN')))];
          contextValue.logger.info(
            {
              operationName: operationName ?? request.operationName ?? null,
              durationMs: Math.round((now() - startedAt) * 10) / 10,
              errorCount: errors.length,
              ...(errorCodes.length > 0 ? { errorCodes } : {}),
            },
            'graphql operation',
          );
        },
      };
    },
  };
}
