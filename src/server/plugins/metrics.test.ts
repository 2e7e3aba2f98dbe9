import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../errors.js';
import { HealthBoard } from '../../federation/health.js';
import { createGatewayMetrics } from './metrics.js';

describe('createGatewayMetrics', () => {
  it('counts cache events, upstream requests, rejections and latency per source, on its own registry and on the health board', async () => {
    const health = new HealthBoard([{ id: 'dora', connector: 'dora' }]);
    const m = createGatewayMetrics(new Registry(), health);
    m.cache.hit?.('dora');
    m.cache.hit?.('dora');
    m.cache.miss?.('dora');
    m.cache.stale?.('dora');
    m.cache.staleError?.('dora');
    m.cache.coalescedWait?.('dora');
    m.cache.fetch?.('dora');
    m.onRequest('dora');
    m.onOutcome({
      source: 'dora',
      ok: true,
      error: null,
      latencyMs: 120,
      returned: 0,
      rejected: [{ id: 'dora--1', reason: 'no nom' }],
    });
    m.onOutcome({
      source: 'dora',
      ok: false,
      error: new ConnectorError('dora', 'timeout', 'slow'),
      latencyMs: 5000,
      returned: 0,
      rejected: [],
    });
    m.responseCache.hit();
    m.responseCache.miss();
    const text = await m.registry.metrics();
    for (const line of [
      'gateway_cache_hits_total{source="dora"} 2',
      'gateway_cache_misses_total{source="dora"} 1',
      'gateway_cache_stale_total{source="dora"} 1',
      'gateway_cache_stale_if_error_total{source="dora"} 1',
      'gateway_cache_coalesced_waits_total{source="dora"} 1',
      'gateway_cache_fetches_total{source="dora"} 1',
      'gateway_upstream_requests_total{source="dora"} 1',
      'gateway_records_rejected_total{source="dora"} 1',
      'gateway_upstream_latency_seconds_count{source="dora",outcome="ok"} 1',
      'gateway_upstream_latency_seconds_count{source="dora",outcome="timeout"} 1',
      'gateway_response_cache_hits_total 1',
      'gateway_response_cache_misses_total 1',
    ])
      expect(text).toContain(line);
    expect(health.list()[0]).toMatchObject({
      hits: 2,
      misses: 1,
      staleAnswers: 1,
      staleIfErrorAnswers: 1,
      coalescedWaits: 1,
      upstreamCalls: 1,
    });
  });

  it('shows each circuit as a 0/1/2 gauge, counts its openings and the not-found answers from cached lists', async () => {
    const health = new HealthBoard([{ id: 'dora', connector: 'dora' }]);
    const m = createGatewayMetrics(new Registry(), health);
    const at = new Date('2026-01-02T03:04:05Z');
    const change = (state: 'CLOSED' | 'OPEN' | 'HALF_OPEN') => {
      m.onCircuit({ source: 'dora', state });
      health.circuitChanged({ source: 'dora', state, at });
    };
    change('CLOSED');
    expect(await m.registry.metrics()).toContain('gateway_circuit_state{source="dora"} 0');
    change('OPEN');
    change('HALF_OPEN');
    expect(await m.registry.metrics()).toContain('gateway_circuit_state{source="dora"} 2');
    change('OPEN');
    m.onNegativeFromList('dora');
    const text = await m.registry.metrics();
    expect(text).toContain('gateway_circuit_state{source="dora"} 1');
    expect(text).toContain('gateway_circuit_opened_total{source="dora"} 2');
    expect(text).toContain('gateway_negative_from_list_total{source="dora"} 1');
    expect(health.list()[0]).toMatchObject({ circuit: 'OPEN', circuitOpenedAt: at, negativeFromList: 1 });
  });

  it('keeps two gateways apart: each registry has only its own counts', async () => {
    const a = createGatewayMetrics(new Registry());
    const b = createGatewayMetrics(new Registry());
    a.cache.hit?.('x');
    expect(await a.registry.metrics()).toContain('gateway_cache_hits_total{source="x"} 1');
    expect(await b.registry.metrics()).not.toContain('source="x"');
  });
});
