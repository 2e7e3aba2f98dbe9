/**
 * Gateway processes for multi-replica tests: `node dist/src/main.js` (built by `npm test`'s pretest,
 * or here when stale), each resolved with its GraphQL URL once it logs that it listens.
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const ROOT = join(dirname(new URL(import.meta.url).pathname), '..', '..');
export const MAIN = join(ROOT, 'dist', 'src', 'main.js');

/** True when dist/ exists and is newer than every source file it is built from. */
export function isBuilt(): boolean {
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
  return ['src', 'connectors', 'cache', 'resolvers', 'graphql', 'sandbox', 'scripts'].every(
    (d) => newest(join(ROOT, d)) <= built,
  );
}

/** `npm test` builds first (pretest); a bare `npx vitest run` gets the same build here when dist/ is missing or stale. */
export function ensureBuilt(): void {
  if (isBuilt()) return;
  try {
    execFileSync(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json'],
      { cwd: ROOT, stdio: 'pipe', timeout: 120_000 },
    );
  } catch (err) {
    const out = (err as { stdout?: Buffer }).stdout?.toString() ?? '';
    throw new Error(`dist/ is missing or stale and \`npm run build\` failed:\n${out.slice(0, 2000)}`);
  }
}

/** Starts one gateway process (added to `children`, for the test to stop) and resolves with its GraphQL URL, read from its "listening" log line. */
export function startReplica(env: Record<string, string>, children: ChildProcess[]): Promise<string> {
  const child = spawn(process.execPath, [MAIN], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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
