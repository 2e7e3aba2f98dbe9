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
    throw badUserInput(`Argument "${arg}" is not a cursor returned by this API (got "${cursor.slice(0, 40)}"): pass an edges.cursor or pageInfo.endCursor value`, { argumentName: arg });
  }
  return raw.slice(PREFIX.length);
}

/** One page of a connection. */
export interface Page<T> {
  readonly edges: ReadonlyArray<{ readonly node: T; readonly cursor: string }>;
  readonly pageInfo: { readonly hasNextPage: boolean; readonly hasPreviousPage: boolean; readonly startCursor: string | null; readonly endCursor: string | null };
  readonly totalCount: number;
}

/** Pages `items` (sorted by id) after the cursor's id. */
export function pageOf<T extends { readonly id: string }>(items: readonly T[], first: number, after?: string | null): Page<T> {
  let start = 0;
  if (after) {
    const id = decodeCursor(after);
    start = items.findIndex((x) => x.id > id);
    if (start < 0) start = items.length;
  }
  const slice = items.slice(start, start + first);
  const edges = slice.map((node) => ({ node, cursor: encodeCursor(node.id) }));
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
