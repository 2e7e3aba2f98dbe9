/**
 * What Apollo Server 5 shows for a bad nomenclature value, and the formatError rule that makes
 * literals and variables both answer BAD_USER_INPUT (in-process executeOperation, no HTTP).
 */
import { ApolloServer, type ApolloServerOptions, type BaseContext } from '@apollo/server';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { assertSingleGraphqlRealm } from '../../src/server/schema.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScalarInputError, nomenclatureErrorCode, quoteInput } from './input-error.js';
import { ThematiqueScalar } from './nomenclature.scalars.js';

@Resolver()
class EchoResolver {
  @Query(() => [ThematiqueScalar])
  thematiques(@Arg('values', () => [ThematiqueScalar]) values: string[]): string[] {
    return values;
  }
}

const LITERAL = '{ thematiques(values: ["famile--garde-denfants"]) }';
const VARIABLE = 'query($t: [Thematique!]!) { thematiques(values: $t) }';

/** The rule the server's formatError is expected to apply. */
const formatError: ApolloServerOptions<BaseContext>['formatError'] = (formatted, error) => {
  const code = nomenclatureErrorCode(error);
  return code ? { ...formatted, extensions: { ...formatted.extensions, code } } : formatted;
};

let schema: GraphQLSchema;
const servers: ApolloServer[] = [];
beforeAll(async () => {
  assertSingleGraphqlRealm();
  schema = await buildSchema({ resolvers: [EchoResolver], validate: true });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
});

async function firstError(server: ApolloServer, query: string, variables?: Record<string, unknown>) {
  const res = await server.executeOperation({ query, variables });
  if (res.body.kind !== 'single') throw new Error('expected a single result');
  return res.body.singleResult.errors![0]!;
}

describe('Apollo Server 5 with a bad Thematique', () => {
  it('by default: variables get BAD_USER_INPUT, literals GRAPHQL_VALIDATION_FAILED (apollo-server#5964)', async () => {
    const server = new ApolloServer({ schema });
    servers.push(server);
    const literal = await firstError(server, LITERAL);
    expect(literal.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.message).toContain('Did you mean "famille--garde-denfants"?');
    const variable = await firstError(server, VARIABLE, { t: ['famile--garde-denfants'] });
    expect(variable.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('with the nomenclatureErrorCode rule in formatError: both are BAD_USER_INPUT, suggestions kept', async () => {
    const server = new ApolloServer({ schema, formatError });
    servers.push(server);
    const literal = await firstError(server, LITERAL);
    expect(literal.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      scalar: 'Thematique',
      suggestions: ['famille--garde-denfants'],
    });
    expect(literal.message).toContain('Unknown Thematique "famile--garde-denfants"');
    const variable = await firstError(server, VARIABLE, { t: ['famile--garde-denfants'] });
    expect(variable.extensions).toMatchObject({ code: 'BAD_USER_INPUT', scalar: 'Thematique' });
  });

  it('the rule leaves other validation errors alone', async () => {
    const server = new ApolloServer({ schema, formatError });
    servers.push(server);
    expect((await firstError(server, '{ nope }')).extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('nomenclatureErrorCode', () => {
  const ours = new ScalarInputError('Thematique', 'Unknown Thematique "x".');

  it('finds a ScalarInputError through originalError wrappers', () => {
    expect(nomenclatureErrorCode(ours)).toBe('BAD_USER_INPUT');
    const wrapped = new GraphQLError('outer', { originalError: new GraphQLError('inner', { originalError: ours }) });
    expect(nomenclatureErrorCode(wrapped)).toBe('BAD_USER_INPUT');
  });

  it('is undefined for anything else', () => {
    expect(nomenclatureErrorCode(new GraphQLError('x', { extensions: { code: 'BAD_USER_INPUT' } }))).toBeUndefined();
    expect(nomenclatureErrorCode(new Error('x'))).toBeUndefined();
    expect(nomenclatureErrorCode('x')).toBeUndefined();
    expect(nomenclatureErrorCode(undefined)).toBeUndefined();
  });

  it('quoteInput cuts huge inputs so errors never flood', () => {
    expect(quoteInput('a'.repeat(10_000))).toHaveLength(118);
    expect(quoteInput(3)).toBe('3');
  });
});
