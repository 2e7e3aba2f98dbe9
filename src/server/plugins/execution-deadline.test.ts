import { ApolloServer } from '@apollo/server';
import { GraphQLInt, GraphQLList, GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { describe, expect, it } from 'vitest';
import { budgetOf, runWithBudget } from '../../../connectors/deadline.js';
import {
  collapseDeadlineErrors,
  DEADLINE_CODE,
  EXECUTION_GRACE_MS,
  executionDeadlinePlugin,
} from './execution-deadline.js';

/** A schema whose rows' `label` moves a fake clock forward, as slow synchronous work would. */
function setup() {
  const clock = { t: 1_000_000 };
  let resolved = 0;
  const row = new GraphQLObjectType({
    name: 'Row',
    fields: { label: { type: GraphQLString, resolve: (n: number) => ((clock.t += 100), resolved++, `row ${n}`) } },
  });
  const schema = new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: {
        rows: {
          type: new GraphQLNonNull(new GraphQLList(row)),
          args: { n: { type: GraphQLInt } },
          resolve: (_r, a: { n: number }) => Array.from({ length: a.n }, (_, i) => i),
        },
      },
    }),
  });
  const server = new ApolloServer({ schema, plugins: [executionDeadlinePlugin(1_000, () => clock.t)] });
  return { server, clock, resolved: () => resolved };
}

describe('executionDeadlinePlugin', () => {
  it('stops resolving fields once the budget and its grace are spent, and answers what it has with one error', async () => {
    const { server, clock, resolved } = setup();
    await server.start();
    const res = await runWithBudget(budgetOf(1_000, clock.t), () =>
      server.executeOperation({ query: '{ rows(n: 10000) { label } }' }),
    );
    if (res.body.kind !== 'single') throw new Error('expected a single result');
    const { data, errors } = res.body.singleResult;
    const allowed = (1_000 + EXECUTION_GRACE_MS) / 100;
    expect(resolved()).toBe(allowed);
    expect((data?.rows as unknown[]).filter((r) => (r as { label: string | null }).label !== null)).toHaveLength(
      allowed,
    );
    expect(errors).toHaveLength(1);
    expect(errors![0]).toMatchObject({
      message: expect.stringContaining('REQUEST_DEADLINE_MS'),
      extensions: { code: DEADLINE_CODE, unresolvedFields: 10_000 - allowed },
    });
    await server.stop();
  });

  it('collapses only deadline errors', () => {
    const other = { message: 'x', extensions: { code: 'BAD_USER_INPUT' } };
    const late = { message: 'late', extensions: { code: DEADLINE_CODE } };
    expect(collapseDeadlineErrors([other, late, late])).toEqual([
      other,
      { ...late, extensions: { code: DEADLINE_CODE, unresolvedFields: 2 } },
    ]);
    expect(collapseDeadlineErrors([other, late])).toEqual([other, late]);
  });
});
