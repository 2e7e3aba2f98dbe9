/**
 * Shared pieces of the cache e2e tests: a sources file pointing at a sandbox started by the test,
 * GraphQL over real HTTP, a unique Redis key prefix per run (cleaned up), a capturing logger, and a
 * throwaway redis-server on a free port.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Redis } from 'ioredis';
import pino, { type Logger } from 'pino';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { unlinkPrefix } from './redis-keys.js';

/** The shared test Redis. */
export const TEST_REDIS_URL = 'redis://127.0.0.1:6379';

/** A GraphQL answer, loosely typed for assertions. */
export type Gql = {
  data?: Record<string, any> | null;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, any>;
};

/** POSTs an operation; never waits more than 20 s (a hang fails the test instead of stalling it). */
export async function gql(
  graphqlUrl: string,
  query: string,
  variables?: Record<string, unknown>,
  headers: Record<string, string> = {},
): Promise<Gql> {
  const res = await fetch(graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
    signal: AbortSignal.timeout(20_000),
  });
  return (await res.json()) as Gql;
}

/** A key prefix no other run uses: `gwtest:<pid>:<random>:`. */
export function runPrefix(): string {
  return `gwtest:${process.pid}:${randomBytes(4).toString('hex')}:`;
}

/** Deletes every key under `prefix` (SCAN + UNLINK). */
export async function deleteKeys(prefix: string, url = TEST_REDIS_URL): Promise<void> {
  const redis = new Redis(url);
  try {
    await unlinkPrefix(redis, prefix);
  } finally {
    await redis.quit();
  }
}

/** Keys under `prefix` now, via a fresh client. */
export async function keysUnder(prefix: string, url: string): Promise<string[]> {
  const redis = new Redis(url, { maxRetriesPerRequest: 1 });
  try {
    return await redis.keys(`${prefix}*`);
  } finally {
    redis.disconnect();
  }
}

/**
 * Writes a sources file for the sandbox's sources; credentials go through `${ENV}` references whose
 * values are returned (set them in process.env, or pass them to a child process). `extra[id]` adds
 * or overrides keys of one entry (`timeoutMs`, `enabled`…; its `options` are merged into the
 * simulator's own).
 */
export function writeSourcesFile(
  sandbox: Sandbox,
  extra: Record<string, Record<string, unknown>> = {},
  timeoutMs = 3000,
): { file: string; env: Record<string, string> } {
  const dir = mkdtempSync(join(tmpdir(), 'gw-sources-'));
  const tag = randomBytes(3).toString('hex').toUpperCase();
  const env: Record<string, string> = {};
  const lines = ['sources:'];
  for (const s of sandbox.sources) {
    const { options: extraOptions, ...keys } = (extra[s.id] ?? {}) as Record<string, unknown> & {
      options?: Record<string, unknown>;
    };
    const entry: Record<string, unknown> = { timeoutMs, ...keys };
    lines.push(`  - id: ${s.id}`, `    connector: ${s.connector}`, `    baseUrl: ${s.baseUrl}`);
    for (const k of ['token', 'clientId', 'clientSecret'] as const) {
      if (s[k] === undefined) continue;
      const name = `GWTEST_${tag}_${s.id.replace(/-/g, '_').toUpperCase()}_${k.toUpperCase()}`;
      env[name] = s[k]!;
      lines.push(`    ${k}: \${${name}}`);
    }
    for (const [k, v] of Object.entries(entry)) lines.push(`    ${k}: ${JSON.stringify(v)}`);
    const options = { ...s.options, ...extraOptions };
    if (Object.keys(options).length > 0) lines.push(`    options: ${JSON.stringify(options)}`);
  }
  const file = join(dir, 'sources.yaml');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return { file, env };
}

/** What startCachedGateway is built from. */
export interface CachedGatewayOptions {
  /** The sandbox world (size, seed). */
  readonly sandbox?: SandboxOptions;
  /** Per-source keys of the sources file (writeSourcesFile `extra`). */
  readonly sources?: Record<string, Record<string, unknown>>;
  /** More configuration (`REQUEST_DEADLINE_MS`, `CACHE_SWR_SECONDS`…), over the Redis settings. */
  readonly env?: Record<string, string>;
  /** The gateway's cache clock (tests move it instead of sleeping). */
  readonly clock?: () => number;
  readonly logger?: Logger;
}

/**
 * The gateway in-process over a sandbox's simulators, read through a sources file, cached in the real
 * Redis under a key prefix of its own. `close()` stops both and deletes the keys, the file and the
 * credential variables.
 */
export async function startCachedGateway(o: CachedGatewayOptions = {}) {
  const prefix = runPrefix();
  const sandbox = await startSandbox(o.sandbox);
  const written = writeSourcesFile(sandbox, o.sources);
  Object.assign(process.env, written.env);
  const cleanUp = async () => {
    await sandbox.close();
    await deleteKeys(prefix);
    rmSync(dirname(written.file), { recursive: true, force: true });
    for (const k of Object.keys(written.env)) delete process.env[k];
  };
  let gw: Gateway;
  try {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      SOURCES_FILE: written.file,
      REDIS_URL: TEST_REDIS_URL,
      REDIS_KEY_PREFIX: prefix,
      ...o.env,
    });
    gw = await startGateway(config, o.logger ?? pino({ level: 'silent' }), o.clock ? { clock: o.clock } : {});
  } catch (err) {
    await cleanUp();
    throw err;
  }
  return {
    sandbox,
    gw,
    prefix,
    async close() {
      await gw.stop(0);
      await cleanUp();
    },
  };
}

/** A pino logger that keeps every line, parsed. */
export function capturingLogger(level = 'info'): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino(
    { level },
    { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) },
  );
  return { logger, lines };
}

/** A free loopback port (released before use). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** Our own redis-server (no persistence), resolved once it accepts connections. */
export function startRedisServer(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve(child);
    });
    child.once('exit', (code) => reject(new Error(`redis-server exited with ${code}: ${out.slice(-300)}`)));
  });
}

/** Kills a child process and waits for its exit. */
export async function stopProcess(child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill(signal);
  await exited;
}
