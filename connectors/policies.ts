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
  /** The connector method called (`listServices`…). */
  readonly operation?: string;
  /** Records the answer kept out (list answers only), so health shows them without a second pass. */
  readonly rejected?: ReadonlyArray<{ readonly id: string | null; readonly reason: string }>;
}

/** The `rejected` list of a list answer (FetchResult), if the value is one. */
function rejectedOf(value: unknown): CallOutcome['rejected'] {
  const r = (value as { rejected?: unknown } | null)?.rejected;
  return Array.isArray(r) ? (r as CallOutcome['rejected']) : undefined;
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
            const rejected = rejectedOf(v);
            onOutcome({ source: target.id, operation: String(prop), ok: true, error: null, latencyMs: performance.now() - t0, ...(rejected ? { rejected } : {}) });
            return v;
          },
          (err: unknown) => {
            const error = err instanceof ConnectorError ? err : new ConnectorError(target.id, 'bad_response', err instanceof Error ? err.message : 'failed');
            onOutcome({ source: target.id, operation: String(prop), ok: false, error, latencyMs: performance.now() - t0 });
            throw err;
          },
        );
      };
    },
  });
}
