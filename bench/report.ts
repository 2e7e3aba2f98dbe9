/** Renders a run: the Markdown table (printed and written), the goals, and the JSON record. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rpsRatio, type Goal } from './goals.js';
import type { ScenarioResult, Soak } from './measure.js';
import type { SlowestPartner } from './slowest.js';

/** Everything a run produced, as written to latest.json. */
export interface BenchReport {
  readonly startedAt: string;
  readonly durationSeconds: number;
  readonly settings: Readonly<Record<string, unknown>>;
  readonly results: readonly ScenarioResult[];
  readonly slowestPartner: SlowestPartner | null;
  readonly soak: Omit<Soak, 'result'> | null;
  readonly goals: readonly Goal[];
}

const num = (n: number | null, digits = 1) =>
  n === null || !Number.isFinite(n) ? '–' : n >= 1000 ? Math.round(n).toString() : n.toFixed(digits);

function ratioText(r: ScenarioResult, naive: ScenarioResult): string {
  if (r === naive) return '1.00';
  const { ratio, bound } = rpsRatio(r, naive);
  return `${bound ? '>' : ''}${num(ratio, 2)}`;
}

/** The results table: one row per scenario and target, with req/s ratios to the naive gateway and the ceiling. */
export function resultsTable(results: readonly ScenarioResult[]): string {
  const head =
    '| scenario | target | mode | req/s | p50 ms | p99 ms | upstream/query | Redis cmds/query | RSS MB (peak) | × naive | % ceiling | errors |';
  const rule = '|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|';
  const rows = results.map((r) => {
    const ref = (t: string) => results.find((x) => x.scenario === r.scenario && x.target === t);
    const naive = ref('naive');
    const ceiling = ref('ceiling');
    return `| ${r.scenario} | ${r.target} | ${r.mode} | ${num(r.rps)} | ${num(r.p50)} | ${num(r.p99)} | ${num(r.upstreamPerQuery, 2)} | ${num(r.redisPerQuery, 2)} | ${num(r.rssMb, 0)} (${num(r.rssPeakMb, 0)}) | ${naive ? ratioText(r, naive) : '–'} | ${ceiling ? num((100 * r.rps) / ceiling.rps) : '–'} | ${r.errors} |`;
  });
  return [head, rule, ...rows].join('\n');
}

/** The first error of every row that had some, so a failing partner or a timeout is visible. */
export function errorsList(results: readonly ScenarioResult[]): string {
  const rows = results
    .filter((r) => r.errors > 0)
    .map((r) => `- ${r.scenario} / ${r.target}: ${r.errors} failed; first: ${r.firstError ?? 'n/a'}`);
  return rows.length > 0 ? rows.join('\n') : '- none';
}

/** The goals as a list: MET / NOT MET / NOT MEASURED and the numbers. */
export function goalsList(goals: readonly Goal[]): string {
  return goals
    .map((g) => `- **${g.met === null ? 'NOT MEASURED' : g.met ? 'MET' : 'NOT MET'}** ${g.name}: ${g.detail}`)
    .join('\n');
}

const LEGEND = `## Reading the table

- sequential rows: one request at a time (latency, and each query's own upstream cost); load rows: autocannon, closed loop.
- upstream/query: requests the partner simulators served, per query (sequential: answered queries only).
- Redis cmds/query: server-wide INFO commandstats delta per query (a pipeline of k commands counts k, so it bounds round trips from above); naive and ceiling use no Redis, so their column is the noise floor.
- RSS: VmRSS of the target's process at the end of the scenario (peak sampled each second).
- × naive, % ceiling: req/s against the naive gateway and the ceiling in the same scenario; ">" when the naive gateway answered nothing in its window.
`;

/** The whole Markdown page. */
export function markdown(report: BenchReport): string {
  const settings = Object.entries(report.settings)
    .map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : String(v)}`)
    .join(', ');
  return [
    `# inclusion-gateway benchmark (${report.startedAt})`,
    '',
    `Settings: ${settings}. Run took ${report.durationSeconds.toFixed(0)} s.`,
    '',
    resultsTable(report.results),
    '',
    '## Targets',
    '',
    goalsList(report.goals),
    '',
    '## Errors',
    '',
    errorsList(report.results),
    '',
    LEGEND,
  ].join('\n');
}

/** Writes latest.json and latest.md into `dir`. */
export function writeReport(dir: string, report: BenchReport): { json: string; md: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, 'latest.json');
  const md = join(dir, 'latest.md');
  writeFileSync(json, `${JSON.stringify(report, null, 2)}\n`);
  writeFileSync(md, markdown(report));
  return { json, md };
}
