import { describe, expect, it, vi } from 'vitest';
import { type CacheEntry } from '../cache/entry.js';
import { createCache } from '../cache/cached.js';
import { Lru } from '../cache/lru.js';
import { MemoryStore } from '../cache/memory.js';
import { ConnectorError } from '../src/errors.js';
import { type AnswerNote, cachedBatch, cachedCall, type Caching } from './cached-call.js';
import type { CallContext } from './connector.js';
import { budgetOf, runWithBudget } from './deadline.js';

/** A cache on a hand-driven clock, and the notes its answers produced. */
function setup(ttl = 60) {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (s: number) => void (t += s * 1000) };
  const cache = createCache({
    l1: new Lru<CacheEntry>({ now: clock.now }),
    l2: new MemoryStore({ now: clock.now }),
    clock: clock.now,
  });
  const notes: AnswerNote[] = [];
  const k: Caching = {
    cache,
    source: 'dora',
    ttlSeconds: () => ttl,
    swrSeconds: 30,
    staleIfErrorSeconds: 600,
    negativeTtlSeconds: 10,
    onAnswer: (n) => notes.push(n),
  };
  return { clock, cache, notes, k };
}

describe('cachedCall', () => {
  it.each([
    // [seconds after the first call, partner fails?, expected status, expected freshForSeconds, partner calls]
    [10, false, 'hit', 50, 1],
    [75, false, 'stale', 0, 2], // within the SWR window: stale at once, one background refresh
    [200, true, 'stale-error', 0, 2], // beyond SWR, partner down: the last good answer
  ] as const)(
    'after %i s (partner failing: %s) answers %s, fresh for %i s, %i partner call(s)',
    async (after, failing, status, fresh, calls) => {
      const { clock, cache, notes, k } = setup();
      let n = 0;
      let fail = false;
      const call = cachedCall(
        k,
        'listServices',
        async (f: { d: string }) => {
          n++;
          if (fail) throw new ConnectorError('dora', 'unavailable', 'down');
          return { items: [f.d] };
        },
        { tags: () => ['source:dora'] },
      );
      expect((await call({ d: '59' })).info).toEqual({ status: 'miss', ageSeconds: 0, freshForSeconds: 60 });
      clock.advance(after);
      fail = failing;
      const again = await call({ d: '59' });
      await cache.drain();
      expect(again).toEqual({ value: { items: ['59'] }, info: { status, ageSeconds: after, freshForSeconds: fresh } });
      expect(n).toBe(calls);
      expect(notes.map((x) => [x.source, x.operation, x.status, x.tags])).toEqual([
        ['dora', 'listServices', 'miss', ['source:dora']],
        ['dora', 'listServices', status, ['source:dora']],
      ]);
    },
  );

  it('keys by params: equal params share one entry, other params do not', async () => {
    const { k } = setup();
    let n = 0;
    const call = cachedCall(k, 'op', async () => ++n, { params: (f: { a: number; junk?: string }) => ({ a: f.a }) });
    await call({ a: 1, junk: 'x' });
    await call({ a: 1, junk: 'y' });
    await call({ a: 2 });
    expect(n).toBe(2);
  });

  it('forwards the request id of the caller but never its abort signal (the load is shared)', async () => {
    const { k } = setup();
    const seen: Array<CallContext | undefined> = [];
    const call = cachedCall(k, 'op', async (_: null, ctx?: CallContext) => (seen.push(ctx), 1));
    await call(null, { requestId: 'r1', signal: new AbortController().signal });
    expect(seen).toEqual([{ requestId: 'r1' }]);
  });
});

describe('the request deadline', () => {
  it("answers the last good value, stale-error, just before the request's deadline when the partner hangs; without a request it waits", async () => {
    const { clock, cache, notes, k } = setup();
    let release = () => {};
    let hang = false;
    const call = cachedCall(k, 'listServices', (f: { d: string }) =>
      hang
        ? new Promise<{ items: string[] }>((r) => (release = () => r({ items: [f.d, 'new'] })))
        : Promise.resolve({ items: [f.d] }),
    );
    const lookup = cachedBatch(k, 'getServices', (ids: readonly string[]) =>
      hang ? new Promise<string[]>((r) => (release = () => r([...ids]))) : Promise.resolve([...ids]),
    );
    await call({ d: '59' });
    await lookup(['a']);
    clock.advance(300); // beyond SWR, within stale-if-error
    hang = true;
    const inRequest = <T>(fn: () => Promise<T>) => runWithBudget(budgetOf(20), fn);
    expect(await inRequest(() => call({ d: '59' }))).toEqual({
      value: { items: ['59'] },
      info: { status: 'stale-error', ageSeconds: 300, freshForSeconds: 0 },
    });
    release();
    expect(await inRequest(() => lookup(['a']))).toEqual(['a']);
    expect(notes.slice(-2).map((n) => n.status)).toEqual(['stale-error', 'stale-error']);
    release();
    await cache.drain();
    // Outside a request (background work, scripts) there is no deadline: the call waits for the partner.
    clock.advance(300);
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const answered = release;
      let settled = false;
      const waiting = call({ d: '59' }).finally(() => (settled = true));
      await vi.waitFor(() => expect(release).not.toBe(answered)); // the partner is called and hangs
      await vi.advanceTimersByTimeAsync(60_000); // any timer the call had set has fired
      expect(settled).toBe(false);
      release();
      expect((await waiting).info.status).toBe('miss');
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('cachedBatch', () => {
  it('calls the partner for the misses only, caches "not found" briefly, and notes one summary per call', async () => {
    const { clock, notes, k } = setup();
    const calls: string[][] = [];
    const get = cachedBatch(
      k,
      'getStructures',
      async (ids: readonly string[]) => (calls.push([...ids]), ids.map((id) => (id === 'dora--x' ? null : { id }))),
      {
        tags: (r: { id: string }) => [`entity:${r.id}`],
      },
    );
    expect(await get(['dora--1', 'dora--x'])).toEqual([{ id: 'dora--1' }, null]);
    expect(await get(['dora--x', 'dora--1', 'dora--2'])).toEqual([null, { id: 'dora--1' }, { id: 'dora--2' }]);
    clock.advance(11); // the negative entry is gone, the positive one still fresh
    expect(await get(['dora--x', 'dora--1'])).toEqual([null, { id: 'dora--1' }]);
    expect(calls).toEqual([['dora--1', 'dora--x'], ['dora--2'], ['dora--x']]);
    expect(notes.map((n) => [n.status, n.freshForSeconds, n.tags])).toEqual([
      ['miss', 10, ['entity:dora--1']],
      ['miss', 10, ['entity:dora--1', 'entity:dora--2']],
      ['miss', 10, ['entity:dora--1']],
    ]);
  });

  it('fails the call with the partner error when a key has nothing stale to give', async () => {
    const { k } = setup();
    const get = cachedBatch(k, 'getStructures', async () => {
      throw new ConnectorError('dora', 'timeout', 'slow');
    });
    await expect(get(['dora--1'])).rejects.toMatchObject({ name: 'ConnectorError', kind: 'timeout' });
    expect(await get([])).toEqual([]);
  });
});
