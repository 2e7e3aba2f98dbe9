/**
 * Generic wrappers composed around connectors in registry.ts (architecture.md practice 4).
 * Each knows nothing of any partner.
 */
import { ConnectorError } from '../src/errors.js';
import type { Connector } from './connector.js';

/** What one observed call did. */
export interface CallOutcome {
  readonly source: string;
  readonly ok: boolean;
  readonly error: ConnectorError | null;
  readonly latencyMs: number;
}

/**
 * Wraps every promise-returning method of a connector so each call reports its outcome (health
 * board, metrics). Behaviour is unchanged: results and errors pass through as they are.
 */
export function observed<T extends Connector>(connector: T, onOutcome: (o: CallOutcome) => void): T {
  return new Proxy(connector, {
    get(target, prop, receiver) {
      const value: unknown = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function' || prop === 'constructor') return value;
      return (...args: unknown[]) => {
        const t0 = performance.now();
        const out: unknown = (value as (...a: unknown[]) => unknown).apply(target, args);
        if (!(out instanceof Promise)) return out;
        return out.then(
          (v) => {
            onOutcome({ source: target.id, ok: true, error: null, latencyMs: performance.now() - t0 });
            return v;
          },
          (err: unknown) => {
            const error = err instanceof ConnectorError ? err : new ConnectorError(target.id, 'bad_response', err instanceof Error ? err.message : 'failed');
            onOutcome({ source: target.id, ok: false, error, latencyMs: performance.now() - t0 });
            throw err;
          },
        );
      };
    },
  });
}
