/**
 * The whole gateway (startGateway: real HTTP server, source-report plugin, registry, federation)
 * over the partner simulators of a sandbox world (startSandbox), wired through a sources file the
 * way an operator would, plus a `gql` client. Credentials go through uniquely named environment
 * variables, removed by `stop()`.
 */
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import pino from 'pino';
import { startSandbox, type Sandbox, type SandboxOptions } from '../../sandbox/embedded.js';
import { loadConfig } from '../../src/config.js';
import { startGateway, type Gateway } from '../../src/gateway.js';
import { gql as post, type Gql, writeSourcesFile } from './cache-e2e.js';
import { ALL_SCOPES, signToken, TEST_JWT_SECRET } from './credentials.js';

export type { Gql } from './cache-e2e.js';

// Further than any TTL, stale-while-revalidate or stale-if-error window of the default configuration.
const EXPIRE_ALL_MS = 3 * 86_400_000;

/**
 * Starts the simulators of a world and a gateway reading them through a sources file. The gateway's
 * caches run on a clock `expireCaches()` moves past every entry's life, so a test can ask the
 * partners again (answers are cached, and stale-if-error would hide a scripted failure).
 */
export async function startSandboxGateway(
  opts: SandboxOptions & { timeoutMs?: number; scopes?: readonly string[] } = {},
) {
  let offsetMs = 0;
  const clock = () => Date.now() + offsetMs;
  const sandbox: Sandbox = await startSandbox(opts);
  const written = writeSourcesFile(sandbox, {}, opts.timeoutMs ?? 5000);
  Object.assign(process.env, written.env);
  let gw: Gateway;
  try {
    gw = await startGateway(
      loadConfig({ PORT: '0', HOST: '127.0.0.1', SOURCES_FILE: written.file, JWT_SECRET: TEST_JWT_SECRET }),
      pino({ level: 'silent' }),
      { clock },
    );
  } catch (err) {
    await sandbox.close();
    rmSync(dirname(written.file), { recursive: true, force: true });
    for (const n of Object.keys(written.env)) delete process.env[n];
    throw err;
  }

  // A partner holding every scope by default (contacts included): these tests are about the data, not access.
  const authorization = `Bearer ${await signToken('sandbox-test', opts.scopes ?? ALL_SCOPES)}`;
  const gql = (query: string, variables?: Record<string, unknown>): Promise<Gql> =>
    post(gw.graphqlUrl, query, variables, { authorization });

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
      rmSync(dirname(written.file), { recursive: true, force: true });
      for (const n of Object.keys(written.env)) delete process.env[n];
    },
  };
}

/** A started sandbox gateway. */
export type SandboxGateway = Awaited<ReturnType<typeof startSandboxGateway>>;
