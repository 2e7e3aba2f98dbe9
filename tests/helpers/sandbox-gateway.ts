/**
 * The whole gateway (startGateway: real HTTP server, source-report plugin, registry, federation)
 * over the partner simulators of a sandbox world (startSandbox), wired through a sources file the
 * way an operator would, plus a `gql` client. Credentials go through uniquely named environment
 * variables, removed by `stop()`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';

/** A GraphQL answer as tests read it. */
export type Gql = {
  data?: Record<string, any>;
  errors?: Array<{ message: string; path?: unknown[]; extensions?: Record<string, unknown> }>;
  extensions?: Record<string, any>;
};

// Further than any TTL, stale-while-revalidate or stale-if-error window of the default configuration.
const EXPIRE_ALL_MS = 3 * 86_400_000;

/**
 * Starts the simulators of a world and a gateway reading them through a sources file. The gateway's
 * caches run on a clock `expireCaches()` moves past every entry's life, so a test can ask the
 * partners again (answers are cached, and stale-if-error would hide a scripted failure).
 */
export async function startSandboxGateway(opts: SandboxOptions & { timeoutMs?: number } = {}) {
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  const sandbox: Sandbox = await startSandbox(opts);
  const dir = mkdtempSync(join(tmpdir(), 'gw-sandbox-'));
  const prefix = `GWSB_${randomBytes(4).toString('hex').toUpperCase()}`;
  const envNames: string[] = [];
  const lines = ['sources:'];
  for (const s of sandbox.sources) {
    lines.push(`  - id: ${s.id}`, `    connector: ${s.connector}`, `    baseUrl: ${s.baseUrl}`, `    timeoutMs: ${opts.timeoutMs ?? 5000}`);
    for (const k of ['token', 'clientId', 'clientSecret'] as const) {
      if (s[k] === undefined) continue;
      const name = `${prefix}_${s.id.replace(/-/g, '_').toUpperCase()}_${k.toUpperCase()}`;
      process.env[name] = s[k];
      envNames.push(name);
      lines.push(`    ${k}: \${${name}}`);
    }
    if (s.options && Object.keys(s.options).length > 0) lines.push(`    options: ${JSON.stringify(s.options)}`);
  }
  writeFileSync(join(dir, 'sources.yaml'), lines.join('\n') + '\n');
  let gw: Gateway;
  try {
    gw = await startGateway(loadConfig({ PORT: '0', HOST: '127.0.0.1', SOURCES_FILE: join(dir, 'sources.yaml') }), pino({ level: 'silent' }), { clock });
  } catch (err) {
    await sandbox.close();
    throw err;
  }

  async function gql(query: string, variables?: Record<string, unknown>): Promise<Gql> {
    const res = await fetch(gw.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables }) });
    return (await res.json()) as Gql;
  }

  return {
    sandbox,
    gateway: gw,
    gql,
    /** Every cached answer and response is expired from now on (background refreshes finished first). */
    async expireCaches() {
      await gw.drainCache();
      offsetMs += EXPIRE_ALL_MS;
    },
    async stop() {
      await gw.stop(0);
      await sandbox.close();
      rmSync(dir, { recursive: true, force: true });
      for (const n of envNames) delete process.env[n];
    },
  };
}

/** A started sandbox gateway. */
export type SandboxGateway = Awaited<ReturnType<typeof startSandboxGateway>>;
