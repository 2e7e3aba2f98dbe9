/**
 * Reader for the pipeline's mapping tables and v0 nomenclatures that the project carries in
 * data/data-inclusion (MIT / Licence Ouverte 2.0, see data/data-inclusion/PROVENANCE.md).
 * Partner mappings use it to apply data·inclusion's exact source→schema rules.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Locates data/ both from sources (connectors/) and from the build (dist/connectors/). */
function dataDir(): string {
  const here = fileURLToPath(new URL('.', import.meta.url));
  return here.includes('/dist/') ? `${here.split('/dist/')[0]}/data/data-inclusion` : `${here}../data/data-inclusion`;
}

/** Parses one CSV line with double-quoted fields ("" escapes a quote). */
function parseLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}

const cache = new Map<string, ReadonlyArray<Readonly<Record<string, string>>>>();

/**
 * Rows of a CSV under data/data-inclusion (e.g. `pipeline-mappings/_map_dora__modes_mobilisation.csv`),
 * as objects keyed by header. Empty cells are empty strings (SQL NULL / "deliberately not mapped").
 */
export function readTable(relPath: string): ReadonlyArray<Readonly<Record<string, string>>> {
  const hit = cache.get(relPath);
  if (hit) return hit;
  const text = readFileSync(`${dataDir()}/${relPath}`, 'utf8').replace(/^\uFEFF/, '');
  const lines = text.split(/\r?\n/).filter((l) => l.length > 0);
  const header = parseLine(lines[0]!);
  const rows = lines.slice(1).map((l) => {
    const cells = parseLine(l);
    return Object.freeze(Object.fromEntries(header.map((h, i) => [h, cells[i] ?? ''])));
  });
  cache.set(relPath, rows);
  return rows;
}

/** A cell holding a JSON array (`["a","b"]`) as a string array; empty cell → []. */
export function jsonArrayCell(cell: string | undefined): string[] {
  if (!cell) return [];
  try {
    const v: unknown = JSON.parse(cell);
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [String(v)];
  } catch {
    return [cell];
  }
}

/** Reads a JSON file under data/data-inclusion (e.g. `v0/extra/thematiques.json`). */
export function readJson<T>(relPath: string): T {
  return JSON.parse(readFileSync(`${dataDir()}/${relPath}`, 'utf8')) as T;
}
