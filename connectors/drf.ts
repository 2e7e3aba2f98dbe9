/**
 * Django REST Framework pagination, shared by the partners built on it (DORA, les emplois):
 * `{ count, next, previous, results }`, where `next` is an absolute URL or null.
 */

/** A DRF page as partners send it. */
export interface DrfPage<T> {
  readonly count?: number;
  readonly next: string | null;
  readonly previous?: string | null;
  readonly results: readonly T[];
}

/** A JSON object (not an array, not null). */
export const isJsonObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for a DRF page; with `requireCount`, `count` must be a number too. */
export function isDrfPage(v: unknown, requireCount = false): v is DrfPage<unknown> {
  return (
    isJsonObject(v) &&
    Array.isArray(v.results) &&
    (v.next === null || typeof v.next === 'string') &&
    (!requireCount || typeof v.count === 'number')
  );
}

/**
 * The `page` number a DRF `next` link points at, or null. Callers re-issue it on their own base
 * URL, so the partner's token never follows a link to another host.
 */
export function drfNextPage(next: string): number | null {
  try {
    const n = Number(new URL(next).searchParams.get('page'));
    return Number.isInteger(n) && n > 1 ? n : null;
  } catch {
    return null;
  }
}
