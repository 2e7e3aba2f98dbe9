/** Who a request is for and what is known of it before its GraphQL context exists (authentication fills it in). */

/** Minimal logger surface resolvers may use (pino's child logger satisfies it). */
export interface ContextLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

/** What a consumer may do: `api` read, `contacts` personal fields, `restricted-sources` sources that restrict redistribution, `admin`. */
export const SCOPES = ['api', 'contacts', 'restricted-sources', 'admin', 'widget'] as const;
export type Scope = (typeof SCOPES)[number];

/** Who a request is for, as authentication established it. */
export interface Consumer {
  /** The declared consumer's name, the JWT's `sub`, or `anonymous:<client ip>`. */
  readonly name: string;
  readonly scopes: ReadonlySet<Scope>;
  readonly anonymous: boolean;
}

/** What is known of a request before its context exists: its id and its child logger. */
export interface RequestScope {
  readonly requestId: string;
  readonly logger: ContextLogger;
  /** Set by authentication before the GraphQL middlewares run; absent only in tests that build a scope by hand. */
  readonly consumer?: Consumer;
  /** The request's Authorization header, read only by admin operations. */
  readonly authorization?: string;
}
