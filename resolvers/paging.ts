/**
 * Relay-style paging over a stream already merged and sorted by id. Cursors are opaque
 * (base64url of the last id seen), so a page stays stable while the records it follows exist,
 * and a cursor from another list is rejected with a clear error rather than misread.
 */
import { badUserInput } from '../src/errors.js';

const PREFIX = 'c1:';

/** Opaque cursor for a record id. */
export function encodeCursor(id: string): string {
  return Buffer.from(PREFIX + id, 'utf8').toString('base64url');
}

/** The id inside a cursor; BAD_USER_INPUT when it is not one of ours. */
export function decodeCursor(cursor: string, arg = 'after'): string {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!raw.startsWith(PREFIX) || raw.length === PREFIX.length) {
    throw badUserInput(
      `Argument "${arg}" is not a cursor returned by this API (got "${cursor.slice(0, 40)}"): pass an edges.cursor or pageInfo.endCursor value`,
      { argumentName: arg },
    );
  }
  return raw.slice(PREFIX.length);
}

/** One page of a connection. */
export interface Page<T> {
  readonly edges: ReadonlyArray<{ readonly node: T; readonly cursor: string }>;
  readonly pageInfo: {
    readonly hasNextPage: boolean;
    readonly hasPreviousPage: boolean;
    readonly startCursor: string | null;
    readonly endCursor: string | null;
  };
  readonly totalCount: number;
}

/** Index of the first item past a cursor (`isPast`), over items sorted as the cursor's key; the end when none is. */
export function startPast<T>(items: readonly T[], isPast: (item: T) => boolean): number {
  const i = items.findIndex(isPast);
  return i < 0 ? items.length : i;
}

/** The page of `first` items from `start`, each edge built (with its cursor) by `edgeOf`. */
export function pageFrom<T, E extends { readonly cursor: string }>(
  items: readonly T[],
  start: number,
  first: number,
  edgeOf: (item: T) => E,
) {
  const edges = items.slice(start, start + first).map(edgeOf);
  return {
    edges,
    pageInfo: {
      hasNextPage: start + first < items.length,
      hasPreviousPage: start > 0,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount: items.length,
  };
}

/** Pages `items` (sorted by id) after the cursor's id. */
export function pageOf<T extends { readonly id: string }>(
  items: readonly T[],
  first: number,
  after?: string | null,
): Page<T> {
  const id = after ? decodeCursor(after) : null;
  const start = id === null ? 0 : startPast(items, (x) => x.id > id);
  return pageFrom(items, start, first, (node) => ({ node, cursor: encodeCursor(node.id) }));
}
