/**
 * Comments are self-contained: they point to `docs/...#heading` sections that exist, never to
 * documents outside the repository (the team's private notes, issue numbers, numbered sections of
 * a document the reader does not have). Links between the pages of docs/ are checked the same way.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const SKIPPED_DIRS = new Set(['node_modules', 'dist', '.git', 'coverage', 'reports', '.stryker-tmp', 'docs', 'data']);
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;

/** Repository-relative paths (with `/`) of the files under `dir` that `keep` accepts. */
function walk(dir: string, keep: (path: string) => boolean): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = dir === '' ? e.name : `${dir}/${e.name}`;
    if (e.isDirectory())
      return SKIPPED_DIRS.has(e.name) && dir === '' ? [] : e.name === 'node_modules' ? [] : walk(path, keep);
    return keep(path) ? [path] : [];
  });
}

/** A comment and the line it starts on. */
interface Comment {
  readonly line: number;
  readonly text: string;
}

/** The comments of a source file, found by the TypeScript scanner (so strings and templates are skipped). */
function commentsOf(path: string, text: string): Comment[] {
  if (!SOURCE.test(path)) {
    // Dockerfile and the like: `#` comments.
    return text.split('\n').flatMap((l, i) => (/^\s*#/.test(l) ? [{ line: i + 1, text: l }] : []));
  }
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, text);
  const found: Comment[] = [];
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind === ts.SyntaxKind.SingleLineCommentTrivia || kind === ts.SyntaxKind.MultiLineCommentTrivia) {
      const start = scanner.getTokenStart();
      found.push({ line: text.slice(0, start).split('\n').length, text: scanner.getTokenText() });
    }
  }
  return found;
}

/** What makes a comment point outside the repository, with a name for the failure message. */
const OUTSIDE: ReadonlyArray<readonly [string, (c: string) => boolean]> = [
  ['the partner contracts note', (c) => /partner-apis\.md/.test(c)],
  ['a shared folder', (c) => /\/shared\//.test(c)],
  ['a reference folder', (c) => /(^|[\s(`'"])reference\//.test(c)],
  ['an issue number', (c) => /\bissues? #?\d+/i.test(c)],
  ['a document not under docs/', (c) => /(?<!docs\/(partners\/)?)\b(data-inclusion|architecture)\.md/.test(c)],
  ['a numbered section without a docs/ path', (c) => c.includes('§') && !/docs\/[\w./-]+\.md/.test(c)],
];

/** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens; repeats get `-1`, `-2`… */
function anchorsOf(markdown: string): Set<string> {
  const seen = new Map<string, number>();
  const anchors = new Set<string>();
  for (const m of markdown.matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = m[1]!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    anchors.add(n === 0 ? base : `${base}-${n}`);
  }
  return anchors;
}

const anchorCache = new Map<string, Set<string>>();
/** Why `target` (a repository-relative `.md` path) and `anchor` do not resolve, or null when they do. */
function unresolved(target: string, anchor: string | undefined): string | null {
  if (!existsSync(join(ROOT, target))) return `${target} does not exist`;
  if (anchor === undefined) return null;
  let anchors = anchorCache.get(target);
  if (!anchors) anchorCache.set(target, (anchors = anchorsOf(readFileSync(join(ROOT, target), 'utf8'))));
  return anchors.has(anchor) ? null : `${target} has no heading #${anchor}`;
}

const sources = walk('', (p) => (SOURCE.test(p) || /(^|\/)Dockerfile$/.test(p)) && !p.endsWith('.d.ts'));
const scanned = sources
  .filter((p) => p !== 'tests/docs.test.ts')
  .map((path) => ({ path, comments: commentsOf(path, readFileSync(join(ROOT, path), 'utf8')) }));

describe('comments are self-contained', () => {
  it('scans the source tree', () => {
    expect(scanned.length).toBeGreaterThan(100);
    expect(scanned.some((f) => f.path === 'connectors/dora/client.ts')).toBe(true);
  });

  it('never point to a document outside the repository', () => {
    const offences = scanned.flatMap(({ path, comments }) =>
      comments.flatMap((c) =>
        c.text
          .split('\n')
          .flatMap((l, i) =>
            OUTSIDE.filter(([, test]) => test(l)).map(([why]) => `${path}:${c.line + i}: ${why}: ${l.trim()}`),
          ),
      ),
    );
    expect(offences).toEqual([]);
  });

  it('point to docs/ files and headings that exist', () => {
    const broken = scanned.flatMap(({ path, comments }) =>
      comments.flatMap((c) =>
        [...c.text.matchAll(/\bdocs\/[\w./-]*?\.md(?:#([\w-]+))?/g)].flatMap((m) => {
          const why = unresolved(m[0].split('#')[0]!, m[1]);
          return why === null ? [] : [`${path}:${c.line}: ${why}`];
        }),
      ),
    );
    expect(broken).toEqual([]);
  });

  it('the checks catch what they are meant to', () => {
    const flagged = (c: string) => OUTSIDE.some(([, test]) => test(c));
    expect(flagged('// see partner-apis.md §5')).toBe(true);
    expect(flagged('/** defaults (data-inclusion.md §3.1). */')).toBe(true);
    expect(flagged(' * merged views (issue 5).')).toBe(true);
    expect(flagged(' * (architecture.md practice 7)')).toBe(true);
    expect(flagged(' * a rule (§4.0)')).toBe(true);
    expect(flagged(' * (docs/data-inclusion.md#cross-source-rules)')).toBe(false);
    expect(flagged(' * (docs/partners/data-inclusion.md#pagination)')).toBe(false);
    expect(flagged(' * (docs/architecture.md#layers)')).toBe(false);
    expect(unresolved('docs/partners/dora.md', 'pagination')).toBeNull();
    expect(unresolved('docs/partners/dora.md', 'no-such-heading')).not.toBeNull();
    expect(unresolved('docs/partners/nobody.md', undefined)).not.toBeNull();
  });
});

describe('links between docs/ pages', () => {
  it('name files and headings that exist', () => {
    const pages = readdirSync(join(ROOT, 'docs'), { recursive: true, encoding: 'utf8' })
      .filter((p) => p.endsWith('.md'))
      .map((p) => `docs/${p.split('\\').join('/')}`);
    const broken = pages.flatMap((page) =>
      [...readFileSync(join(ROOT, page), 'utf8').matchAll(/\]\(([^)\s#]*)(?:#([^)\s]+))?\)/g)].flatMap((m) => {
        const [, file, anchor] = m;
        if (/^[a-z]+:/.test(file!)) return [];
        const target = file === '' ? page : posix.normalize(posix.join(posix.dirname(page), file!));
        if (!target.endsWith('.md')) return existsSync(join(ROOT, target)) ? [] : [`${page}: ${target} does not exist`];
        const why = unresolved(relative(ROOT, join(ROOT, target)).split('\\').join('/'), anchor);
        return why === null ? [] : [`${page}: ${why}`];
      }),
    );
    expect(broken).toEqual([]);
  });
});
