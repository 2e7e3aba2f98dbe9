/**
 * Cartographie-only defensive readers: the LaMednum standard serialises some lists as `|`-joined
 * strings. The readers shared with other partners are in `../json-values.ts`.
 */

/** The non-empty trimmed items of an array or of a `|`-joined string; anything else gives []. */
export function list(v: unknown): string[] {
  const items = Array.isArray(v) ? v : typeof v === 'string' ? v.split('|') : [];
  return items
    .filter((x): x is string => typeof x === 'string')
    .map((x) => x.trim())
    .filter((x) => x !== '');
}

/** A plain-object view of an unknown value ({} when it is not an object). */
export const obj = (v: unknown): Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
