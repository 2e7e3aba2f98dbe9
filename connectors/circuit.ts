/**
 * A circuit breaker per source, over cockatiel's. After `failureThreshold` consecutive failures that
 * are the partner's (timeouts, 5xx, unreachable, malformed answers; never a 404, a 4xx our call
 * earned, or a rate limit, which has its own status), the source's circuit opens: its calls fail at
 * once as `unavailable` without reaching the partner, so the cache above answers with the last good
 * answer (stale-if-error) or the source is reported missing. After `cooldownMs`, the next call is
 * the one probe (half-open) while the others keep failing fast; its success closes the circuit, its
 * failure opens it again for another cool-down. State is per process.
 */
import {
  BrokenCircuitError,
  circuitBreaker,
  CircuitState,
  ConsecutiveBreaker,
  handleWhen,
  IsolatedCircuitError,
  type CircuitBreakerPolicy,
} from 'cockatiel';
import { RequestError } from 'got';
import { ConnectorError } from '../src/errors.js';
import type { CircuitStatus } from './connector.js';
import type { OperationWrapper } from './policies.js';

/** When a source's circuit opens and how long it stays open. */
export interface CircuitSettings {
  readonly failureThreshold: number;
  readonly cooldownMs: number;
}

/** One state change of one source's circuit. */
export interface CircuitChange {
  readonly source: string;
  readonly state: CircuitStatus;
  readonly at: Date;
}

/** True for a failure that tells the partner is unwell; the caller's own faults (an aborted call among them) and throttling are not. */
export function isPartnerFault(err: unknown): boolean {
  if (!(err instanceof ConnectorError)) return false;
  if (err.details.cause instanceof RequestError && err.details.cause.code === 'ERR_ABORTED') return false;
  if (err.kind === 'timeout' || err.kind === 'unavailable') return true;
  const status = err.details.status;
  return err.kind === 'bad_response' && (status === undefined || status >= 500);
}

const STATUS: Readonly<Record<CircuitState, CircuitStatus>> = {
  [CircuitState.Closed]: 'CLOSED',
  [CircuitState.Open]: 'OPEN',
  [CircuitState.HalfOpen]: 'HALF_OPEN',
  [CircuitState.Isolated]: 'OPEN',
};

/** One source's breaker. */
export interface Circuit {
  readonly source: string;
  readonly state: () => CircuitStatus;
  /** Runs a partner call through the breaker; fails at once (unavailable) while the circuit is open or probing. */
  run<T>(call: () => Promise<T>): Promise<T>;
}

/** Builds a source's circuit; `onChange` hears every state change. */
export function createCircuit(
  source: string,
  settings: CircuitSettings,
  onChange?: (c: CircuitChange) => void,
): Circuit {
  const policy: CircuitBreakerPolicy = circuitBreaker(handleWhen(isPartnerFault), {
    halfOpenAfter: settings.cooldownMs,
    breaker: new ConsecutiveBreaker(settings.failureThreshold),
  });
  let openedAt = 0;
  policy.onStateChange((s) => {
    if (s === CircuitState.Open) openedAt = Date.now();
    onChange?.({ source, state: STATUS[s], at: new Date() });
  });
  const open = () => {
    if (policy.state === CircuitState.HalfOpen)
      return new ConnectorError(
        source,
        'unavailable',
        'circuit open after repeated failures; one probe call is testing the partner',
      );
    const waitMs = Math.max(0, openedAt + settings.cooldownMs - Date.now());
    return new ConnectorError(
      source,
      'unavailable',
      `circuit open after repeated failures; next try in ${Math.ceil(waitMs / 1000)} s`,
      { retryAfterMs: waitMs },
    );
  };
  return {
    source,
    state: () => STATUS[policy.state],
    async run(call) {
      // cockatiel queues callers behind a half-open probe: here they fail fast instead.
      if (policy.state === CircuitState.HalfOpen) throw open();
      try {
        return await policy.execute(call);
      } catch (err) {
        if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError) throw open();
        throw err;
      }
    },
  };
}

/** Every partner call (the health probe aside) behind `circuit`; no circuit: calls pass as they are. */
export function behindCircuit(circuit: Circuit | undefined): OperationWrapper {
  return (operation, call) =>
    circuit === undefined || operation === 'ping' ? call : (...args) => circuit.run(() => call(...args));
}
