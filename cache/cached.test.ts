import { AsyncLocalStorage } from 'node:async_hooks';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../src/errors.js';
import { captureLogger } from '../tests/helpers/capture-logger.js';
import { type CacheEvent, type CachePolicy, createCache } from './cached.js';
import type { CacheEntry } from './entry.js';
import { Lru } from './lru.js';
import { MemoryStore } from './memory.js';

/** A hand-driven clock shared by L1, L2 and the cache. */
function fakeClock(start = 1_000_000) {
  let t = start;
  return { now: () => t, advance: (s: number) => void (t += s * 1000) };
}

/** A fetcher that counts its calls and answers what the test sets. */
function counted<T>(answer: () => T | Promise<T>) {
  const f = async () => {
    f.calls++;
    return answer();
  };
  f.calls = 0;
  return f;
}

function setup() {
  const clock = fakeClock();
  const l2 = new MemoryStore({ now: clock.now });
  const events: string[] = [];
  const metrics = Object.fromEntries(
    (['hit', 'miss', 'stale', 'staleError', 'coalescedWait', 'fetch'] as CacheEvent[]).map((e) => [
      e,
      (source: string) => events.push(`${e}:${source}`),
    ]),
  );
  const logger = captureLogger();
  const cache = createCache({ l1: new Lru<CacheEntry>({ now: clock.now }), l2, clock: clock.now, metrics, logger });
  return { clock, l2, cache, events, logger };
}

const POLICY: CachePolicy<unknown> = {
  ttlSeconds: 60,
  swrSeconds: 30,
  staleIfErrorSeconds: 600,
  negativeTtlSeconds: 10,
};

describe('createCache get', () => {
  it('fetches once on a miss, then answers hits from L1, counting per source', async () => {
    const { cache, events, l2 } = setup();
    const fetch = counted(() => ({ n: 1 }));
    expect(await cache.get('v1:dora:op:h', fetch, POLICY)).toEqual({ value: { n: 1 }, status: 'miss', ageSeconds: 0 });
    await cache.drain();
    expect(await l2.get('v1:dora:op:h')).toMatch(/^j1:/);
    await l2.close(); // L2 emptied: the next answers can only come from L1
    expect((await cache.get('v1:dora:op:h', fetch, POLICY)).status).toBe('hit');
    expect(fetch.calls).toBe(1);
    expect(events).toEqual(['fetch:dora', 'miss:dora', 'hit:dora']);
  });

  it('starts stale-while-revalidate refreshes (single and batched) through `detach`, apart from the request that triggered them', async () => {
    const clock = fakeClock();
    const request = new AsyncLocalStorage<string>();
    const cache = createCache({
      l2: new MemoryStore({ now: clock.now }),
      clock: clock.now,
      detach: (start) => request.exit(start),
    });
    const seen: Array<string | undefined> = [];
    const fetch = async () => {
      seen.push(request.getStore());
      return 'v';
    };
    const batch = async (keys: readonly string[]) => {
      seen.push(request.getStore());
      return keys.map(() => 'v');
    };
    await request.run('request-a', async () => {
      await cache.get('v1:dora:op:d', fetch, POLICY);
      await cache.getMany(['v1:dora:b:1'], batch, POLICY);
    });
    clock.advance(61);
    await request.run('request-b', async () => {
      expect((await cache.get('v1:dora:op:d', fetch, POLICY)).status).toBe('stale');
      expect((await cache.getMany(['v1:dora:b:1'], batch, POLICY))[0]).toMatchObject({ status: 'stale' });
    });
    await cache.drain();
    expect(seen).toEqual(['request-a', 'request-a', undefined, undefined]);
  });

  it('makes concurrent identical calls share one fetch', async () => {
    const { cache } = setup();
    // The fetch is held until the test opens it, so every caller finds it in flight however busy the machine.
    let open: (v: string) => void = () => undefined;
    const held = new Promise<string>((r) => (open = r));
    const fetch = counted(() => held);
    const all = Promise.all(Array.from({ length: 5 }, () => cache.get('v1:dora:op:x', fetch, POLICY)));
    await expect.poll(() => fetch.calls).toBe(1);
    open('v');
    const results = await all;
    expect(fetch.calls).toBe(1);
    expect(results.map((r) => r.status).sort()).toEqual(['coalesced', 'coalesced', 'coalesced', 'coalesced', 'miss']);
  });

  it('answers stale at once within the SWR window and refreshes once for 10 concurrent callers', async () => {
    const { cache, clock } = setup();
    let version = 1;
    const fetch = counted(() => `v${version}`);
    await cache.get('v1:dora:op:swr', fetch, POLICY);
    clock.advance(75); // expired 15 s ago, within the 30 s window
    version = 2;
    const stale = await Promise.all(Array.from({ length: 10 }, () => cache.get('v1:dora:op:swr', fetch, POLICY)));
    expect(stale.every((r) => r.status === 'stale' && r.value === 'v1' && r.ageSeconds === 75)).toBe(true);
    await cache.drain();
    expect(fetch.calls).toBe(2);
    expect(await cache.get('v1:dora:op:swr', fetch, POLICY)).toEqual({ value: 'v2', status: 'hit', ageSeconds: 0 });
  });

  it('logs a failed background refresh and keeps serving stale, with no unhandled rejection', async () => {
    const { cache, clock, logger } = setup();
    let fail = false;
    const fetch = counted(() => {
      if (fail) throw new ConnectorError('dora', 'unavailable', 'HTTP 503');
      return 'ok';
    });
    await cache.get('v1:dora:op:bg', fetch, POLICY);
    clock.advance(70);
    fail = true;
    expect((await cache.get('v1:dora:op:bg', fetch, POLICY)).status).toBe('stale');
    await cache.drain();
    expect(logger.entries).toEqual([
      { level: 'warn', obj: { key: 'v1:dora:op:bg', reason: 'HTTP 503' }, msg: 'cache: background refresh failed' },
    ]);
    expect((await cache.get('v1:dora:op:bg', fetch, POLICY)).status).toBe('stale');
  });

  it('serves the last good answer with its age when the fetch fails, up to the maximum age', async () => {
    const { cache, clock, events } = setup();
    let fail = false;
    const fetch = counted(() => {
      if (fail) throw new ConnectorError('dora', 'timeout', 'timed out');
      return 'good';
    });
    await cache.get('v1:dora:op:sie', fetch, POLICY);
    fail = true;
    clock.advance(300); // beyond SWR, within the 600 s maximum age
    expect(await cache.get('v1:dora:op:sie', fetch, POLICY)).toEqual({
      value: 'good',
      status: 'stale-error',
      ageSeconds: 300,
    });
    clock.advance(300); // age 600: too old
    await expect(cache.get('v1:dora:op:sie', fetch, POLICY)).rejects.toMatchObject({
      name: 'ConnectorError',
      kind: 'timeout',
    });
    expect(events.filter((e) => e.startsWith('staleError'))).toEqual(['staleError:dora']);
  });

  it('caches "not found" for the negative TTL only, and never serves it stale', async () => {
    const { cache, clock } = setup();
    const fetch = counted(() => null);
    expect((await cache.get('v1:dora:op:404', fetch, POLICY)).status).toBe('miss');
    clock.advance(9);
    expect(await cache.get('v1:dora:op:404', fetch, POLICY)).toEqual({ value: null, status: 'hit', ageSeconds: 9 });
    clock.advance(1);
    expect((await cache.get('v1:dora:op:404', fetch, POLICY)).status).toBe('miss');
    expect(fetch.calls).toBe(2);
  });

  it('does not store a negative answer without a negative TTL, nor honour a custom isNegative wrongly', async () => {
    const { cache } = setup();
    const empty = counted(() => [] as string[]);
    const policy: CachePolicy<string[]> = { ttlSeconds: 60, isNegative: (v) => v.length === 0 };
    await cache.get('v1:dora:op:empty', empty, policy);
    await cache.get('v1:dora:op:empty', empty, policy);
    expect(empty.calls).toBe(2);
  });
});

describe('createCache getMany', () => {
  it('fetches only the misses in one call, aligned, with an Error in a failed slot', async () => {
    const { cache } = setup();
    await cache.get('v1:dora:s:a', async () => 'A', POLICY);
    const calls: string[][] = [];
    const results = await cache.getMany(
      ['v1:dora:s:b', 'v1:dora:s:a', 'v1:dora:s:c', 'v1:dora:s:b', 'v1:dora:s:d'],
      async (keys) => {
        calls.push(keys);
        return new Map<string, string | Error>([
          ['v1:dora:s:b', 'B'],
          ['v1:dora:s:c', new Error('c failed')],
        ]);
      },
      POLICY,
    );
    expect(calls).toEqual([['v1:dora:s:b', 'v1:dora:s:c', 'v1:dora:s:d']]);
    expect(results.map((r) => (r instanceof Error ? `error:${r.message}` : `${r.status}:${String(r.value)}`))).toEqual([
      'miss:B',
      'hit:A',
      'error:c failed',
      'miss:B',
      'miss:undefined',
    ]);
    await cache.drain();
    const again = await cache.getMany(['v1:dora:s:b', 'v1:dora:s:d'], async (keys) => (calls.push(keys), []), POLICY);
    expect(again.map((r) => (r instanceof Error ? 'error' : r.status))).toEqual(['hit', 'hit']); // d: negative, cached
    expect(calls).toHaveLength(1);
  });

  it('puts a clear TypeError in every slot when the fetcher returns a misaligned array', async () => {
    const { cache } = setup();
    const results = await cache.getMany(['v1:x:s:1', 'v1:x:s:2'], async () => ['only one'], POLICY);
    expect(results.map((r) => (r as Error).message)).toEqual([
      'getMany batch fetcher must return a Map or an array of 2 values (one per key, in order), got: 1',
      'getMany batch fetcher must return a Map or an array of 2 values (one per key, in order), got: 1',
    ]);
  });

  it('falls back to stale entries per key when the batch call fails', async () => {
    const { cache, clock } = setup();
    await cache.getMany(['v1:x:s:1'], async () => ['one'], POLICY);
    clock.advance(120);
    const results = await cache.getMany(
      ['v1:x:s:1', 'v1:x:s:2'],
      async () => {
        throw new ConnectorError('x', 'unavailable', 'down');
      },
      POLICY,
    );
    expect(results[0]).toEqual({ value: 'one', status: 'stale-error', ageSeconds: 120 });
    expect(results[1]).toMatchObject({ name: 'ConnectorError', kind: 'unavailable' });
  });

  it('joins keys already in flight instead of fetching them again', async () => {
    const { cache } = setup();
    const slow = counted(() => new Promise<string>((r) => setTimeout(() => r('A'), 20)));
    const calls: string[][] = [];
    const [single, many] = await Promise.all([
      cache.get('v1:x:s:a', slow, POLICY),
      cache.getMany(
        ['v1:x:s:a', 'v1:x:s:b'],
        async (keys) => (calls.push(keys), keys.map((k) => k.slice(-1).toUpperCase())),
        POLICY,
      ),
    ]);
    expect(slow.calls).toBe(1);
    expect(calls).toEqual([['v1:x:s:b']]);
    expect(single.status).toBe('miss');
    expect(many.map((r) => (r instanceof Error ? 'error' : `${r.status}:${String(r.value)}`))).toEqual([
      'coalesced:A',
      'miss:B',
    ]);
  });
});

describe('createCache invalidation', () => {
  it('invalidates by key, by prefix and by tag', async () => {
    const { cache } = setup();
    const policy: CachePolicy<string> = { ttlSeconds: 60, tags: (v) => [`entity:${v}`, 'territory:75056'] };
    const fetch = counted(async () => 'x');
    for (const key of ['v1:dora:s:1', 'v1:dora:s:2', 'v1:cog:c:1']) await cache.get(key, fetch, policy);
    await cache.drain();
    expect(await cache.invalidate(['v1:dora:s:1'])).toBe(1);
    expect(await cache.invalidatePrefix('v1:dora:')).toBe(1);
    expect(await cache.invalidateTags(['territory:75056', 'entity:none'])).toBe(1);
    expect(fetch.calls).toBe(3);
    for (const key of ['v1:dora:s:1', 'v1:dora:s:2', 'v1:cog:c:1'])
      expect((await cache.get(key, fetch, policy)).status).toBe('miss');
  });
});
