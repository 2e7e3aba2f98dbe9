/** The issue's targets, each evaluated from a run's results as MET / NOT MET with its numbers. */
import type { ScenarioName, ScenarioResult, Soak } from './measure.js';
import type { SlowestPartner } from './slowest.js';
import type { TargetName } from './targets.js';

/** One target: met (null when it could not be measured) and the numbers behind it. */
export interface Goal {
  readonly name: string;
  readonly met: boolean | null;
  readonly detail: string;
}

/** What the goals are computed from. */
export interface RunFacts {
  readonly results: readonly ScenarioResult[];
  readonly slowest: SlowestPartner | null;
  readonly soak: Soak | null;
  /** How the cold scenario was made cold (bench/flush.ts). */
  readonly coldMode?: string;
}

/**
 * Throughput ratio a/b; when b answered nothing within its window, b < 1/seconds, so the ratio is
 * at least a × seconds (`bound` true).
 */
export function rpsRatio(a: ScenarioResult, b: ScenarioResult): { ratio: number; bound: boolean } {
  if (b.requests > 0) return { ratio: a.rps / b.rps, bound: false };
  return { ratio: a.rps * Math.max(b.seconds, 1e-9), bound: true };
}

const f1 = (n: number) => (Number.isFinite(n) ? n.toFixed(1) : 'n/a');

/** Evaluates every target of the issue. */
export function evaluateGoals(facts: RunFacts): Goal[] {
  const get = (s: ScenarioName, t: TargetName) => facts.results.find((r) => r.scenario === s && r.target === t);
  const goals: Goal[] = [];
  const gw = get('warm', 'gateway');
  const nw = get('warm', 'naive');
  const cw = get('warm', 'ceiling');
  if (gw && nw) {
    const { ratio, bound } = rpsRatio(gw, nw);
    const naive = bound
      ? `naive answered none in ${f1(nw.seconds)} s (< ${(1 / nw.seconds).toFixed(2)} req/s)`
      : `${f1(nw.rps)} req/s`;
    goals.push({
      name: 'warm >= 10x naive',
      met: ratio >= 10,
      detail: `${f1(gw.rps)} req/s vs ${naive} = ${bound ? '> ' : ''}${f1(ratio)}x`,
    });
  }
  if (gw && cw) {
    const pct = (100 * gw.rps) / cw.rps;
    goals.push({
      name: 'warm >= 35% of ceiling',
      met: pct >= 35,
      detail: `${f1(gw.rps)} vs ${f1(cw.rps)} req/s = ${f1(pct)}%`,
    });
    const added = gw.p99 - cw.p99;
    goals.push({
      name: 'cache-hit p99 added latency <= 5 ms',
      met: added <= 5,
      detail: `warm p99 ${f1(gw.p99)} ms - ceiling p99 ${f1(cw.p99)} ms = ${f1(added)} ms (upstream calls/query during warm: ${gw.upstreamPerQuery.toFixed(2)})`,
    });
  }
  const gc = get('cold', 'gateway');
  if (gc && facts.slowest) {
    const s = facts.slowest;
    goals.push({
      name: 'cold fan-out <= slowest partner + 20 ms',
      met: gc.p50 <= s.p50 + 20,
      detail:
        `gateway p50 ${f1(gc.p50)} ms vs slowest partner p50 ${f1(s.p50)} + 20 ms (p99 ${f1(gc.p99)} vs ${f1(s.p99)}; ` +
        `slowest: ${Object.entries(s.slowestSources)
          .map(([k, v]) => `${k} ×${v}`)
          .join(', ')}; one partner call takes ≤ ${s.configuredMaxMs} ms; ` +
        `cold by ${facts.coldMode ?? 'unseen-communes'}; ${gc.upstreamPerQuery.toFixed(1)} upstream calls/query)`,
    });
  }
  const seq = (['cold', 'n+1'] as const)
    .map((s) => get(s, 'gateway'))
    .filter((r): r is ScenarioResult => r !== undefined);
  if (seq.length > 0) {
    const over = seq.reduce((a, r) => a + (r.queriesOverSources ?? 0), 0);
    const naive = get('n+1', 'naive');
    const parts = seq.map(
      (r) =>
        `${r.scenario}: ${r.upstreamPerQuery.toFixed(1)} calls/query over ${(r.sourcesPerQuery ?? 0).toFixed(1)} sources`,
    );
    if (naive) parts.push(`naive n+1: ${naive.upstreamPerQuery.toFixed(1)} calls/query`);
    goals.push({
      name: 'upstream calls per query <= sources involved',
      met: over === 0,
      detail: `${over} queries over the bound; ${parts.join('; ')}`,
    });
  }
  if (facts.soak) {
    const s = facts.soak;
    goals.push({
      name: 'RSS growth < 10% over the soak',
      met: s.growth < 0.1,
      detail: `${f1(s.baselineMb)} MB -> ${f1(s.endMb)} MB = ${f1(100 * s.growth)}% over ${f1(s.result.seconds)} s (${f1(s.result.rps)} req/s)`,
    });
  }
  return goals;
}
