/**
 * Defensive readers for cartographie rows: the LaMednum standard serialises some lists as
 * `|`-joined strings, and any field may be missing or mistyped in a real answer.
 */
import { cleanMultiline, cleanText, communeOfArrondissement } from '../../src/domain/index.js';

/** A trimmed one-line string, or null. */
export const text = (v: unknown): string | null => (typeof v === 'string' ? cleanText(v) : null);

/** A trimmed string keeping its line breaks, or null. */
export const multiline = (v: unknown): string | null => (typeof v === 'string' ? cleanMultiline(v) : null);

/** The non-empty trimmed items of an array or of a `|`-joined string; anything else gives []. */
export function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split('|') : [];
  return items.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter((x) => x !== '');
}

/** A finite number (numeric strings accepted), or null. */
export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Distinct values sorted as PostgreSQL's ARRAY_AGG(DISTINCT … ORDER BY …) would, or null when none. */
export function sortedOrNull(values: readonly string[]): string[] | null {
  const out = [...new Set(values)].sort();
  return out.length > 0 ? out : null;
}

/** A commune code with Paris/Lyon/Marseille arrondissements folded into their commune (docs/data-inclusion.md#territories). */
export function codeInsee(v: unknown): string | null {
  const t = text(v);
  return t === null ? null : (communeOfArrondissement(t) ?? t);
}

/** The cross-source description cap: over 10 000 characters, 9 999 kept plus `…`. */
export function capDescription(v: string | null): string | null {
  return v !== null && v.length >= 10_000 ? `${v.slice(0, 9_999)}…` : v;
}

/** A plain-object view of an unknown value ({} when it is not an object). */
export const obj = (v: unknown): Record<string, unknown> => (typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
