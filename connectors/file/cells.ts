/**
 * Readers of one cell of a dataset row, for CSV strings and JSON values alike. A cell that holds
 * something unreadable throws CellError, which the row mapping turns into a rejection reason.
 */
import { cleanMultiline, cleanText } from '../../src/domain/index.js';
import type { RawRow } from './types.js';

/** A cell whose content cannot be read as the column's type. */
export class CellError extends Error {
  override readonly name = 'CellError';
}

const show = (v: unknown) => JSON.stringify(typeof v === 'string' && v.length > 40 ? `${v.slice(0, 40)}…` : v);

/** The cell as one line of text (white space collapsed), or null when empty. */
export function text(row: RawRow, key: string): string | null {
  const v = row[key];
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return cleanText(v.map(String).join(', '));
  return cleanText(typeof v === 'object' ? JSON.stringify(v) : String(v));
}

/** The cell as text keeping its line breaks (descriptions), or null when empty. */
export function multiline(row: RawRow, key: string): string | null {
  const v = row[key];
  return typeof v === 'string' ? cleanMultiline(v) : text(row, key);
}

/**
 * A list cell: a JSON array (`["a","b"]`, as a JSON value or as text), else values separated by `|`
 * when the cell has one, else by `,` (the France Travail sheet's ", "). Trimmed, de-duplicated; null when empty.
 */
export function list(row: RawRow, key: string): string[] | null {
  const v = row[key];
  let items: unknown[];
  if (Array.isArray(v)) items = v;
  else {
    const t = text(row, key);
    if (t === null) return null;
    if (t.startsWith('[')) {
      try {
        const parsed: unknown = JSON.parse(t);
        if (!Array.isArray(parsed)) throw new CellError(`column "${key}": ${show(t)} is not a list`);
        items = parsed;
      } catch (e) {
        throw e instanceof CellError ? e : new CellError(`column "${key}": ${show(t)} is not a valid JSON array`);
      }
    } else items = t.split(t.includes('|') ? '|' : ',');
  }
  const out = [...new Set(items.map((i) => String(i ?? '').trim()).filter((i) => i !== ''))];
  return out.length > 0 ? out : null;
}

/** A decimal number (`,` accepted as the decimal mark), or null when empty. */
export function num(row: RawRow, key: string): number | null {
  const v = row[key];
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  const t = text(row, key);
  if (t === null) return null;
  const n = Number(t.replace(',', '.'));
  if (!Number.isFinite(n)) throw new CellError(`column "${key}": ${show(t)} is not a number`);
  return n;
}

/** True when y-m-d is a real calendar day (Date.parse rolls 2025-02-31 over to March). */
function realDay(y: number, m: number, d: number): boolean {
  const t = new Date(Date.UTC(y, m - 1, d));
  return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** A date as `YYYY-MM-DD`, read from ISO dates/timestamps or `DD/MM/YYYY[ HH:MM]`; null when empty. */
export function date(row: RawRow, key: string): string | null {
  const t = text(row, key);
  if (t === null) return null;
  const fr = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(t);
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(t);
  const [y, m, d] = fr ? [fr[3], fr[2], fr[1]] : iso ? [iso[1], iso[2], iso[3]] : [];
  if (y && m && d && realDay(Number(y), Number(m), Number(d)))
    return `${y}-${m.padStart(2, '0')}-${d.padStart(2, '0')}`;
  throw new CellError(`column "${key}": ${show(t)} is not a date (YYYY-MM-DD or DD/MM/YYYY expected)`);
}

const TRUE = new Set(['true', 'checked', 'oui', 'yes', 'vrai', '1', 'x']);

/** A checkbox: true for true/checked/oui/yes/vrai/1/x (any case), false otherwise. */
export function bool(row: RawRow, key: string): boolean {
  const v = row[key];
  if (typeof v === 'boolean') return v;
  const t = text(row, key);
  return t !== null && TRUE.has(t.toLowerCase());
}
