/**
 * DORA-only defensive readers; the ones shared with other partners are in `../json-values.ts`.
 */
import { text } from '../json-values.js';

/** The non-empty trimmed strings of an array; anything else gives []. */
export const list = (v: unknown): string[] =>
  Array.isArray(v)
    ? v
        .filter((x): x is string => typeof x === 'string')
        .map((x) => x.trim())
        .filter((x) => x !== '')
    : [];

/** A 14-digit SIRET or null: the pipeline nulls SIRETs unknown to SIRENE (docs/data-inclusion.md#cross-source-rules), which malformed ones are. */
export function siret(v: unknown): string | null {
  const t = text(v)?.replace(/\s/g, '') ?? null;
  return t !== null && /^\d{14}$/.test(t) ? t : null;
}
