/**
 * The scenarios against one target, in a fixed order: N+1 and cold one request at a time, then
 * warm (after a warm-up), the mixed workload and (gateway only) the soak under autocannon.
 */
import { post, runLoad } from './drive.js';
import {
  loadScenario,
  sequentialScenario,
  soakScenario,
  type Probe,
  type ScenarioResult,
  type Soak,
} from './measure.js';
import type { Target } from './targets.js';

/** The request bodies of each scenario. */
export interface ScenarioBodies {
  readonly warm: string;
  readonly cold: readonly string[];
  readonly nPlusOne: readonly string[];
  readonly mixed: readonly string[];
}

/** How long and how hard. */
export interface PhaseOptions {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly connections: number;
  /** Soak length in seconds; 0 skips it. */
  readonly soakSeconds: number;
  /** Progress lines. */
  readonly log: (line: string) => void;
  /** Run (untimed) before each cold request: empties the target's caches so every partner is asked. */
  readonly beforeCold?: () => Promise<void>;
}

/** Results of one target, and the answers it gave by request body (the ceiling replays the gateway's). */
export interface PhaseOutcome {
  readonly results: ScenarioResult[];
  readonly answers: Map<string, string>;
  readonly soak: Soak | null;
}

/** A request slower than this counts as failed (a throttled partner's Retry-After can be a minute). */
export const REQUEST_TIMEOUT_MS = 15_000;

const line = (r: ScenarioResult) =>
  `  ${r.scenario.padEnd(5)} ${r.target.padEnd(7)} ${r.rps.toFixed(1).padStart(8)} req/s  p50 ${r.p50.toFixed(1)} ms  p99 ${r.p99.toFixed(1)} ms  upstream/q ${r.upstreamPerQuery.toFixed(2)}  errors ${r.errors}${r.firstError ? ` (${r.firstError})` : ''}`;

/** Scenario groups; the bench gives each group of the gateways fresh partners and a fresh process. */
export type Group = 'n+1' | 'cold' | 'load';
export const GROUPS: readonly Group[] = ['n+1', 'cold', 'load'];

/** Runs the scenarios of `groups` against `target`, in the order of GROUPS. */
export async function runPhase(
  target: Target,
  bodies: ScenarioBodies,
  probe: Probe,
  opts: PhaseOptions,
  groups: readonly Group[] = GROUPS,
): Promise<PhaseOutcome> {
  const results: ScenarioResult[] = [];
  const answers = new Map<string, string>();
  const record = (r: ScenarioResult) => {
    results.push(r);
    opts.log(line(r));
  };
  const seq = { budgetMs: opts.seconds * 1000, timeoutMs: REQUEST_TIMEOUT_MS };
  if (groups.includes('n+1')) {
    const n1 = await sequentialScenario('n+1', target, bodies.nPlusOne, probe, seq);
    for (const r of n1.runs) answers.set(r.body, r.answer);
    record(n1.result);
  }
  if (groups.includes('cold')) {
    const cold = await sequentialScenario('cold', target, bodies.cold, probe, { ...seq, before: opts.beforeCold });
    for (const r of cold.runs) answers.set(r.body, r.answer);
    record(cold.result);
  }
  let soak: Soak | null = null;
  if (groups.includes('load')) soak = await loadGroup(target, bodies, probe, opts, answers, record);
  return { results, answers, soak };
}

/** warm (after a warm-up), mixed, and the soak when asked. */
async function loadGroup(
  target: Target,
  bodies: ScenarioBodies,
  probe: Probe,
  opts: PhaseOptions,
  answers: Map<string, string>,
  record: (r: ScenarioResult) => void,
): Promise<Soak | null> {
  const load = {
    seconds: opts.seconds,
    connections: opts.connections,
    onAnswer: (b: string, status: number, a: string) => void (status === 200 && answers.set(b, a)),
  };
  // Warm-up: the first answer fills the caches; the rest lets the JIT settle on every target alike.
  answers.set(bodies.warm, (await post(target.url, bodies.warm, REQUEST_TIMEOUT_MS)).answer);
  if (opts.warmupSeconds > 0)
    await runLoad(target.url, [bodies.warm], { seconds: opts.warmupSeconds, connections: opts.connections });
  record(await loadScenario('warm', target, [bodies.warm], load, probe));
  record(await loadScenario('mixed', target, bodies.mixed, load, probe));
  if (opts.soakSeconds <= 0) return null;
  const soak = await soakScenario(
    target,
    bodies.mixed,
    { seconds: opts.soakSeconds, warmupSeconds: 0, connections: opts.connections },
    probe,
  );
  record(soak.result);
  return soak;
}
