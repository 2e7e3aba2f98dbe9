/**
 * `npm run bench`: the gateway (child process, real Redis, unique key prefix) over the seeded
 * sandbox partners (in this process, 50–150 ms per call), then the naive gateway, then the ceiling,
 * each driven through the same scenarios; prints the table and the targets, writes
 * bench/results/latest.{json,md}, deletes the run's Redis keys.
 *
 * Knobs (environment): REDIS_URL (redis://127.0.0.1:6379), BENCH_SECONDS (10 per load scenario),
 * BENCH_CONNECTIONS (10), BENCH_SOAK_SECONDS (60), BENCH_SERVICES (3000), BENCH_SEED (42),
 * BENCH_LATENCY_MS ("50-150"), BENCH_GROUPS (all: "n+1,cold,load"; a subset runs only those
 * scenario groups, e.g. "load" for warm + mixed + soak while tuning).
 */
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CeilingResponses } from './ceiling/server.js';
import { cacheFlusher, type ColdMode } from './flush.js';
import { evaluateGoals } from './goals.js';
import type { ScenarioResult, Soak } from './measure.js';
import { distScript, repoRoot } from './paths.js';
import { GROUPS, runPhase, type Group, type PhaseOptions, type PhaseOutcome, type ScenarioBodies } from './phases.js';
import {
  coldBodies,
  detectFeatures,
  mixedBodies,
  nPlusOneBodies,
  territoriesOf,
  warmBody,
  type SchemaFeatures,
} from './queries.js';
import { connectRedis } from './redis.js';
import { errorsList, goalsList, resultsTable, writeReport } from './report.js';
import { BENCH_RATE_LIMIT, startBenchSandbox, type BenchSandbox } from './sandbox.js';
import { measureSlowestPartner, type SlowestPartner } from './slowest.js';
import { spawnTarget, type Target } from './targets.js';
import { generateWorld } from '../sandbox/generate.js';
import type { SandboxWorld } from '../sandbox/world.js';

const env = process.env;
const int = (name: string, dflt: number) => (env[name] ? Number.parseInt(env[name]!, 10) : dflt);
const [latMin, latMax] = (env.BENCH_LATENCY_MS ?? '50-150').split('-').map(Number) as [number, number?];
const settings = {
  redisUrl: env.REDIS_URL ?? 'redis://127.0.0.1:6379',
  seconds: int('BENCH_SECONDS', 10),
  connections: int('BENCH_CONNECTIONS', 10),
  soakSeconds: int('BENCH_SOAK_SECONDS', 60),
  services: int('BENCH_SERVICES', 3000),
  seed: int('BENCH_SEED', 42),
  latencyMs: { min: latMin, max: latMax ?? latMin },
  groups: (env.BENCH_GROUPS ?? GROUPS.join(','))
    .split(',')
    .map((g) => g.trim())
    .filter((g): g is Group => (GROUPS as readonly string[]).includes(g)),
};
const log = (s: string) => process.stdout.write(`${s}\n`);
const resultsDir = join(repoRoot(), 'bench', 'results');

/** Runs `fn` over fresh simulators of `world`, closed afterwards. */
async function withSandbox<T>(world: SandboxWorld, fn: (sb: BenchSandbox) => Promise<T>): Promise<T> {
  const sb = await startBenchSandbox({ world, latencyMs: settings.latencyMs });
  try {
    return await fn(sb);
  } finally {
    await sb.close();
  }
}

/** Runs `fn` against a started target, stopped afterwards (also on SIGINT/SIGTERM of the bench). */
async function withTarget<T>(started: Promise<Target>, fn: (t: Target) => Promise<T>): Promise<T> {
  const target = await started;
  const onSignal = () => void target.stop().then(() => process.exit(130));
  process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
  try {
    return await fn(target);
  } finally {
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
    await target.stop();
  }
}

/**
 * Runs each scenario group over fresh simulators and a fresh target process, so no group inherits
 * another's partner throttling (DORA and les emplois allow 120 requests a minute) or caches.
 */
async function eachGroup(
  world: SandboxWorld,
  run: (sb: BenchSandbox, group: Group, index: number) => Promise<PhaseOutcome>,
): Promise<PhaseOutcome> {
  const all: PhaseOutcome = { results: [], answers: new Map(), soak: null };
  let soak: Soak | null = null;
  for (const [i, group] of settings.groups.entries()) {
    const out = await withSandbox(world, (sb) => run(sb, group, i));
    all.results.push(...out.results);
    for (const [k, v] of out.answers) all.answers.set(k, v);
    soak ??= out.soak;
  }
  return { ...all, soak };
}

async function main(): Promise<void> {
  const started = Date.now();
  const redis = await connectRedis(settings.redisUrl);
  const prefix = `bench:${process.pid}-${started}:`;
  log(
    `bench: sandbox of ${settings.services} services, seed ${settings.seed}, partner latency ${settings.latencyMs.min}-${settings.latencyMs.max} ms`,
  );
  const world = generateWorld({ seed: settings.seed, services: settings.services });
  const territories = territoriesOf(world);
  const phase: PhaseOptions = {
    seconds: settings.seconds,
    warmupSeconds: 2,
    connections: settings.connections,
    soakSeconds: settings.soakSeconds,
    log,
  };
  const logFile = (name: string) => join(resultsDir, `${name}.log`);
  try {
    log(`bench: slowest partner, measured directly on ${territories.coldCommunes.length} cold communes`);
    const slowest = await withSandbox(world, (sb) =>
      measureSlowestPartner(
        sb.sandbox.sources,
        territories.coldCommunes.map((codeCommune) => ({ codeCommune })),
        settings.latencyMs.max,
      ),
    );

    log('bench: gateway (child processes, Redis-backed)');
    const adminToken = randomBytes(16).toString('hex');
    let features: SchemaFeatures | null = null;
    let built: ScenarioBodies | null = null;
    const bodiesFor = async (t: Target): Promise<ScenarioBodies> => {
      features ??= await detectFeatures(t.url);
      return (built ??= {
        warm: warmBody(territories, features),
        cold: coldBodies(territories),
        nPlusOne: nPlusOneBodies(territories, features),
        mixed: mixedBodies(territories, settings.seed),
      });
    };
    let coldMode: ColdMode = 'unseen-communes';
    const g = await eachGroup(world, async (sb, group, i) => {
      // One client drives every scenario: neither its request rate nor a per-consumer share of the partners' budgets may throttle the bench itself.
      const env = {
        ...sb.env,
        SOURCES_FILE: sb.sourcesFile,
        REDIS_URL: settings.redisUrl,
        REDIS_KEY_PREFIX: `${prefix}${i}:`,
        LOG_LEVEL: 'warn',
        SHUTDOWN_GRACE_MS: '2000',
        ADMIN_TOKEN: adminToken,
        ANONYMOUS_RATE_LIMIT: BENCH_RATE_LIMIT,
        PARTNER_CONSUMER_SHARE: '1',
      };
      return withTarget(
        spawnTarget('gateway', distScript('src/main.js'), env, { path: '/graphql', logFile: logFile(`gateway-${i}`) }),
        async (t) => {
          const flusher = cacheFlusher(
            t.url,
            adminToken,
            sb.sandbox.sources.map((s) => s.id),
            log,
          );
          const out = await runPhase(
            t,
            await bodiesFor(t),
            { counts: sb.counts, redis },
            { ...phase, beforeCold: flusher.flush },
            [group],
          );
          if (group === 'cold') coldMode = flusher.mode();
          return out;
        },
      );
    });
    const bodies = built as ScenarioBodies | null;
    if (!bodies || !features) throw new Error('bench: no gateway phase ran');

    log('bench: naive gateway (child processes, no cache, no loaders)');
    const n = await eachGroup(world, (sb, group, i) =>
      withTarget(
        spawnTarget(
          'naive',
          distScript('bench/naive/main.js'),
          { ...sb.env, SOURCES_FILE: sb.sourcesFile },
          { path: '/', logFile: logFile(`naive-${i}`) },
        ),
        (t) => runPhase(t, bodies, { counts: sb.counts, redis }, { ...phase, soakSeconds: 0 }, [group]),
      ),
    );

    log("bench: ceiling (bare node:http replaying the gateway's answers)");
    const responsesFile = join(resultsDir, 'ceiling-responses.json');
    const responses: CeilingResponses = {
      byBody: Object.fromEntries(g.answers),
      fallback: g.answers.get(bodies.warm) ?? '{}',
    };
    writeFileSync(responsesFile, JSON.stringify(responses));
    const c = await withTarget(
      spawnTarget(
        'ceiling',
        distScript('bench/ceiling/main.js'),
        { CEILING_RESPONSES: responsesFile },
        { path: '/graphql', logFile: logFile('ceiling') },
      ),
      (t) => runPhase(t, bodies, { counts: () => ({}), redis }, { ...phase, soakSeconds: 0 }, settings.groups),
    );

    finish(started, [...g.results, ...n.results, ...c.results], slowest, g.soak, {
      serviceCommuneField: (features as SchemaFeatures).serviceCommuneField,
      coldMode,
    });
  } finally {
    const deleted = await redis.deletePrefix(prefix);
    log(`bench: deleted ${deleted} Redis keys under ${prefix}`);
    await redis.close();
  }
}

/** Goals, table, files. */
function finish(
  started: number,
  all: ScenarioResult[],
  slowest: SlowestPartner,
  soak: Soak | null,
  facts: { serviceCommuneField: string | null; coldMode: ColdMode },
): void {
  const order = ['cold', 'n+1', 'warm', 'mixed', 'soak'];
  const results = [...all].sort((a, b) => order.indexOf(a.scenario) - order.indexOf(b.scenario));
  const goals = evaluateGoals({ results, slowest, soak, coldMode: facts.coldMode });
  const { result: _r, ...soakRest } = soak ?? { result: null };
  const report = {
    startedAt: new Date(started).toISOString(),
    durationSeconds: (Date.now() - started) / 1000,
    settings: {
      ...settings,
      redisUrl: settings.redisUrl.replace(/\/\/[^@/]*@/, '//***@'),
      node: process.version,
      ...facts,
    },
    results,
    slowestPartner: slowest,
    soak: soak ? (soakRest as Omit<Soak, 'result'>) : null,
    goals,
  };
  const files = writeReport(resultsDir, report);
  log(
    `\n${resultsTable(results)}\n\nTargets:\n${goalsList(goals)}\n\nErrors:\n${errorsList(results)}\n\nwritten: ${files.json}, ${files.md}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
