/**
 * Request coalescing across replicas: three gateway PROCESSES (`node dist/src/main.js`, built by
 * `npm test`'s pretest, or here when stale) share one Redis and one set of partner simulators started here. Thirty
 * concurrent identical cold queries spread over them make exactly one call to the partner.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../sandbox/embedded.js';
import { deleteKeys, gql, runPrefix, stopProcess, TEST_REDIS_URL, writeSourcesFile } from '../helpers/cache-e2e.js';

const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');
const MAIN = join(ROOT, 'dist', 'src', 'main.js');
const PREFIX = runPrefix();
/** One source, one list call: DORA's services need its /services and /structures routes, once each. */
const QUERY = '{ services(filter: { sources: ["dora"] }, first: 5) { totalCount edges { node { id nom } } } }';

let sandbox: Sandbox;
let sourcesFile: string;
const children: ChildProcess[] = [];
const urls: string[] = [];

/** True when dist/ exists and is newer than every source file it is built from. */
function isBuilt(): boolean {
  let built: number;
  try {
    built = statSync(MAIN).mtimeMs;
  } catch {
    return false;
  }
  const newest = (dir: string): number =>
    readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
      const p = join(dir, e.name);
      if (e.isDirectory()) return Math.max(max, newest(p));
      return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? Math.max(max, statSync(p).mtimeMs) : max;
    }, 0);
  return ['src', 'connectors', 'cache', 'resolvers', 'graphql', 'sandbox'].every((d) => newest(join(ROOT, d)) <= built);
}

/** `npm test` builds first (pretest); a bare `npx vitest run` gets the same build here when dist/ is missing or stale. */
function ensureBuilt(): void {
  if (isBuilt()) return;
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'], { cwd: ROOT, stdio: 'pipe', timeout: 120_000 });
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`dist/ is missing or stale and \`npm run build\` failed:\n${out.slice(0, 2000)}`);
  }
}

/** Starts one gateway process and resolves with its GraphQL URL, read from its "listening" log line. */
function startReplica(env: Record<string, string>): Promise<string> {
  const child = spawn(process.execPath, [MAIN], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`gateway did not start within 30 s: ${err.slice(-500)}`)), 30_000);
    child.stderr!.on('data', (chunk: Buffer) => void (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      for (const line of out.split('\n')) {
        const m = /"url":"(http:\/\/[^"]+\/graphql)"/.exec(line);
        if (m && line.includes('listening on')) {
          clearTimeout(timer);
          resolve(m[1]!);
        }
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`gateway exited with ${code}: ${err.slice(-500)}`));
    });
  });
}

beforeAll(async () => {
  ensureBuilt();
  sandbox = await startSandbox({ services: 300, seed: 5 });
  const written = writeSourcesFile(sandbox);
  sourcesFile = written.file;
  const env = { ...written.env, PORT: '0', HOST: '127.0.0.1', SOURCES_FILE: sourcesFile, REDIS_URL: TEST_REDIS_URL, REDIS_KEY_PREFIX: PREFIX, LOG_LEVEL: 'info' };
  urls.push(...(await Promise.all([startReplica(env), startReplica(env), startReplica(env)])));
}, 180_000);

afterAll(async () => {
  await Promise.all(children.map((c) => stopProcess(c, 'SIGTERM')));
  await sandbox?.close();
  await deleteKeys(PREFIX);
  if (sourcesFile) rmSync(dirname(sourcesFile), { recursive: true, force: true });
});

/** A counter of one replica's /metrics for DORA (0 when absent). */
async function counter(graphqlUrl: string, name: string): Promise<number> {
  const text = await (await fetch(graphqlUrl.replace(/\/graphql$/, '/metrics'))).text();
  return Number(new RegExp(`^${name}\\{source="dora"\\} (\\d+)`, 'm').exec(text)?.[1] ?? 0);
}

describe('three gateway processes sharing one Redis', () => {
  it('make exactly one partner call for 30 concurrent identical cold queries spread over them', async () => {
    expect(new Set(urls).size).toBe(3);
    const dora = sandbox.simulators.dora!;
    dora.reset();
    const answers = await Promise.all(Array.from({ length: 30 }, (_, i) => gql(urls[i % 3]!, QUERY)));
    for (const a of answers) expect(a.errors).toBeUndefined();
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers[0]!.data!.services.totalCount).toBeGreaterThan(0);
    expect(dora.count('/api/v2/services')).toBe(1);
    expect(dora.count('/api/v2/structures')).toBe(1);
    expect(dora.count()).toBe(2);
    // Across the replicas: one fetch, every other answer joined it (or, arriving late, read what it stored).
    const sum = async (name: string) => (await Promise.all(urls.map((u) => counter(u, name)))).reduce((a, b) => a + b, 0);
    expect(await sum('gateway_cache_fetches_total')).toBe(1);
    const joined = (await sum('gateway_cache_coalesced_waits_total')) + (await sum('gateway_cache_hits_total'));
    expect(joined).toBe(29);
  });
});
