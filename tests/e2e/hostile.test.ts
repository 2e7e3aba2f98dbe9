/**
 * The gateway as a process (`node dist/src/main.js` on the embedded default) against hostile
 * requests: the shapes that used to crash, wedge or starve it, then a generated suite of 300+. It
 * must answer every one (never a 5xx, never a dropped connection) within the deadline plus one
 * second, keep answering /healthz within a second throughout, stay alive, give its memory back, and
 * still stop on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stopProcess } from '../helpers/cache-e2e.js';
import {
  type HostileAnswer,
  type HostileRequest,
  hostileSuite,
  knownShapes,
  sendHostile,
} from '../helpers/hostile-requests.js';

const MAIN = new URL('../../dist/src/main.js', import.meta.url).pathname;
const DEADLINE_MS = 3_000;
/** Within this after the deadline, every request is answered (the behaviour asked). */
const ANSWER_BOUND_MS = DEADLINE_MS + 1_000;
/**
 * Slowest /healthz while a hostile request runs: elapsed time is the behaviour asked (no request
 * starves the event loop). Generous for a busy shared 2-core machine, yet under DEADLINE_MS, so a
 * request that blocked the loop for its whole deadline still fails.
 */
const HEALTH_BOUND_MS = 2_500;
/** Once a hostile request is answered, /healthz answers within this (the behaviour asked). */
const HEALTH_AFTER_MS = 1_000;
/** Requests in flight at once: light on a shared 2-core machine. */
const CONCURRENCY = 3;

/** The child's resident memory in bytes (Linux /proc). */
function rssOf(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  return Number(kb) * 1024;
}

/** Starts the gateway process; resolves with its base URL once it logs that it listens. */
function startGatewayProcess(): Promise<{ child: ChildProcess; baseUrl: string; output: string[] }> {
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...process.env,
      PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      SANDBOX_SCALE: '300',
      REQUEST_DEADLINE_MS: String(DEADLINE_MS),
      SHUTDOWN_GRACE_MS: '5000',
      REDIS_URL: '',
      SOURCES_FILE: '',
      // Every request comes from one address: the per-IP limit would answer most of the suite 429 before its shape is judged.
      ANONYMOUS_RATE_LIMIT: '100000/60',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  return new Promise((resolve, reject) => {
    // The last lines are kept for failure messages; the start banner gives the URL.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      output.push(line);
      if (output.length > 200) output.shift();
      const url = /"url":"(http:\/\/[^"]+)\/graphql"/.exec(line)?.[1];
      if (url) resolve({ child, baseUrl: url, output });
    });
    createInterface({ input: child.stderr! }).on('line', (line) => output.push(`stderr: ${line}`));
    child.once('exit', (code) =>
      reject(new Error(`gateway exited with ${code} before listening: ${output.slice(-20).join('\n')}`)),
    );
  });
}

/** Polls /healthz back to back (with a short pause) until stopped; reports the slowest answer and any failure. */
function healthMonitor(baseUrl: string) {
  let stopped = false;
  const seen = { polls: 0, failures: 0, slowestMs: 0 };
  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      const ok = await fetch(`${baseUrl}/healthz`, { signal: AbortSignal.timeout(10_000) }).then(
        (r) => r.status === 200,
        () => false,
      );
      seen.polls++;
      if (!ok) seen.failures++;
      seen.slowestMs = Math.max(seen.slowestMs, performance.now() - started);
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      return seen;
    },
  };
}

/** Runs requests with at most `concurrency` in flight; answers in request order. */
async function runPool(
  requests: readonly HostileRequest[],
  concurrency: number,
  send: (r: HostileRequest) => Promise<HostileAnswer>,
): Promise<HostileAnswer[]> {
  const answers: HostileAnswer[] = new Array(requests.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) {
        const i = next++;
        answers[i] = await send(requests[i]!);
      }
    }),
  );
  return answers;
}

describe('hostile requests against the gateway process', () => {
  let gw: Awaited<ReturnType<typeof startGatewayProcess>>;
  beforeAll(async () => {
    gw = await startGatewayProcess();
  });
  afterAll(async () => {
    if (gw) await stopProcess(gw.child);
  });
  const send = (r: HostileRequest) => sendHostile(gw.baseUrl, r, ANSWER_BOUND_MS + 5_000);
  const healthy = () =>
    fetch(`${gw.baseUrl}/healthz`, { signal: AbortSignal.timeout(HEALTH_AFTER_MS) }).then(
      (r) => r.status,
      () => 0,
    );

  it.each(knownShapes().map((r) => [r.name, r] as const))(
    'answers "%s" with a 4xx or partial data, and /healthz within 1 s after',
    async (_name, request) => {
      const monitor = healthMonitor(gw.baseUrl);
      const answer = await send(request);
      const seen = await monitor.stop();
      expect(answer.status, `${request.name}: ${gw.output.slice(-5).join('\n')}`).toBeGreaterThanOrEqual(200);
      expect(answer.status).toBeLessThan(500);
      expect(answer.elapsedMs).toBeLessThan(ANSWER_BOUND_MS);
      expect(answer.bytes).toBeLessThan(64 * 1024);
      expect(await healthy()).toBe(200);
      expect(seen.failures).toBe(0);
      expect(seen.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
      expect(gw.child.exitCode).toBeNull();
    },
  );

  it('survives a suite of 300+ hostile requests: no 5xx, no dropped connection, every answer in time, /healthz throughout, memory given back', async () => {
    const suite = hostileSuite();
    expect(suite.length).toBeGreaterThanOrEqual(300);
    const baseline = rssOf(gw.child.pid!);
    const monitor = healthMonitor(gw.baseUrl);
    const answers = await runPool(suite, CONCURRENCY, send);
    const seen = await monitor.stop();
    const byCategory = new Map<string, { sent: number; statuses: Map<number, number> }>();
    suite.forEach((r, i) => {
      const c = byCategory.get(r.category) ?? { sent: 0, statuses: new Map<number, number>() };
      c.sent++;
      c.statuses.set(answers[i]!.status, (c.statuses.get(answers[i]!.status) ?? 0) + 1);
      byCategory.set(r.category, c);
    });
    const slowest = Math.max(...answers.map((a) => a.elapsedMs));
    console.log(
      `abuse suite: ${suite.length} requests in ${byCategory.size} categories (${[...byCategory].map(([k, v]) => `${k} ${v.sent}: ${[...v.statuses].map(([s, n]) => `${s}×${n}`).join(' ')}`).join('; ')}); slowest answer ${Math.round(slowest)} ms; /healthz ${seen.polls} polls, slowest ${Math.round(seen.slowestMs)} ms; RSS ${Math.round(baseline / 1e6)} MB before`,
    );
    const slowestFive = suite
      .map((r, i) => [r, answers[i]!] as const)
      .sort((a, b) => b[1].elapsedMs - a[1].elapsedMs)
      .slice(0, 5);
    console.log(
      `abuse suite: slowest ${slowestFive.map(([r, a]) => `${r.category} / ${r.name} ${Math.round(a.elapsedMs)} ms`).join('; ')}`,
    );
    const bad = suite.flatMap((r, i) =>
      answers[i]!.status === 0 || answers[i]!.status >= 500 || answers[i]!.elapsedMs >= ANSWER_BOUND_MS
        ? [`${r.category} / ${r.name}: ${answers[i]!.status} in ${Math.round(answers[i]!.elapsedMs)} ms`]
        : [],
    );
    expect(bad, gw.output.slice(-10).join('\n')).toEqual([]);
    expect(seen.failures).toBe(0);
    expect(seen.slowestMs).toBeLessThan(HEALTH_BOUND_MS);
    expect(gw.child.exitCode).toBeNull();
    // Memory comes back: wait (on the condition, not a fixed time) for RSS under baseline + 256 MB.
    const bound = baseline + 256 * 1024 * 1024;
    await expect.poll(() => rssOf(gw.child.pid!), { timeout: 20_000, interval: 200 }).toBeLessThan(bound);
    console.log(
      `abuse suite: RSS ${Math.round(rssOf(gw.child.pid!) / 1e6)} MB after (bound ${Math.round(bound / 1e6)} MB)`,
    );
  });

  it('still stops cleanly on SIGTERM', async () => {
    expect(await healthy()).toBe(200);
    const exited = new Promise<number | null>((resolve) => gw.child.once('exit', (code) => resolve(code)));
    gw.child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
