/** Paths the bench needs whether it runs from bench/ (tests, tsx) or dist/bench/ (npm run bench). */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root: the nearest ancestor of this module holding a package.json. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const up = dirname(dir);
    if (up === dir) throw new Error('bench: no package.json above the bench module');
    dir = up;
  }
  return dir;
}

/** A compiled entry point under dist/ (children always run compiled JavaScript). */
export function distScript(relative: string): string {
  return join(repoRoot(), 'dist', relative);
}
