/**
 * Defensive readers for partner JSON: a field may be missing, null or of the wrong type in a
 * real answer, and the mapping must degrade to null rather than crash (brief: bad input never crashes).
 */
import { cleanMultiline, cleanText, communeOfArrondissement } from '../../src/domain/index.js';

/** A trimmed one-line string, or null. */
export const text = (v: unknown): string | null => (typeof v === 'string' ? cleanText(v) : null);

/** A trimmed string keeping its line breaks, or null. */
export const multiline = (v: unknown): string | null => (typeof v === 'string' ? cleanMultiline(v) : null);

/** The non-empty trimmed strings of an array; anything else gives []. */
export const list = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string').map((x) => x.trim()).filter((x) => x !== '') : [];

/** A finite number (numeric strings accepted), or null. */
export function num(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) ? n : null;
}

/** Distinct values sorted as PostgreSQL's ARRAY_AGG(… ORDER BY …) would, or null when none. */
export function sortedOrNull(values: readonly string[]): string[] | null {
  const out = [...new Set(values)].sort();
  return out.length > 0 ? out : null;
}

/** A 14-digit SIRET or null: the pipeline nulls SIRETs unknown to SIRENE (cross-source rules), which malformed ones are. */
export function siret(v: unknown): string | null {
  const t = text(v)?.replace(/\s/g, '') ?? null;
  return t !== null && /^\d{14}$/.test(t) ? t : null;
}

/** A commune code with Paris/Lyon/Marseille arrondissements folded into their commune (docs/data-inclusion.md#territories). */
export function codeInsee(v: unknown): string | null {
  const t = text(v);
  return t === null ? null : (communeOfArrondissement(t) ?? t);
}

/** The pipeline's description cap: over 10 000 characters, 9 999 kept plus `…`. */
export function capDescription(v: string | null): string | null {
  return v !== null && v.length >= 10_000 ? `${v.slice(0, 9_999)}…` : v;
}
