/**
 * The reference of the cold fan-out target: how long the slowest partner takes to answer the same
 * list, measured directly. For each cold filter, the sources the gateway would ask (the federation's
 * own plan) are called in parallel through fresh, uncached connectors, each timed alone; the
 * slowest of them is that query's "slowest partner latency" (including whatever that partner
 * needs in sequence: pages, an OAuth token, geocoding).
 */
import type { SourceConfig } from '../connectors/connector.js';
import { buildConnectors } from '../connectors/registry.js';
import type { OffreFilter } from '../src/domain/index.js';
import { createFederation } from '../src/federation/federation.js';
import { percentile } from './drive.js';

/** Per filter, the slowest planned partner's latency in ms. */
export interface SlowestPartner {
  readonly perQuery: readonly number[];
  /** How often each source was the slowest one. */
  readonly slowestSources: Readonly<Record<string, number>>;
  readonly p50: number;
  readonly p99: number;
  /** The partners' configured latency ceiling (the simulators' max). */
  readonly configuredMaxMs: number;
}

/** Times each planned partner's `listServices` for every filter, one filter at a time. */
export async function measureSlowestPartner(
  sources: readonly SourceConfig[],
  filters: readonly OffreFilter[],
  configuredMaxMs: number,
): Promise<SlowestPartner> {
  const connectors = buildConnectors(sources, {});
  const regions = new Map((await connectors.territory.listDepartements()).map((d) => [d.code, d.codeRegion]));
  const federation = createFederation(connectors.offre, (d) => regions.get(d) ?? null);
  const perQuery: number[] = [];
  const slowestSources: Record<string, number> = {};
  for (const f of filters) {
    const times = await Promise.all(
      federation.plan(f).map(async (s) => {
        const t0 = performance.now();
        await s.connector.listServices(f).catch(() => undefined);
        return { source: s.connector.id, ms: performance.now() - t0 };
      }),
    );
    const worst = times.reduce((a, b) => (b.ms > a.ms ? b : a), { source: 'none', ms: 0 });
    perQuery.push(worst.ms);
    slowestSources[worst.source] = (slowestSources[worst.source] ?? 0) + 1;
  }
  return { perQuery, slowestSources, p50: percentile(perQuery, 50), p99: percentile(perQuery, 99), configuredMaxMs };
}
