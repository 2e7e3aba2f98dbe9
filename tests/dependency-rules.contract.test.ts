import { execFile } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

// The rules of .dependency-cruiser.cjs run by the real dependency-cruiser over a tiny synthetic tree
// laid out like the repository: clean, it passes; with one planted file (or line) per rule, each rule
// is named against the file that breaks it. Imports use NodeNext `.js` specifiers naming `.ts` files.

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const depcruise = join(repo, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs');
const folders = ['src', 'graphql', 'resolvers', 'connectors', 'cache', 'sandbox', 'bench', 'scripts'];

type Tree = Record<string, string>;

const clean: Tree = {
  'src/domain/offre.ts': `export interface Offre { id: string }\nexport const kinds = ['service'];\n`,
  'src/errors.ts': `export class GatewayError extends Error {}\n`,
  'src/merge/merge.ts': `import type { Offre } from '../domain/offre.js';\nexport const merged = (o: Offre[]) => o;\n`,
  'cache/store.ts': `export interface Store { get(k: string): string }\nexport const store = new Map<string, string>();\n`,
  'connectors/connector.ts':
    `import type { Offre } from '../src/domain/offre.js';\nimport { GatewayError } from '../src/errors.js';\n` +
    `import type { Store } from '../cache/store.js';\nexport type Connector = { list(): Offre[]; store?: Store };\nexport const fail = () => new GatewayError();\n`,
  'connectors/deadline.ts': `export const budget = 1;\n`,
  'connectors/registry.ts': `import { dora } from './dora/index.js';\nimport { soliguide } from './soliguide/client.js';\nexport const all = [dora, soliguide];\n`,
  'connectors/dora/index.ts': `import { client } from './client.js';\nexport const dora = client;\n`,
  'connectors/dora/client.ts':
    `import type { Connector } from '../connector.js';\nimport { kinds } from '../../src/domain/offre.js';\n` +
    `import { GatewayError } from '../../src/errors.js';\nexport const client: Partial<Connector> = {};\nexport const k = [kinds, GatewayError];\n`,
  'connectors/dora/render.ts': `import type { World } from '../../sandbox/world.js';\nexport const render = (w: World) => w;\n`,
  'connectors/dora/simulator.ts': `import { serve } from '../sim/server.js';\nimport { render } from './render.js';\nimport { world } from '../../sandbox/world.js';\nexport const sim = () => serve(render(world));\n`,
  'connectors/soliguide/client.ts': `import { budget } from '../deadline.js';\nexport const soliguide = { budget };\n`,
  'connectors/sim/server.ts': `export const serve = (x: unknown) => x;\n`,
  'src/federation/fan-out.ts':
    `import type { Offre } from '../domain/offre.js';\nimport { merged } from '../merge/merge.js';\nimport { GatewayError } from '../errors.js';\n` +
    `import type { Connector } from '../../connectors/connector.js';\nimport { budget } from '../../connectors/deadline.js';\n` +
    `import type { Store } from '../../cache/store.js';\nexport const fanOut = (c: Connector[], s?: Store): Offre[] => merged([]).concat(c.length && s ? [] : [], budget && GatewayError ? [] : []);\n` +
    `export type FanOut = typeof fanOut;\n`,
  'src/loaders/offre.loaders.ts': `import { fanOut } from '../federation/fan-out.js';\nimport type { Connector } from '../../connectors/connector.js';\nexport const load = (c: Connector[]) => fanOut(c);\n`,
  'graphql/types.ts': `import type { Offre } from '../src/domain/offre.js';\nexport type Node = Offre;\n`,
  'resolvers/offre.resolver.ts':
    `import { load } from '../src/loaders/offre.loaders.js';\nimport type { FanOut } from '../src/federation/fan-out.js';\n` +
    `import type { Context } from '../src/server/context.js';\nimport { GatewayError } from '../src/errors.js';\n` +
    `export const resolve = (ctx: Context, f?: FanOut) => [load([]), ctx, f, GatewayError];\n`,
  'src/server/context.ts': `import { load } from '../loaders/offre.loaders.js';\nexport interface Context { load: typeof load }\n`,
  'src/server/server.ts':
    `import { resolve } from '../../resolvers/offre.resolver.js';\nimport type { Node } from '../../graphql/types.js';\n` +
    `import { store } from '../../cache/store.js';\nexport const serve = (n?: Node) => [resolve, n, store];\n`,
  'src/config.ts': `export const config = { port: 0 };\n`,
  'src/cache-stack.ts': `import { store } from '../cache/store.js';\nexport const stack = store;\n`,
  'src/gateway.ts':
    `import { serve } from './server/server.js';\nimport { all } from '../connectors/registry.js';\nimport { fanOut } from './federation/fan-out.js';\n` +
    `import { stack } from './cache-stack.js';\nimport { config } from './config.js';\nexport const start = () => [serve, all, fanOut, stack, config];\n`,
  'src/main.ts':
    `import { start } from './gateway.js';\nimport { config } from './config.js';\n` +
    `export async function main() {\n  if (!config.port) await import('../sandbox/embedded.js');\n  return start();\n}\n`,
  'sandbox/world.ts': `import type { Offre } from '../src/domain/offre.js';\nexport type World = Offre[];\nexport const world: World = [];\n`,
  'sandbox/embedded.ts': `import { sim } from '../connectors/dora/simulator.js';\nimport { world } from './world.js';\nexport const started = [sim, world];\n`,
  'bench/run.ts': `import { start } from '../src/gateway.js';\nimport { started } from '../sandbox/embedded.js';\nexport const bench = [start, started];\n`,
  'scripts/emit.ts': `import { serve } from '../src/server/server.js';\nexport const emit = serve;\n`,
};

/** One planted breach per rule: the files it adds or replaces, and the dependency the rule must name. */
const planted: { rule: string; files: Tree; from: string; to?: string }[] = [
  {
    rule: 'no-circular',
    files: {
      'src/merge/a.ts': `import { b } from './b.js';\nexport const a = () => b;\n`,
      'src/merge/b.ts': `import { a } from './a.js';\nexport const b = () => a;\n`,
    },
    from: 'src/merge/a.ts',
  },
  {
    rule: 'not-to-unresolvable',
    files: { 'src/domain/typo.ts': `export { x } from './nowhere.js';\n` },
    from: 'src/domain/typo.ts',
  },
  {
    rule: 'production-never-imports-tools',
    files: { 'src/server/uses-bench.ts': `import { bench } from '../../bench/run.js';\nexport const b = bench;\n` },
    from: 'src/server/uses-bench.ts',
    to: 'bench/run.ts',
  },
  {
    rule: 'domain-imports-nothing-internal',
    files: { 'src/domain/bad.ts': `import { GatewayError } from '../errors.js';\nexport const e = GatewayError;\n` },
    from: 'src/domain/bad.ts',
    to: 'src/errors.ts',
  },
  {
    rule: 'errors-imports-nothing-internal',
    files: {
      'src/errors.ts': `import { kinds } from './domain/offre.js';\nexport class GatewayError extends Error {}\nexport const k = kinds;\n`,
    },
    from: 'src/errors.ts',
    to: 'src/domain/offre.ts',
  },
  {
    rule: 'merge-imports-domain-only',
    files: { 'src/merge/bad.ts': `import { GatewayError } from '../errors.js';\nexport const e = GatewayError;\n` },
    from: 'src/merge/bad.ts',
    to: 'src/errors.ts',
  },
  {
    rule: 'cache-imports-nothing-of-the-project',
    files: {
      'cache/coalesce.ts': `import { GatewayError } from '../src/errors.js';\nexport const e = GatewayError;\n`,
    },
    from: 'cache/coalesce.ts',
    to: 'src/errors.ts',
  },
  {
    rule: 'partner-imports-domain-errors-base-own-folder',
    files: {
      'connectors/dora/other.ts': `import { soliguide } from '../soliguide/client.js';\nexport const s = soliguide;\n`,
    },
    from: 'connectors/dora/other.ts',
    to: 'connectors/soliguide/client.ts',
  },
  {
    rule: 'partner-never-imports-simulators-or-sandbox',
    files: {
      'connectors/soliguide/client.ts': `import { world } from '../../sandbox/world.js';\nimport { budget } from '../deadline.js';\nexport const soliguide = { budget, world };\n`,
    },
    from: 'connectors/soliguide/client.ts',
    to: 'sandbox/world.ts',
  },
  {
    rule: 'connector-base-imports-domain-errors-cache',
    files: {
      'connectors/sources-file.ts': `import { load } from '../src/loaders/offre.loaders.js';\nexport const l = load;\n`,
    },
    from: 'connectors/sources-file.ts',
    to: 'src/loaders/offre.loaders.ts',
  },
  {
    rule: 'only-the-registry-imports-partners',
    files: { 'connectors/http.ts': `import { client } from './dora/client.js';\nexport const c = client;\n` },
    from: 'connectors/http.ts',
    to: 'connectors/dora/client.ts',
  },
  {
    rule: 'simulators-only-from-the-sandbox-side',
    files: {
      'src/server/sim.ts': `import { serve } from '../../connectors/sim/server.js';\nexport const s = serve;\n`,
    },
    from: 'src/server/sim.ts',
    to: 'connectors/sim/server.ts',
  },
  {
    rule: 'federation-layer',
    files: {
      'src/federation/bad.ts': `import type { Context } from '../server/context.js';\nexport type C = Context;\n`,
    },
    from: 'src/federation/bad.ts',
    to: 'src/server/context.ts',
  },
  {
    rule: 'federation-imports-cache-types-only',
    files: {
      'src/federation/cache-value.ts': `import { store } from '../../cache/store.js';\nexport const s = store;\n`,
    },
    from: 'src/federation/cache-value.ts',
    to: 'cache/store.ts',
  },
  {
    rule: 'loaders-layer',
    files: { 'src/loaders/bad.ts': `import { store } from '../../cache/store.js';\nexport const s = store;\n` },
    from: 'src/loaders/bad.ts',
    to: 'cache/store.ts',
  },
  {
    rule: 'loaders-import-connector-base-types-only',
    files: {
      'src/loaders/value.ts': `import { budget } from '../../connectors/deadline.js';\nexport const b = budget;\n`,
    },
    from: 'src/loaders/value.ts',
    to: 'connectors/deadline.ts',
  },
  {
    rule: 'loaders-used-only-by-graphql-resolvers-server-gateway',
    files: {
      'src/federation/uses-loaders.ts': `import { load } from '../loaders/offre.loaders.js';\nexport const l = load;\n`,
    },
    from: 'src/federation/uses-loaders.ts',
    to: 'src/loaders/offre.loaders.ts',
  },
  {
    rule: 'graphql-resolvers-layer',
    files: { 'resolvers/bad.ts': `import { serve } from '../src/server/server.js';\nexport const s = serve;\n` },
    from: 'resolvers/bad.ts',
    to: 'src/server/server.ts',
  },
  {
    rule: 'graphql-resolvers-use-types-only-of-federation-and-context',
    files: {
      'graphql/fan-out.ts': `import { fanOut } from '../src/federation/fan-out.js';\nexport const f = fanOut;\n`,
    },
    from: 'graphql/fan-out.ts',
    to: 'src/federation/fan-out.ts',
  },
  {
    rule: 'resolvers-never-connectors-cache-got-ioredis',
    files: {
      'resolvers/deadline.ts': `import { budget } from '../connectors/deadline.js';\nexport const b = budget;\n`,
    },
    from: 'resolvers/deadline.ts',
    to: 'connectors/deadline.ts',
  },
  {
    rule: 'resolvers-never-connectors-cache-got-ioredis',
    files: {
      'resolvers/http.ts': `import got from 'got';\nimport { Redis } from 'ioredis';\nexport const clients = [got, Redis];\n`,
    },
    from: 'resolvers/http.ts',
  },
  {
    rule: 'server-layer',
    files: { 'src/server/bad.ts': `import { start } from '../gateway.js';\nexport const s = start;\n` },
    from: 'src/server/bad.ts',
    to: 'src/gateway.ts',
  },
  {
    rule: 'gateway-never-imports-sandbox-or-main',
    files: {
      'src/cache-stack.ts': `import { store } from '../cache/store.js';\nimport { world } from '../sandbox/world.js';\nexport const stack = [store, world];\n`,
    },
    from: 'src/cache-stack.ts',
    to: 'sandbox/world.ts',
  },
  {
    rule: 'gateway-never-reaches-the-sandbox',
    files: {}, // reached through the soliguide client planted above, which the registry loads
    from: 'src/gateway.ts',
    to: 'sandbox/world.ts',
  },
  {
    rule: 'main-imports-gateway-config-sandbox',
    files: {
      'src/main.ts':
        `import { start } from './gateway.js';\nimport { serve } from './server/server.js';\nimport { started } from '../sandbox/embedded.js';\n` +
        `export async function main() {\n  await import('../sandbox/world.js');\n  return [start(), serve, started];\n}\n`,
    },
    from: 'src/main.ts',
    to: 'src/server/server.ts',
  },
  { rule: 'main-loads-sandbox-through-one-dynamic-import', files: {}, from: 'src/main.ts', to: 'sandbox/embedded.ts' },
  { rule: 'main-loads-only-the-sandbox-entry', files: {}, from: 'src/main.ts', to: 'sandbox/world.ts' },
  {
    rule: 'sandbox-only-from-main-and-the-sandbox-side',
    files: {
      'src/merge/sandboxed.ts': `import type { World } from '../../sandbox/world.js';\nexport type W = World;\n`,
    },
    from: 'src/merge/sandboxed.ts',
    to: 'sandbox/world.ts',
  },
  {
    rule: 'sandbox-side-layer',
    files: { 'sandbox/bad.ts': `import { serve } from '../src/server/server.js';\nexport const s = serve;\n` },
    from: 'sandbox/bad.ts',
    to: 'src/server/server.ts',
  },
];

interface Violation {
  rule: string;
  from: string;
  to: string;
}

const made: string[] = [];
afterAll(() => made.forEach((dir) => rmSync(dir, { recursive: true, force: true })));

/** Writes the tree under a fresh temporary folder with the repository's rule file, tsconfig and packages. */
function layOut(tree: Tree): string {
  const dir = mkdtempSync(join(tmpdir(), 'dep-rules-'));
  made.push(dir);
  copyFileSync(join(repo, '.dependency-cruiser.cjs'), join(dir, '.dependency-cruiser.cjs'));
  copyFileSync(join(repo, 'tsconfig.json'), join(dir, 'tsconfig.json'));
  symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'), 'dir');
  for (const folder of folders) mkdirSync(join(dir, folder), { recursive: true });
  for (const [path, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}

/** Runs the lint the way `npm run lint:deps` does: its exit code and the violations its report names. */
function cruise(dir: string): Promise<{ code: number; violations: Violation[] }> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      [depcruise, '--config', '.dependency-cruiser.cjs', ...folders],
      { cwd: dir, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        const violations = [...`${stdout}${stderr}`.matchAll(/^\s*error (\S+): (\S+) → ?(\S*)/gm)].map(
          ([, rule, from, to]) => ({
            rule: rule ?? '',
            from: from ?? '',
            to: to ?? '',
          }),
        );
        done({ code, violations });
      },
    );
  });
}

describe('dependency rules', () => {
  it('pass on a clean tree laid out like the repository', async () => {
    const { code, violations } = await cruise(layOut(clean));
    expect(violations.map((v) => `${v.rule}: ${v.from} → ${v.to}`)).toEqual([]);
    expect(code).toBe(0);
  });

  it('fail on a planted breach of each rule, naming the rule and the file', async () => {
    const tree: Tree = { ...clean };
    for (const p of planted) Object.assign(tree, p.files);
    const { code, violations } = await cruise(layOut(tree));
    expect(code).toBeGreaterThan(0);
    for (const p of planted) {
      const named = violations.filter(
        (v) => v.rule === p.rule && v.from === p.from && (p.to === undefined || v.to === p.to),
      );
      expect(named, `${p.rule}: ${p.from} → ${p.to ?? '…'}`).not.toEqual([]);
    }
    const fromGot = violations.filter((v) => v.from === 'resolvers/http.ts').map((v) => v.to);
    expect(fromGot.some((to) => /node_modules\/got\//.test(to))).toBe(true);
    expect(fromGot.some((to) => /node_modules\/ioredis\//.test(to))).toBe(true);
  });

  it('cover every rule of the rule file', async () => {
    const config = (await import(join(repo, '.dependency-cruiser.cjs'))) as {
      default: { forbidden: { name: string }[] };
    };
    const names = config.default.forbidden.map((r) => r.name);
    expect(new Set(planted.map((p) => p.rule))).toEqual(new Set(names));
  });
});
