import { ApolloServer } from '@apollo/server';
import { GraphQLInt, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import type { CacheEntry } from '../../../cache/entry.js';
import { Lru } from '../../../cache/lru.js';
import { MemoryStore } from '../../../cache/memory.js';
import { MemoryTagIndex } from '../../../cache/tags.js';
import { Tiers } from '../../../cache/tiers.js';
import type { AnswerNote } from '../../../connectors/cached-call.js';
import { SourceReport } from '../../loaders/report.js';
import { ConnectorError } from '../../errors.js';
import { createRequestTraces } from '../request-trace.js';
import { PUBLIC_SCOPE, responseCacheKey, responseCachePlugin } from './response-cache.js';

type Ctx = { report?: SourceReport; scope?: string };

/** A schema whose `items` field notes the answer the test scripts, as the connectors' cache would. */
function setup(opts: { maxEntryBytes?: number } = {}) {
  let t = 1_000_000;
  const clock = { now: () => t, advance: (s: number) => void (t += s * 1000) };
  const traces = createRequestTraces();
  const tags = new MemoryTagIndex(clock.now);
  const tiers = new Tiers({
    l1: new Lru<CacheEntry>({ now: clock.now }),
    l2: new MemoryStore({ now: clock.now }),
    clock: clock.now,
    tags,
  });
  const state = {
    executed: 0,
    hits: 0,
    misses: 0,
    note: { status: 'miss', freshForSeconds: 60, tags: ['source:dora'] } as Partial<AnswerNote>,
  };
  const field = (resolve: () => unknown) => ({ type: GraphQLString, args: { n: { type: GraphQLInt } }, resolve });
  const items = () => {
    state.executed++;
    traces.note({
      source: 'dora',
      operation: 'listServices',
      ageSeconds: 0,
      status: 'miss',
      freshForSeconds: 60,
      tags: [],
      ...state.note,
    } as AnswerNote);
    return 'items';
  };
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        items: field(items),
        sources: field(() => (state.executed++, 'live')),
        broken: field(() => {
          throw new ConnectorError('dora', 'unavailable', 'down');
        }),
      },
    }),
    mutation: new GraphQLObjectType({ name: 'Mutation', fields: { touch: field(() => (state.executed++, 'done')) } }),
  });
  const plugin = responseCachePlugin<Ctx>({
    tiers,
    clock: clock.now,
    traces,
    scopeOf: (c) => c.scope ?? PUBLIC_SCOPE,
    metrics: { hit: () => void state.hits++, miss: () => void state.misses++ },
    ...opts,
  });
  const server = new ApolloServer<Ctx>({ schema, plugins: [plugin] });
  const run = async (query: string, variables?: Record<string, unknown>, ctx: Ctx = {}) => {
    const res = await traces.run(() => server.executeOperation({ query, variables }, { contextValue: ctx }));
    await new Promise((r) => setImmediate(r)); // the background write of the previous response
    return res.body.kind === 'single' ? res.body.singleResult : undefined;
  };
  return { server, run, state, clock, tags, plugin };
}

describe('responseCacheKey', () => {
  it('depends on the document, the operation, the variables in any key order, and the scope', () => {
    const base = { schemaHash: 's', documentHash: 'q', operationName: 'Op', variables: { a: 1, b: 2 } };
    const key = responseCacheKey(base, PUBLIC_SCOPE);
    expect(key).toMatch(/^v1:response:graphql:[\w-]{16}:public$/);
    expect(responseCacheKey({ ...base, variables: { b: 2, a: 1 } }, PUBLIC_SCOPE)).toBe(key);
    for (const other of [
      { ...base, documentHash: 'r' },
      { ...base, operationName: 'Other' },
      { ...base, variables: { a: 2 } },
      { ...base, schemaHash: 't' },
    ]) {
      expect(responseCacheKey(other, PUBLIC_SCOPE)).not.toBe(key);
    }
    expect(responseCacheKey(base, 'partner-42')).not.toBe(key);
  });
});

describe('responseCachePlugin', () => {
  it('answers a repeated read from the cache until the shortest freshness of its answers ends', async () => {
    const { server, run, state, clock } = setup();
    await server.start();
    state.note = { freshForSeconds: 30, tags: ['source:dora'] };
    expect(await run('query Q($n: Int) { items(n: $n) }', { n: 1 })).toEqual({ data: { items: 'items' } });
    clock.advance(10);
    expect(await run('query Q($n: Int) { items(n: $n) }', { n: 1 })).toEqual({
      data: { items: 'items' },
      extensions: { responseCache: { status: 'hit', ageSeconds: 10 } },
    });
    await run('query Q($n: Int) { items(n: $n) }', { n: 2 }); // other variables: executed
    await run('query Q($n: Int) { items(n: $n) }', { n: 1 }, { scope: 'other' }); // other scope: executed
    clock.advance(21); // 31 s after the first answer: expired
    await run('query Q($n: Int) { items(n: $n) }', { n: 1 });
    expect([state.executed, state.hits, state.misses]).toEqual([4, 1, 4]);
    await server.stop();
  });

  it('tags the stored response with the tags of every answer it was built from', async () => {
    const { server, run, state, tags } = setup();
    await server.start();
    state.note = { freshForSeconds: 60, tags: ['entity:dora--1', 'lists-in:59'] };
    await run('{ items }');
    expect(await tags.take(['lists-in:59'])).toEqual([expect.stringMatching(/^v1:response:graphql:/)]);
    await server.stop();
  });

  it.each<[string, string, Partial<AnswerNote>, { failed?: boolean }]>([
    ['a mutation', 'mutation { touch }', {}, {}],
    ['an introspection query', '{ __schema { queryType { name } } items }', {}, {}],
    ['live state (sources)', '{ sources }', {}, {}],
    ['a response with errors', '{ items broken }', {}, {}],
    ['a response built from a stale answer', '{ items }', { status: 'stale', freshForSeconds: 0 }, {}],
    ['a response built from an uncached call', '{ items }', { status: 'uncached', freshForSeconds: 0 }, {}],
    ['a response with an incomplete source', '{ items }', {}, { failed: true }],
  ])('never stores %s', async (_what, query, note, opts) => {
    const { server, run, state } = setup();
    await server.start();
    state.note = { ...state.note, ...note };
    const ctx = (): Ctx => {
      const report = new SourceReport();
      if (opts.failed)
        report.add(
          ['items'],
          [
            {
              source: 'dora',
              ok: false,
              error: new ConnectorError('dora', 'timeout', 'slow'),
              returned: 0,
              rejected: [],
              latencyMs: 1,
            },
          ],
        );
      return { report };
    };
    await run(query, undefined, ctx());
    const before = state.executed;
    await run(query, undefined, ctx());
    expect(state.executed).toBe(before * 2);
    expect(state.hits).toBe(0);
    await server.stop();
  });
});

describe('hitBytes (the fast path)', () => {
  it('gives the bytes Apollo would send for the same hit, counted as a hit, for the same request fields and scope only', async () => {
    const { server, run, state, clock, plugin } = setup();
    await server.start();
    const query = 'query Q($n: Int) { items(n: $n) }';
    expect(plugin.hitBytes({ query, variables: { n: 1 } }, PUBLIC_SCOPE)).toBeUndefined();
    await run(query, { n: 1 });
    clock.advance(4);
    const viaApollo = await run(query, { n: 1 });
    const fast = plugin.hitBytes({ query, variables: { n: 1 } }, PUBLIC_SCOPE);
    expect(fast?.body.toString('utf8')).toBe(`${JSON.stringify(viaApollo)}\n`);
    expect(fast?.operationName).toBe('Q');
    expect(state.hits).toBe(2);
    for (const [request, scope] of [
      [{ query, variables: { n: 2 } }, PUBLIC_SCOPE],
      [{ query, operationName: 'Q', variables: { n: 1 } }, PUBLIC_SCOPE], // the key has the operationName the request sent
      [{ query: `${query} `, variables: { n: 1 } }, PUBLIC_SCOPE],
      [{ query, variables: { n: 1 } }, 'partner-42'],
    ] as const) {
      expect(plugin.hitBytes(request, scope)).toBeUndefined();
    }
    expect(state.hits).toBe(2);
    clock.advance(57); // 61 s after the answer: past its 60 s of freshness
    expect(plugin.hitBytes({ query, variables: { n: 1 } }, PUBLIC_SCOPE)).toBeUndefined();
    expect(state.executed).toBe(1);
    await server.stop();
  });

  it('splices the age into the stored bytes as it grows', async () => {
    const { server, run, clock, plugin } = setup();
    await server.start();
    await run('{ items }');
    const at = (_s: number) => JSON.parse(plugin.hitBytes({ query: '{ items }' }, PUBLIC_SCOPE)!.body.toString('utf8'));
    expect(at(0)).toEqual({
      data: { items: 'items' },
      extensions: { responseCache: { status: 'hit', ageSeconds: 0 } },
    });
    clock.advance(12);
    expect(at(12).extensions.responseCache.ageSeconds).toBe(12);
    // The entry's bytes are its own, not a slice pinning a slab of Node's shared buffer pool.
    const { body } = plugin.hitBytes({ query: '{ items }' }, PUBLIC_SCOPE)!;
    expect(body.buffer.byteLength).toBe(body.length);
    await server.stop();
  });
});

describe('cache hygiene', () => {
  it('keys the normalised document: comments, spacing and variable order make no new entry', async () => {
    const { server, run, state, plugin } = setup();
    await server.start();
    await run('query Q($b: Boolean!, $n: Int) { items(n: $n) @include(if: $b) }', { b: true, n: 2 });
    const layouts = [
      '# a comment\nquery Q($b: Boolean!, $n: Int) {\n  items(n: $n) @include(if: $b)\n}',
      'query   Q($b:Boolean!,$n:Int){items(n:$n)@include(if:$b)}',
    ];
    for (const query of layouts)
      expect(await run(query, { n: 2, b: true })).toMatchObject({
        data: { items: 'items' },
        extensions: { responseCache: { status: 'hit' } },
      });
    expect(state.executed).toBe(1);
    // The fast path knows a text once Apollo has seen it, and only then.
    expect(plugin.hitBytes({ query: layouts[1]!, variables: { n: 2, b: true } }, PUBLIC_SCOPE)).toBeDefined();
    expect(plugin.hitBytes({ query: '{items(n:2)} # unseen', variables: null }, PUBLIC_SCOPE)).toBeUndefined();
    await server.stop();
  });

  it('does not store a response larger than maxEntryBytes', async () => {
    const { server, run, state } = setup({ maxEntryBytes: 10 });
    await server.start();
    await run('{ items }');
    await run('{ items }');
    expect(state.executed).toBe(2);
    await server.stop();
  });

  it('answers variables too deep to hash without caching them, and without throwing', async () => {
    const { server, run, state, plugin } = setup();
    await server.start();
    let deep: unknown = 1;
    for (let i = 0; i < 5_000; i++) deep = [deep];
    await run('query($n: Int) { items(n: 1) a: items(n: $n) @skip(if: true) }', { n: 1, x: deep });
    expect(state.executed).toBe(1);
    expect(
      plugin.hitBytes(
        { query: 'query($n: Int) { items(n: 1) a: items(n: $n) @skip(if: true) }', variables: { n: 1, x: deep } },
        PUBLIC_SCOPE,
      ),
    ).toBeUndefined();
    await server.stop();
  });
});
