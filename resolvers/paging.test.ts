import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf } from './paging.js';

const items = ['a--1', 'a--2', 'b--1', 'c--9'].map((id) => ({ id }));

describe('pageOf', () => {
  it('walks the whole list page by page without gaps or repeats', () => {
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 10; i++) {
      const p: ReturnType<typeof pageOf<{ id: string }>> = pageOf(items, 3, after);
      seen.push(...p.edges.map((e) => e.node.id));
      expect(p.totalCount).toBe(4);
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(['a--1', 'a--2', 'b--1', 'c--9']);
  });
  it('stays stable when the record a cursor points to disappears', () => {
    const p = pageOf(
      items.filter((x) => x.id !== 'a--2'),
      2,
      encodeCursor('a--2'),
    );
    expect(p.edges.map((e) => e.node.id)).toEqual(['b--1', 'c--9']);
    expect(p.pageInfo.hasPreviousPage).toBe(true);
  });
  it('rejects a foreign cursor with BAD_USER_INPUT', () => {
    expect(() => decodeCursor('bm9wZQ')).toThrow(/not a cursor returned by this API/);
    const err = (() => {
      try {
        decodeCursor('xyz');
      } catch (e) {
        return e as { extensions: { code: string } };
      }
      return null;
    })();
    expect(err?.extensions.code).toBe('BAD_USER_INPUT');
  });
  it('answers an empty page past the end', () => {
    const p = pageOf(items, 2, encodeCursor('z'));
    expect(p.edges).toEqual([]);
    expect(p.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: null, endCursor: null });
  });
});
