/** The per-request GraphQL context: fresh loaders, a request id and a child logger. */
import type { Loaders } from '../loaders/index.js';

/** Minimal logger surface resolvers may use (pino's child logger satisfies it). */
export interface ContextLogger {
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
}

export interface Context {
  readonly requestId: string;
  readonly loaders: Loaders;
  readonly logger: ContextLogger;
}
