/**
 * Error masking at the edge, once (docs/architecture.md#layers). Clients see the closed vocabulary only:
 * ConnectorError → PARTNER_* code with the partner's id; GraphQL errors that carry a code of their
 * own (validation, bad input…) pass through; anything else becomes "Internal server error", and its
 * stack goes to the request's log, never to the client. No message echoes more than a short excerpt
 * of what the client sent (graphql-js quotes whole invalid values), and refusals by an operation
 * limit (operation-limits.ts) are BAD_USER_INPUT whichever phase caught them.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { CODE_BY_KIND, ConnectorError, isExposedError } from '../../errors.js';
import { nomenclatureErrorCode } from '../../../graphql/scalars/input-error.js';
import type { ContextLogger } from '../request-scope.js';

/** The message and code every unexpected error is replaced with. */
export const MASKED_MESSAGE = 'Internal server error';
export const MASKED_CODE = 'INTERNAL_SERVER_ERROR';

/** True when the error, or what the resolver threw, is safe to show as it is. */
export function isExposed(error: unknown): boolean {
  return isExposedError(error) || isExposedError(unwrapResolverError(error));
}

/** Quoted values longer than this are cut in messages. */
const EXCERPT = 60;
/** Longest message sent. */
const MAX_MESSAGE = 600;
/** A double-quoted JSON-like string in a message (or its start, when the message was cut inside it). */
const QUOTED = /"(?:[^"\\]|\\.)*(?:"|$)/g;
/** graphql-js's hints at field, argument and type names in validation errors: they would reveal the schema when introspection is off. */
const SUGGESTION = / ?Did you mean [^?]{0,2000}\?/g;
/** graphql-js's parse error past `maxTokens`. */
const TOO_MANY_TOKENS = /^Syntax Error: Document contains more th(?:an|at) (\d+) tokens/;

/** The message with every quoted value cut to an excerpt (and schema hints dropped), the whole cut to MAX_MESSAGE characters. */
export function excerpted(message: string, hideHints = false): string {
  const head = message.length > 20 * MAX_MESSAGE ? message.slice(0, 20 * MAX_MESSAGE) : message;
  const cut = (hideHints ? head.replace(SUGGESTION, '') : head).replace(QUOTED, (q) =>
    q.length > EXCERPT + 2 ? `${q.slice(0, EXCERPT + 1)}…"` : q,
  );
  return cut.length > MAX_MESSAGE ? `${cut.slice(0, MAX_MESSAGE - 1)}…` : cut;
}

/** graphql-js's token-limit parse error, said the way the other limits are. */
function limitMessage(formatted: GraphQLFormattedError): { message: string; code: string } | undefined {
  if (typeof formatted.extensions?.limit === 'string') return { message: formatted.message, code: 'BAD_USER_INPUT' };
  const tokens = TOO_MANY_TOKENS.exec(formatted.message);
  return tokens
    ? { message: `Query has more than ${tokens[1]} tokens, the limit (QUERY_MAX_TOKENS)`, code: 'BAD_USER_INPUT' }
    : undefined;
}

/** Keeps where the error happened; the rest of the formatted error is rebuilt, never copied. */
function position(formatted: GraphQLFormattedError): Pick<GraphQLFormattedError, 'locations' | 'path'> {
  return {
    ...(formatted.locations ? { locations: formatted.locations } : {}),
    ...(formatted.path ? { path: formatted.path } : {}),
  };
}

/** Apollo `formatError`: the default masking strategy, exported so it can be tested and replaced. */
export function defaultMaskError(formatted: GraphQLFormattedError, original: unknown): GraphQLFormattedError {
  const cause = unwrapResolverError(original);
  if (cause instanceof ConnectorError) {
    return {
      message: `Source "${cause.partner}" failed: ${cause.message}`,
      ...position(formatted),
      extensions: { code: CODE_BY_KIND[cause.kind], partner: cause.partner },
    };
  }
  // Literal arguments are checked during validation, which Apollo codes GRAPHQL_VALIDATION_FAILED;
  // a bad nomenclature value is still bad user input, whichever phase caught it.
  const limit = limitMessage(formatted);
  const nomenclature = nomenclatureErrorCode(original);
  const code = limit?.code ?? nomenclature ?? formatted.extensions?.code;
  if (typeof code === 'string' && code !== MASKED_CODE) {
    // Stack traces never leave the server, whatever includeStacktraceInErrorResponses says.
    const { stacktrace: _stacktrace, validationErrors, ...extensions } = formatted.extensions ?? {};
    const text = Array.isArray(validationErrors)
      ? argumentMessages(validationErrors as ValidationErrorLike[]).message
      : (limit?.message ?? formatted.message);
    const message = excerpted(text, nomenclature === undefined && code === 'GRAPHQL_VALIDATION_FAILED');
    return { ...formatted, message, extensions: { ...extensions, code } };
  }
  return { message: MASKED_MESSAGE, ...position(formatted), extensions: { code: MASKED_CODE } };
}

/** The part of class-validator's ValidationError that type-graphql puts in `extensions.validationErrors`. */
interface ValidationErrorLike {
  readonly property: string;
  readonly constraints?: Record<string, string>;
  readonly children?: readonly ValidationErrorLike[];
}

/**
 * type-graphql says only "Argument Validation Error": spell out each failed constraint (our
 * messages say what was expected and what was received) and list them without echoing the input.
 */
export function argumentMessages(
  errors: readonly ValidationErrorLike[],
): { message: string; extensions?: never } & { [k: string]: unknown } {
  const lines: Array<{ path: string; message: string }> = [];
  const walk = (list: readonly ValidationErrorLike[], prefix: string) => {
    for (const e of list) {
      const path = prefix ? `${prefix}.${e.property}` : e.property;
      for (const m of Object.values(e.constraints ?? {})) lines.push({ path, message: m });
      walk(e.children ?? [], path);
    }
  };
  walk(errors, '');
  return { message: `Invalid argument: ${lines.map((l) => l.message).join('; ') || 'validation failed'}` };
}

/** What the plugin needs from the request context. */
export interface MaskingContext {
  readonly logger: ContextLogger;
}

/** Logs each error about to be masked with its stack, on the request's logger (formatError has no context). */
export function errorMaskingPlugin<TContext extends MaskingContext>(): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (isExposed(error)) continue;
            const cause = unwrapResolverError(error);
            const err =
              cause instanceof Error
                ? { type: cause.name, message: cause.message, stack: cause.stack }
                : { message: String(cause) };
            contextValue.logger.error(
              { err, path: error.path ?? null, operationName: operationName ?? null },
              'unexpected error masked',
            );
          }
        },
      };
    },
  };
}
