/**
 * Error masking at the edge (architecture.md practice 7). Clients see the closed vocabulary only:
 * ConnectorError → PARTNER_* code with the partner's id; GraphQL errors that carry a code of their
 * own (validation, bad input…) pass through; anything else becomes "Internal server error", and its
 * stack goes to the request's log, never to the client.
 */
import type { ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import type { GraphQLFormattedError } from 'graphql';
import { CODE_BY_KIND, ConnectorError, isExposedError } from '../../errors.js';
import { nomenclatureErrorCode } from '../../../graphql/scalars/input-error.js';
import type { ContextLogger } from '../context.js';

/** The message and code every unexpected error is replaced with. */
export const MASKED_MESSAGE = 'Internal server error';
export const MASKED_CODE = 'INTERNAL_SERVER_ERROR';

/** True when the error, or what the resolver threw, is safe to show as it is. */
export function isExposed(error: unknown): boolean {
  return isExposedError(error) || isExposedError(unwrapResolverError(error));
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
  const code = nomenclatureErrorCode(original) ?? formatted.extensions?.code;
  if (typeof code === 'string' && code !== MASKED_CODE) {
    // Stack traces never leave the server, whatever includeStacktraceInErrorResponses says.
    const { stacktrace: _stacktrace, validationErrors, ...extensions } = formatted.extensions ?? {};
    if (Array.isArray(validationErrors)) return { ...formatted, ...argumentMessages(validationErrors as ValidationErrorLike[]), extensions: { ...extensions, code } };
    return { ...formatted, extensions: { ...extensions, code } };
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
export function argumentMessages(errors: readonly ValidationErrorLike[]): { message: string; extensions?: never } & { [k: string]: unknown } {
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
            const err = cause instanceof Error ? { type: cause.name, message: cause.message, stack: cause.stack } : { message: String(cause) };
            contextValue.logger.error({ err, path: error.path ?? null, operationName: operationName ?? null }, 'unexpected error masked');
          }
        },
      };
    },
  };
}
