#!/usr/bin/env node
// Enforces the dependency direction of architecture.md §10:
// domain ← merge ← loaders ← resolvers ← server ← main; connectors feed loaders from the side; cache is generic.
// Reads every .ts file's import specifiers and reports every violation at once (exit 1).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const roots = ['src', 'graphql', 'resolvers', 'connectors', 'cache'];

function* walk(dir) {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) yield* walk(p);
    else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) yield p;
  }
}

/** The module a file belongs to, as the rules name it. */
function moduleOf(rel) {
  const parts = rel.split(sep);
  if (parts[0] === 'src') {
    if (parts[1] === 'main.ts') return 'main';
    if (parts[1] === 'errors.ts') return 'errors';
    if (parts[1] === 'config.ts') return 'config';
    if (parts.length > 2) return parts[1]; // domain, merge, loaders, server, …
    return `src/${parts[1]}`;
  }
  if (parts[0] === 'connectors') {
    if (parts.length === 2) return `connectors/${parts[1].replace(/\.ts$/, '')}`; // connector, http, policies, registry
    if (parts[1] === 'sim') return 'connectors/sim';
    return `partner:${parts[1]}`;
  }
  return parts[0];
}

// For each module: a predicate over the imported module (or package) that says what is forbidden.
const isInternal = (m) => !m.startsWith('pkg:');
const rules = [
  { from: (m) => m === 'domain', forbid: (t) => isInternal(t) && t !== 'domain', why: 'domain/ imports nothing internal' },
  { from: (m) => m === 'merge', forbid: (t) => isInternal(t) && !['domain', 'merge'].includes(t), why: 'merge/ may import domain only' },
  { from: (m) => m === 'errors', forbid: (t) => isInternal(t) && t !== 'errors', why: 'errors.ts imports graphql only' },
  {
    from: (m) => m === 'cache',
    forbid: (t) => isInternal(t) && t !== 'cache',
    why: 'cache/ is generic: it imports nothing of the project',
  },
  {
    from: (m) => m.startsWith('partner:'),
    forbid: (t, m) =>
      isInternal(t) &&
      !['domain', 'errors', 'connectors/connector', 'connectors/http', 'connectors/sim', 'connectors/tables', 'connectors/drf', 'connectors/request-shared', m, 'sandbox'].includes(t),
    why: 'a partner folder may import domain, errors, connectors/{connector,http,sim,tables,drf,request-shared} and the sandbox only',
  },
  {
    from: (m) => m === 'federation',
    forbid: (t) =>
      (isInternal(t) && !['domain', 'merge', 'federation', 'connectors/connector', 'connectors/deadline', 'errors'].includes(t)) ||
      ['pkg:got', 'pkg:ioredis', 'pkg:graphql', 'pkg:type-graphql'].includes(t),
    why: 'federation/ may import domain, merge, errors and connectors/{connector,deadline}.ts',
  },
  {
    from: (m) => m === 'loaders',
    forbid: (t) =>
      (isInternal(t) && !['domain', 'merge', 'loaders', 'federation', 'connectors/connector', 'errors'].includes(t)) ||
      ['pkg:got', 'pkg:ioredis', 'pkg:graphql', 'pkg:type-graphql'].includes(t),
    why: 'loaders/ may import domain, merge, federation and connectors/connector.ts (types)',
  },
  {
    from: (m) => m === 'graphql',
    forbid: (t) => isInternal(t) && !['domain', 'graphql', 'errors'].includes(t),
    why: 'graphql/ may import domain only',
  },
  {
    from: (m) => m === 'resolvers',
    forbid: (t) =>
      t.startsWith('partner:') || ['cache', 'connectors/registry', 'connectors/http', 'main', 'pkg:got', 'pkg:ioredis'].includes(t),
    why: 'resolvers/ must not import connectors, cache, got or ioredis',
  },
  { from: (m) => m === 'server', forbid: (t) => t === 'main', why: 'nothing imports main' },
];

const violations = [];
for (const top of roots) {
  for (const file of walk(join(root, top))) {
    if (file.endsWith('.test.ts')) continue; // tests may wire anything together
    const rel = relative(root, file);
    const from = moduleOf(rel);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g)) {
      const spec = m[1] ?? m[2];
      let target;
      if (spec.startsWith('.')) {
        const abs = resolve(dirname(file), spec);
        const trel = relative(root, abs);
        if (trel.startsWith('data' + sep) || trel.startsWith('node_modules')) continue;
        target = moduleOf(trel.replace(/\.js$/, '.ts'));
      } else {
        target = `pkg:${spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]}`;
      }
      const isTypeOnly = /^import\s+type\s/.test(m[0]);
      for (const r of rules) {
        if (!r.from(from) || !r.forbid(target, from)) continue;
        if (isTypeOnly && from === 'resolvers' && target === 'server') continue;
        violations.push(`${rel}: imports "${spec}" (${target}) — ${r.why}`);
      }
    }
  }
}
if (violations.length > 0) {
  console.error(`Dependency rules broken (${violations.length}):\n` + violations.map((v) => `  ${v}`).join('\n'));
  process.exit(1);
}
console.log('dependency rules: ok');
