/**
 * The gateway's closed error vocabulary (docs/architecture.md#layers). Connectors throw
 * ConnectorError; the edge maps kinds to GraphQL `extensions.code`; anything else is masked.
 */
import { GraphQLError } from 'graphql';

/** Why a partner call failed. Closed: add a kind only with its GraphQL code below. */
export type ConnectorErrorKind =
  'timeout' | 'unavailable' | 'rate_limited' | 'not_found' | 'bad_response' | 'unauthorized';

export const CONNECTOR_ERROR_KINDS: readonly ConnectorErrorKind[] = [
  'timeout',
  'unavailable',
  'rate_limited',
  'not_found',
  'bad_response',
  'unauthorized',
];

/** A partner call that failed, with the partner's id and a closed kind. Never carries partner bodies or URLs. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  constructor(
    readonly partner: string,
    readonly kind: ConnectorErrorKind,
    message: string,
    readonly details: { readonly status?: number; readonly retryAfterMs?: number; readonly cause?: unknown } = {},
  ) {
    super(message);
  }
}

/** GraphQL `extensions.code` for each connector error kind. */
export const CODE_BY_KIND: Readonly<Record<ConnectorErrorKind, string>> = Object.freeze({
  timeout: 'PARTNER_TIMEOUT',
  unavailable: 'PARTNER_UNAVAILABLE',
  rate_limited: 'PARTNER_RATE_LIMITED',
  not_found: 'NOT_FOUND',
  bad_response: 'PARTNER_BAD_RESPONSE',
  unauthorized: 'PARTNER_UNAUTHORIZED',
});

/** Turns a ConnectorError into the GraphQL error clients see: a code, the partner, no partner body. */
export function connectorErrorToGraphQL(err: ConnectorError, path?: ReadonlyArray<string | number>): GraphQLError {
  return new GraphQLError(`Source "${err.partner}" failed: ${err.message}`, {
    path,
    extensions: { code: CODE_BY_KIND[err.kind], partner: err.partner, kind: err.kind },
  });
}

/** A client input error (`BAD_USER_INPUT`) naming the argument and what was expected. */
export function badUserInput(message: string, extensions: Record<string, unknown> = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', ...extensions } });
}

/** True for errors that are safe to show as they are; everything else is masked at the edge. */
export function isExposedError(err: unknown): boolean {
  return (
    err instanceof ConnectorError ||
    (err instanceof GraphQLError &&
      typeof err.extensions?.code === 'string' &&
      err.extensions.code !== 'INTERNAL_SERVER_ERROR')
  );
}
