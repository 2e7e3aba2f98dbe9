/**
 * A few-field schema built with graphql-js, for testing the server edge (plugins, HTTP, shutdown)
 * without depending on the gateway's resolvers.
 */
import { GraphQLNonNull, GraphQLObjectType, GraphQLSchema, GraphQLString } from 'graphql';
import { badUserInput, ConnectorError } from '../../src/errors.js';

/** A secret that must never reach a client (it sits in a thrown error and a partner cause). */
export const LEAKY_DETAIL = 'https://partner.example/api?token=s3cr3t';

/** Builds the schema; `gate` lets a test hold the `wait` field open (graceful shutdown tests). */
export function tinySchema(opts: { gate?: () => Promise<void> } = {}): GraphQLSchema {
  const query = new GraphQLObjectType({
    name: 'Query',
    fields: {
      hello: {
        type: new GraphQLNonNull(GraphQLString),
        args: { name: { type: GraphQLString } },
        resolve: (_root, args: { name?: string | null }) => `Hello ${args.name ?? 'world'}`,
      },
      boom: {
        type: GraphQLString,
        resolve: () => {
          throw new Error(`database exploded at ${LEAKY_DETAIL}`);
        },
      },
      partner: {
        type: GraphQLString,
        resolve: () => {
          throw new ConnectorError('dora', 'unavailable', 'partner error (HTTP 503)', {
            status: 503,
            cause: new Error(`GET ${LEAKY_DETAIL} → 503`),
          });
        },
      },
      badInput: {
        type: GraphQLString,
        resolve: () => {
          throw badUserInput('limit must be between 1 and 100, got: 0', { argument: 'limit' });
        },
      },
      wait: {
        type: GraphQLString,
        resolve: async () => {
          await opts.gate?.();
          return 'waited';
        },
      },
    },
  });
  return new GraphQLSchema({ query });
}
