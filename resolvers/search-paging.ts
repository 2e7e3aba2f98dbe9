/**
 * Relay paging over search results, which are sorted by (distance ASC NULLS LAST, service id), not
 * by id alone: a cursor encodes both parts of the sort key, so the next page starts right after it
 * even if that service has left the results since (stable while the records it follows exist).
 */
import type { SearchResult } from '../src/merge/index.js';
import { byRecordId, type Service } from '../src/domain/index.js';
import { badUserInput } from '../src/errors.js';
import { pageFrom, startPast, type Page } from './paging.js';

const PREFIX = 's1:';

/** The sort key a cursor stands for. */
export interface SearchKey {
  readonly distance: number | null;
  readonly id: string;
}

/** Opaque cursor of a search result. */
export function encodeSearchCursor(k: SearchKey): string {
  return Buffer.from(`${PREFIX}${k.distance ?? ''}:${k.id}`, 'utf8').toString('base64url');
}

/** The sort key inside a cursor; BAD_USER_INPUT when it is not a search cursor of ours. */
export function decodeSearchCursor(cursor: string, arg = 'after'): SearchKey {
  const raw = Buffer.from(cursor, 'base64url').toString('utf8');
  const m = raw.startsWith(PREFIX) ? /^(\d*):(.+)$/s.exec(raw.slice(PREFIX.length)) : null;
  if (!m) {
    throw badUserInput(
      `Argument "${arg}" is not a cursor returned by searchServices (got "${cursor.slice(0, 40)}"): pass an edges.cursor or pageInfo.endCursor value`,
      { argumentName: arg },
    );
  }
  return { distance: m[1] === '' ? null : Number(m[1]), id: m[2]! };
}

/** Order of two keys as the search sorts: distance ascending with nulls last, then id. */
export function compareKeys(a: SearchKey, b: SearchKey): number {
  if (a.distance !== b.distance) {
    if (a.distance === null) return 1;
    if (b.distance === null) return -1;
    return a.distance - b.distance;
  }
  return byRecordId(a, b);
}

/** A page of search results: each edge carries its distance. */
export interface SearchPage extends Omit<Page<Service>, 'edges'> {
  readonly edges: ReadonlyArray<{ readonly node: Service; readonly cursor: string; readonly distance: number | null }>;
}

/** One page of sorted results after the cursor's key, with each edge's distance. */
export function searchPage(
  results: ReadonlyArray<SearchResult<Service>>,
  first: number,
  after?: string | null,
): SearchPage {
  const keyOf = (r: SearchResult<Service>): SearchKey => ({ distance: r.distance, id: r.service.id });
  const k = after ? decodeSearchCursor(after) : null;
  const start = k === null ? 0 : startPast(results, (r) => compareKeys(keyOf(r), k) > 0);
  return pageFrom(results, start, first, (r) => ({
    node: r.service,
    distance: r.distance,
    cursor: encodeSearchCursor(keyOf(r)),
  }));
}
