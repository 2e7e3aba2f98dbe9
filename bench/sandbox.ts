/**
 * The partners of the benchmark: every sandbox simulator, started in the bench process so their
 * request counters are readable, and a sources file that points a gateway child process at them
 * (credentials passed as `${ENV}` references, the way a production sources file declares them).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { SourceConfig } from '../connectors/connector.js';
import { startSandbox, type Sandbox } from '../sandbox/embedded.js';
import type { SandboxWorld } from '../sandbox/world.js';

/** The started partners, their counters and the sources file describing them. */
export interface BenchSandbox {
  readonly sandbox: Sandbox;
  /** Path of a JSON sources file (YAML superset) pointing at the simulators. */
  readonly sourcesFile: string;
  /** Environment the sources file's `${…}` references need. */
  readonly env: Readonly<Record<string, string>>;
  /** Requests every simulator has served so far, by source id. */
  counts(): Record<string, number>;
  /** Sum of `counts()`. */
  upstreamCalls(): number;
  /** Frees the simulators' request logs (their counters stay cumulative here). */
  compact(): void;
  close(): Promise<void>;
}

const SECRET_KEYS = ['token', 'clientId', 'clientSecret'] as const;

/** ANONYMOUS_RATE_LIMIT of the benchmarked gateway: its load comes from one IP and must never be refused. */
export const BENCH_RATE_LIMIT = '100000000/1';

/** Rewrites each source's secrets as `${BENCH_<ID>_<KEY>}` references and collects their values. */
export function sourcesDocument(sources: readonly SourceConfig[]): {
  doc: { sources: object[] };
  env: Record<string, string>;
} {
  const env: Record<string, string> = {};
  const out = sources.map((s) => {
    const entry: Record<string, unknown> = { id: s.id, connector: s.connector, baseUrl: s.baseUrl };
    if (s.options) entry.options = s.options;
    for (const k of SECRET_KEYS) {
      const value = s[k];
      if (value === undefined) continue;
      const name = `BENCH_${s.id.replace(/-/g, '_').toUpperCase()}_${k.toUpperCase()}`;
      env[name] = value;
      entry[k] = `\${${name}}`;
    }
    return entry;
  });
  return { doc: { sources: out }, env };
}

/**
 * Starts every simulator over `world` with the given partner latency and writes its sources file.
 * Each target gets fresh simulators, so partners' rate budgets (DORA: 120 requests a minute) start
 * full for each one.
 */
export async function startBenchSandbox(opts: {
  world: SandboxWorld;
  latencyMs: { min: number; max: number };
}): Promise<BenchSandbox> {
  const sandbox = await startSandbox({ world: opts.world, latencyMs: opts.latencyMs });
  const dir = mkdtempSync(join(tmpdir(), 'bench-sources-'));
  const sourcesFile = join(dir, 'sources.json');
  const { doc, env } = sourcesDocument(sandbox.sources);
  writeFileSync(sourcesFile, JSON.stringify(doc, null, 2));
  const base: Record<string, number> = {};
  const counts = () =>
    Object.fromEntries(Object.entries(sandbox.simulators).map(([id, sim]) => [id, (base[id] ?? 0) + sim.count()]));
  return {
    sandbox,
    sourcesFile,
    env,
    counts,
    upstreamCalls: () => Object.values(counts()).reduce((a, b) => a + b, 0),
    compact: () => {
      for (const [id, sim] of Object.entries(sandbox.simulators)) {
        base[id] = (base[id] ?? 0) + sim.count();
        sim.reset();
      }
    },
    close: async () => {
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Counts per source that grew between two `counts()` snapshots. */
export function grown(
  before: Record<string, number>,
  after: Record<string, number>,
): { calls: number; sources: number } {
  let calls = 0;
  let sources = 0;
  for (const [id, n] of Object.entries(after)) {
    const d = n - (before[id] ?? 0);
    calls += d;
    if (d > 0) sources += 1;
  }
  return { calls, sources };
}
