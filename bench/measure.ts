/**
 * One scenario against one target, with what it cost around it: upstream calls (the simulators'
 * counters), Redis commands (the server's commandstats) and the target's RSS (sampled each second).
 */
import { runLoad, runSequential, type OnAnswer, type SingleRun, type Timing } from './drive.js';
import type { RedisProbe } from './redis.js';
import { grown } from './sandbox.js';
import type { Target, TargetName } from './targets.js';

export type ScenarioName = 'warm' | 'cold' | 'n+1' | 'mixed' | 'soak';

/** What the measurement reads besides the target. */
export interface Probe {
  /** Requests served so far, per partner. */
  counts(): Record<string, number>;
  readonly redis: RedisProbe | null;
}

/** One row of the results table. */
export interface ScenarioResult extends Timing {
  readonly scenario: ScenarioName;
  readonly target: TargetName;
  readonly mode: 'load' | 'sequential';
  readonly upstreamPerQuery: number;
  /** Upstream calls per query, by partner (latest.json only). */
  readonly upstreamBySource: Readonly<Record<string, number>>;
  /** Sequential runs: mean number of partners a query reached, and queries that called some partner more than once. */
  readonly sourcesPerQuery: number | null;
  readonly queriesOverSources: number | null;
  /** Redis commands per query (server-wide commandstats delta); null without Redis. */
  readonly redisPerQuery: number | null;
  readonly rssMb: number;
  readonly rssPeakMb: number;
}

const MB = 1024 * 1024;

/** Samples `rss()` every `everyMs` until stopped. */
export function sampleRss(rss: () => number, everyMs = 1000): { samples: number[]; stop(): number[] } {
  const samples: number[] = [rss()];
  const timer = setInterval(() => samples.push(rss()), everyMs);
  return { samples, stop: () => (clearInterval(timer), samples.push(rss()), samples) };
}

async function around<T extends { timing: Timing }>(
  scenario: ScenarioName,
  target: Target,
  probe: Probe,
  mode: ScenarioResult['mode'],
  run: () => Promise<T>,
  redisExcluded = () => 0,
): Promise<{ result: ScenarioResult; out: T }> {
  const counts0 = probe.counts();
  const redis0 = probe.redis ? await probe.redis.commands() : null;
  const rss = sampleRss(() => target.rssBytes());
  const out = await run();
  const samples = rss.stop();
  const redis1 = probe.redis ? await probe.redis.commands() : null;
  const n = Math.max(1, out.timing.sent);
  const counts1 = probe.counts();
  const up = grown(counts0, counts1);
  const bySource = Object.fromEntries(
    Object.entries(counts1)
      .map(([id, c]) => [id, (c - (counts0[id] ?? 0)) / n])
      .filter(([, c]) => c !== 0),
  );
  const result: ScenarioResult = {
    scenario,
    target: target.name,
    mode,
    ...out.timing,
    upstreamPerQuery: up.calls / n,
    upstreamBySource: bySource,
    sourcesPerQuery: null,
    queriesOverSources: null,
    redisPerQuery: redis0 === null || redis1 === null ? null : (redis1 - redis0 - redisExcluded()) / n,
    rssMb: samples.at(-1)! / MB,
    rssPeakMb: Math.max(...samples) / MB,
  };
  return { result, out };
}

/** Closed-loop load (autocannon) over `bodies`. */
export async function loadScenario(
  scenario: ScenarioName,
  target: Target,
  bodies: readonly string[],
  opts: { seconds: number; connections: number; onAnswer?: OnAnswer },
  probe: Probe,
): Promise<ScenarioResult> {
  return (
    await around(scenario, target, probe, 'load', async () => ({ timing: await runLoad(target.url, bodies, opts) }))
  ).result;
}

/** Time for a target's write-behind (cache writes sent after the response) to reach Redis. */
const SETTLE_MS = 250;
const settle = () => new Promise<void>((r) => setTimeout(r, SETTLE_MS));

/** One request at a time (within a time budget), each one's upstream cost attributed to it. */
export async function sequentialScenario(
  scenario: ScenarioName,
  target: Target,
  bodies: readonly string[],
  probe: Probe,
  opts: { budgetMs: number; timeoutMs: number; before?: () => Promise<void> },
): Promise<{ result: ScenarioResult; runs: SingleRun[] }> {
  let last = probe.counts();
  const upstream = () => {
    const now = probe.counts();
    const g = grown(last, now);
    last = now;
    return g;
  };
  // Redis commands of the `before` hook (a cache flush) are not the queries' own.
  let excluded = 0;
  const redis = probe.redis;
  const hook = opts.before;
  const before =
    hook && redis
      ? async () => {
          // The gateway stores answers after it responds (write-behind): let the previous query's
          // writes land first, so they count as that query's and not as the flush's.
          await settle();
          const a = await redis.commands();
          await hook();
          excluded += (await redis.commands()) - a;
        }
      : hook;
  const { result, out } = await around(
    scenario,
    target,
    probe,
    'sequential',
    async () => {
      const o = await runSequential(target.url, bodies, upstream, { ...opts, before });
      if (redis) await settle(); // the last query's write-behind, before the closing count
      return o;
    },
    () => excluded,
  );
  // Per-query costs over the answered queries: an abandoned one's calls go on after the client gave up.
  const answered = out.runs.filter((r) => r.status === 200);
  const counted = answered.length > 0 ? answered : out.runs;
  const mean = (f: (r: SingleRun) => number) => counted.reduce((a, r) => a + f(r), 0) / Math.max(1, counted.length);
  return {
    result: {
      ...result,
      upstreamPerQuery: mean((r) => r.upstreamCalls),
      sourcesPerQuery: mean((r) => r.sources),
      queriesOverSources: counted.filter((r) => r.upstreamCalls > r.sources).length,
    },
    runs: out.runs,
  };
}

/** RSS growth over a long load: median of the last 3 samples against the median of the first 3 after warm-up. */
export interface Soak {
  readonly result: ScenarioResult;
  readonly samplesMb: readonly number[];
  readonly baselineMb: number;
  readonly endMb: number;
  readonly growth: number;
}

const median3 = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

/** Runs the mixed load for `seconds`, sampling RSS every second after `warmupSeconds`. */
export async function soakScenario(
  target: Target,
  bodies: readonly string[],
  opts: { seconds: number; warmupSeconds: number; connections: number },
  probe: Probe,
): Promise<Soak> {
  if (opts.warmupSeconds > 0)
    await runLoad(target.url, bodies, { seconds: opts.warmupSeconds, connections: opts.connections });
  let samplesMb: number[] = [];
  const { result } = await around('soak', target, probe, 'load', async () => {
    const rss = sampleRss(() => target.rssBytes());
    const timing = await runLoad(target.url, bodies, { seconds: opts.seconds, connections: opts.connections });
    samplesMb = rss.stop().map((b) => b / MB);
    return { timing };
  });
  const baselineMb = median3(samplesMb.slice(0, 3));
  const endMb = median3(samplesMb.slice(-3));
  return { result, samplesMb, baselineMb, endMb, growth: (endMb - baselineMb) / baselineMb };
}
