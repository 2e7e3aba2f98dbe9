import { describe, expect, it } from 'vitest';
import type { Service } from '../src/domain/index.js';
import { compareKeys, decodeSearchCursor, encodeSearchCursor, searchPage } from './search-paging.js';

const r = (id: string, distance: number | null) => ({ service: { id, structureId: 's' } as Service, distance });
const results = [r('b', 0), r('a', 1), r('c', 1), r('a2', null), r('z', null)];

describe('search cursors', () => {
  it('round-trip the sort key, distance null included', () => {
    for (const k of [
      { distance: 3, id: 'dora--x:y' },
      { distance: null, id: 'soliguide--1' },
    ])
      expect(decodeSearchCursor(encodeSearchCursor(k))).toEqual(k);
  });

  it('order keys as the search sorts: distance ascending, nulls last, then id', () => {
    expect(compareKeys({ distance: 1, id: 'z' }, { distance: 2, id: 'a' })).toBeLessThan(0);
    expect(compareKeys({ distance: null, id: 'a' }, { distance: 50, id: 'z' })).toBeGreaterThan(0);
    expect(compareKeys({ distance: 1, id: 'a' }, { distance: 1, id: 'b' })).toBeLessThan(0);
  });

  it('page the stream without gaps or repeats, and resume after a result that has gone', () => {
    const p1 = searchPage(results, 2);
    expect(p1.edges.map((e) => [e.node.id, e.distance])).toEqual([
      ['b', 0],
      ['a', 1],
    ]);
    const p2 = searchPage(results, 2, p1.pageInfo.endCursor);
    expect(p2.edges.map((e) => e.node.id)).toEqual(['c', 'a2']);
    const p3 = searchPage(results, 2, p2.pageInfo.endCursor);
    expect(p3).toMatchObject({ totalCount: 5, pageInfo: { hasNextPage: false, hasPreviousPage: true } });
    expect(p3.edges.map((e) => e.node.id)).toEqual(['z']);
    const gone = results.filter((x) => x.service.id !== 'a');
    expect(searchPage(gone, 2, p1.pageInfo.endCursor).edges.map((e) => e.node.id)).toEqual(['c', 'a2']);
  });

  it('reject a cursor that is not a search cursor', () => {
    expect(() => decodeSearchCursor(Buffer.from('c1:dora--x').toString('base64url'))).toThrow(
      /not a cursor returned by searchServices/,
    );
  });
});
