/**
 * What the benchmark drives: the real gateway, the naive gateway and the ceiling, each a GraphQL
 * endpoint with a way to read its memory. The bench runs each one as a child process so its RSS
 * is its own (not the simulators' nor autocannon's), and so it gets a core of its own; tests use
 * in-process targets instead.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, readFileSync } from 'node:fs';
import { createServer } from 'node:net';

/** The three kinds of target, in the order the bench runs them. */
export type TargetName = 'gateway' | 'naive' | 'ceiling';

/** A running target. */
export interface Target {
  readonly name: TargetName;
  /** The GraphQL endpoint. */
  readonly url: string;
  /** Resident set size of the process serving it, in bytes. */
  rssBytes(): number;
  stop(): Promise<void>;
}

/** A target served by this very process (tests): its RSS is this process's. */
export function inProcessTarget(name: TargetName, url: string, stop: () => Promise<void>): Target {
  return { name, url, rssBytes: () => process.memoryUsage().rss, stop };
}

/** A free loopback port (tiny race between closing and the child binding it; fine on a bench machine). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** VmRSS of a process from /proc (Linux), in bytes; NaN where /proc is missing. */
export function rssOfPid(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : NaN;
  } catch {
    return NaN;
  }
}

/** Polls the endpoint with `{ __typename }` until it answers 200, or fails when the child dies or time runs out. */
async function waitUntilServing(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`target exited with code ${child.exitCode} before serving`);
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{"query":"{ __typename }"}',
      });
      await res.arrayBuffer();
      if (res.ok) return;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`target at ${url} did not answer within ${timeoutMs} ms`);
}

/** Sends SIGTERM and waits for the exit; SIGKILL after `graceMs`. */
function terminate(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/** Spawns `node <script>` with `env` (PORT and HOST added), logs to `logFile`, and waits until it serves `path`. */
export async function spawnTarget(
  name: TargetName,
  script: string,
  env: Record<string, string>,
  opts: { path: string; logFile: string },
): Promise<Target> {
  const port = await freePort();
  const child = spawn(process.execPath, [script], {
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(opts.logFile);
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const url = `http://127.0.0.1:${port}${opts.path}`;
  try {
    await waitUntilServing(url, child, 60_000);
  } catch (err) {
    await terminate(child, 2_000);
    throw new Error(`${name}: ${(err as Error).message} (see ${opts.logFile})`);
  }
  return { name, url, rssBytes: () => rssOfPid(child.pid ?? -1), stop: () => terminate(child, 10_000) };
}
