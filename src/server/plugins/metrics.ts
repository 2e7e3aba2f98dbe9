/**
 * The gateway's Prometheus metrics, on a registry the composition root creates (never prom-client's
 * global one), exposed on GET /metrics. Per source: cache hits, misses, stale answers, stale-if-error
 * answers, coalesced waits, partner calls made through the cache, upstream HTTP requests, records
 * rejected, upstream latency, lookups answered "not found" from a cached list, and each circuit's
 * state and openings; and whole-response cache hits and misses. The per-source counters
 * also feed the `sources` query (HealthBoard.count).
 */
import type { RequestHandler } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CacheMetrics } from '../../../cache/cached.js';
import type { CircuitStatus } from '../../../connectors/connector.js';
import type { Outcome } from '../../../connectors/connector.js';
import type { SourceCounter } from '../../federation/health.js';

/** The callbacks the cache, the connectors and the response cache report to, and the /metrics handler. */
export interface GatewayMetrics {
  readonly registry: Registry;
  /** Cache events per source (cache/policy.ts). */
  readonly cache: CacheMetrics;
  /** One HTTP request sent to a partner (ConnectorDeps.onRequest). */
  onRequest(source: string): void;
  /** One live partner call, as `observed` reports it. */
  onOutcome(o: Outcome): void;
  /** A lookup answered "not found" from the source's cached list. */
  onNegativeFromList(source: string): void;
  /** A source's circuit changed state. */
  onCircuit(c: { readonly source: string; readonly state: CircuitStatus }): void;
  readonly responseCache: { hit(): void; miss(): void };
  /** GET /metrics. */
  readonly handler: RequestHandler;
}

/** Where per-source counters are also kept (the HealthBoard, for the `sources` query). */
export interface CounterSink {
  count(source: string, counter: SourceCounter): void;
}

const CIRCUIT_GAUGE: Readonly<Record<CircuitStatus, number>> = { CLOSED: 0, OPEN: 1, HALF_OPEN: 2 };

/** Registers every metric on `registry`. */
export function createGatewayMetrics(registry: Registry, sink?: CounterSink): GatewayMetrics {
  const perSource = (name: string, help: string) =>
    new Counter({ name, help, labelNames: ['source'] as const, registers: [registry] });
  const hits = perSource('gateway_cache_hits_total', 'Answers served fresh from the cache.');
  const misses = perSource('gateway_cache_misses_total', 'Answers the cache did not have (the partner was called).');
  const stale = perSource(
    'gateway_cache_stale_total',
    'Answers served stale while one background refresh ran (stale-while-revalidate).',
  );
  const staleError = perSource(
    'gateway_cache_stale_if_error_total',
    'Last good answers served because the partner failed (stale-if-error).',
  );
  const coalesced = perSource(
    'gateway_cache_coalesced_waits_total',
    'Callers that waited for an identical call in flight (this process or another replica).',
  );
  const fetches = perSource(
    'gateway_cache_fetches_total',
    'Partner calls made through the cache (one per miss or refresh, whatever its pages).',
  );
  const requests = perSource(
    'gateway_upstream_requests_total',
    'HTTP requests sent to partners (pages and retries included).',
  );
  const rejected = perSource(
    'gateway_records_rejected_total',
    'Records partners published that the gateway kept out (schema v1 violations).',
  );
  const negativeFromList = perSource(
    'gateway_negative_from_list_total',
    'Lookups by id answered "not found" from the source\'s fresh cached list, without calling it.',
  );
  const circuitOpened = perSource(
    'gateway_circuit_opened_total',
    "Times a source's circuit opened (repeated failures, or a failed half-open probe).",
  );
  const circuitState = new Gauge({
    name: 'gateway_circuit_state',
    help: 'Circuit breaker state per source: 0 closed, 1 open, 2 half-open.',
    labelNames: ['source'] as const,
    registers: [registry],
  });
  const latency = new Histogram({
    name: 'gateway_upstream_latency_seconds',
    help: 'Latency of live partner calls, by outcome.',
    labelNames: ['source', 'outcome'] as const,
    buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  });
  const responseHits = new Counter({
    name: 'gateway_response_cache_hits_total',
    help: 'Whole responses served from the response cache.',
    registers: [registry],
  });
  const responseMisses = new Counter({
    name: 'gateway_response_cache_misses_total',
    help: 'Cacheable read operations the response cache did not have.',
    registers: [registry],
  });
  collectDefaultMetrics({ register: registry, prefix: 'gateway_' });

  const event = (counter: Counter<'source'>, field?: SourceCounter) => (source: string) => {
    counter.inc({ source });
    if (field) sink?.count(source, field);
  };
  return {
    registry,
    cache: {
      hit: event(hits, 'hits'),
      miss: event(misses, 'misses'),
      stale: event(stale, 'staleAnswers'),
      staleError: event(staleError, 'staleIfErrorAnswers'),
      coalescedWait: event(coalesced, 'coalescedWaits'),
      fetch: event(fetches),
    },
    onRequest: event(requests, 'upstreamCalls'),
    onOutcome(o) {
      latency.observe({ source: o.source, outcome: o.ok ? 'ok' : (o.error?.kind ?? 'error') }, o.latencyMs / 1000);
      if (o.rejected && o.rejected.length > 0) rejected.inc({ source: o.source }, o.rejected.length);
    },
    onNegativeFromList: event(negativeFromList, 'negativeFromList'),
    onCircuit({ source, state }) {
      circuitState.set({ source }, CIRCUIT_GAUGE[state]);
      if (state === 'OPEN') circuitOpened.inc({ source });
    },
    responseCache: { hit: () => responseHits.inc(), miss: () => responseMisses.inc() },
    handler: async (_req, res) => {
      res.set('content-type', registry.contentType).send(await registry.metrics());
    },
  };
}
