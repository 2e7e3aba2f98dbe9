import { graphql, graphqlSync, GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import { resolveInSlices } from './execution-slices.js';

/** A list of `n` rows whose `v` spends 1 ms of CPU each (synchronous work, as a big list is). */
function busySchema(n: number, seen: { turnsSeenByLastRow: number; turns: number }) {
  const row = new GraphQLObjectType({
    name: 'Row',
    fields: {
      v: {
        type: GraphQLInt,
        resolve: (i: number) => {
          const until = performance.now() + 1;
          while (performance.now() < until);
          if (i === n - 1) seen.turnsSeenByLastRow = seen.turns;
          return i;
        },
      },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { rows: { type: new GraphQLList(row), resolve: () => Array.from({ length: n }, (_, i) => i) } },
    }),
  });
}

describe('resolveInSlices', () => {
  it('lets the event loop turn while a long synchronous list resolves, and the result is unchanged', async () => {
    const seen = { turnsSeenByLastRow: 0, turns: 0 };
    let ticking = true;
    const tick = () => {
      seen.turns++;
      if (ticking) setImmediate(tick);
    };
    setImmediate(tick);
    const result = await graphql({ schema: resolveInSlices(busySchema(300, seen), 20), source: '{ rows { v } }' });
    ticking = false;
    expect(result.errors).toBeUndefined();
    expect((result.data?.rows as Array<{ v: number }>).map((r) => r.v)).toEqual(
      Array.from({ length: 300 }, (_, i) => i),
    );
    // 300 ms of work in 20 ms slices: the loop turned many times before the last row resolved.
    expect(seen.turnsSeenByLastRow).toBeGreaterThan(5);
  });

  it('keeps execution synchronous when the work fits in a slice', () => {
    const schema = resolveInSlices(
      new GraphQLSchema({
        query: new GraphQLObjectType({ name: 'Query', fields: { a: { type: GraphQLInt, resolve: () => 1 } } }),
      }),
      20,
    );
    // graphqlSync throws if any field resolved to a promise.
    expect(graphqlSync({ schema, source: '{ a b: a c: a }' })).toEqual({ data: { a: 1, b: 1, c: 1 } });
  });
});
