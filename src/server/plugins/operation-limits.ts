/**
 * Operation limits, checked before anything executes. Parsing stops past `maxTokens` (graphql-js's
 * own parse option, set in server.ts); GraphQL Armor's validation rules bound depth, aliases and
 * directives (field suggestions are cut at the edge, error-masking.ts); the plugin below refuses
 * what Apollo would otherwise answer with a 500 (an unknown or missing operationName,
 * subscriptions), then bounds the variables' shape, the root fields and the cost.
 *
 * The cost is graphql-query-complexity's walk with one estimator: a field costs 1 plus its
 * children's cost times the size of the list it returns: its `first` argument when it has one,
 * `defaultListSize` for other lists (a connection's `edges` are already counted by the connection's
 * `first`), 1 otherwise and inside introspection (the schema is fixed and small, so tools'
 * introspection queries pass). The walk expands fragments without memoising them, so it is capped
 * at `maxCost` selections: each costs at least 1, so a document that reaches the cap is over the
 * limit anyway, and a fragment diamond cannot make the walk exponential.
 */
import type { ApolloServerPlugin, BaseContext } from '@apollo/server';
import { ApolloArmor } from '@escape.tech/graphql-armor';
import type { GraphQLArmorRejectCallback } from '@escape.tech/graphql-armor-types';
import {
  type DocumentNode,
  getNullableType,
  GraphQLError,
  type GraphQLSchema,
  isListType,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
// The CJS build: its ESM build imports graphql's .mjs files, a second graphql realm next to the one our schema uses.
import { type ComplexityEstimator, getComplexity } from 'graphql-query-complexity/cjs';
import { rootFields } from './response-cache.js';
import { variablesProblem } from '../variables-shape.js';

/** The limits, each named after the variable that sets it (config.ts). */
export interface OperationLimits {
  readonly maxTokens: number;
  readonly maxDepth: number;
  readonly maxAliases: number;
  readonly maxRootFields: number;
  readonly maxDirectives: number;
  readonly maxCost: number;
  readonly defaultListSize: number;
  readonly variablesMaxDepth: number;
  readonly variablesMaxNodes: number;
}

/** The defaults: every operation of graphql/operations/ passes them with a wide margin. */
export const DEFAULT_LIMITS: OperationLimits = Object.freeze({
  maxTokens: 1_000,
  maxDepth: 12,
  maxAliases: 30,
  maxRootFields: 20,
  maxDirectives: 50,
  maxCost: 50_000,
  defaultListSize: 20,
  variablesMaxDepth: 16,
  variablesMaxNodes: 10_000,
});

/** A number as the messages show it (`50 000`). */
const shownNumber = (n: number) => n.toLocaleString('fr-FR').replace(/\s/g, ' ');

/** The error of a refused operation: HTTP 400, BAD_USER_INPUT, naming the limit's variable. */
export function limitError(message: string, variable: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', limit: variable, http: { status: 400 } } });
}

/** A 400 for requests Apollo cannot run (no operation to execute). */
function badRequest(message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
}

/** Armor's rejection reported as our error (Armor's own would throw out of validation). */
function reject(
  message: string,
  variable: string,
): { onReject: GraphQLArmorRejectCallback[]; propagateOnRejection: false } {
  return { onReject: [(ctx) => ctx?.reportError(limitError(message, variable))], propagateOnRejection: false };
}

/** Armor's validation rules for these limits (tokens are graphql-js's parse option; cost is ours). */
export function armorRules(limits: OperationLimits): ValidationRule[] {
  return new ApolloArmor({
    maxTokens: { enabled: false },
    costLimit: { enabled: false },
    maxDepth: {
      n: limits.maxDepth,
      flattenFragments: true,
      ignoreIntrospection: true,
      ...reject(`Query depth exceeds the limit of ${limits.maxDepth} (QUERY_MAX_DEPTH)`, 'QUERY_MAX_DEPTH'),
    },
    maxAliases: {
      n: limits.maxAliases,
      ...reject(
        `Query has more aliases than the limit of ${limits.maxAliases} (QUERY_MAX_ALIASES)`,
        'QUERY_MAX_ALIASES',
      ),
    },
    maxDirectives: {
      n: limits.maxDirectives,
      ...reject(
        `Query has more directives than the limit of ${limits.maxDirectives} (QUERY_MAX_DIRECTIVES)`,
        'QUERY_MAX_DIRECTIVES',
      ),
    },
    blockFieldSuggestion: { enabled: false },
  }).protect().validationRules;
}

/** The cost estimator described at the top of this file. */
export function listSizeEstimator(defaultListSize: number): ComplexityEstimator {
  return ({ type, field, args, childComplexity }) => {
    const first = typeof args.first === 'number' ? Math.max(0, args.first) : undefined;
    const list =
      isListType(getNullableType(field.type)) &&
      !type.name.endsWith('Connection') &&
      !type.name.startsWith('__') &&
      !field.name.startsWith('__');
    const size = first ?? (list ? defaultListSize : 1);
    return 1 + size * childComplexity;
  };
}

/** The operation's cost, or Infinity when it expands past `maxCost` selections; undefined when its variables are invalid (execution refuses them). */
export function operationCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> | undefined,
  limits: OperationLimits,
): number | undefined {
  try {
    return getComplexity({
      schema,
      query: document,
      variables: variables ?? {},
      operationName: operation.name?.value,
      estimators: [listSizeEstimator(limits.defaultListSize)],
      maxQueryNodes: limits.maxCost,
    });
  } catch (err) {
    if (!(err instanceof GraphQLError)) throw err;
    return /maximum allowed number of nodes/.test(err.message) ? Infinity : undefined;
  }
}

/** What the checks below read of a request (Apollo's request context satisfies it). */
export interface ResolvedRequest {
  readonly schema: GraphQLSchema;
  readonly document: DocumentNode;
  readonly operation?: OperationDefinitionNode;
  readonly request: { readonly operationName?: string; readonly variables?: Record<string, unknown> };
}

/** The first check a resolved request fails, as the error to answer, or undefined. */
export function operationProblem(
  { schema, document, operation, request }: ResolvedRequest,
  limits: OperationLimits,
): GraphQLError | undefined {
  if (!operation) {
    return badRequest(
      request.operationName
        ? `Unknown operation named "${request.operationName.slice(0, 60)}": the document has no such operation`
        : 'The document has several operations: name the one to run with operationName',
    );
  }
  if (operation.operation === 'subscription')
    return badRequest('Subscriptions are not supported: this API answers queries and mutations over HTTP');
  const problem = variablesProblem(request.variables, limits.variablesMaxDepth, limits.variablesMaxNodes);
  if (problem !== undefined) return limitError(problem.message, problem.variable);
  const roots = rootFields(operation, document).length;
  if (roots > limits.maxRootFields)
    return limitError(
      `Query has ${roots} root fields, more than the limit of ${limits.maxRootFields} (QUERY_MAX_ROOT_FIELDS)`,
      'QUERY_MAX_ROOT_FIELDS',
    );
  const cost = operationCost(schema, document, operation, request.variables, limits);
  if (cost === Infinity)
    return limitError(
      `Query cost exceeds the limit of ${shownNumber(limits.maxCost)} (QUERY_MAX_COST): it expands to more selections than that`,
      'QUERY_MAX_COST',
    );
  if (cost !== undefined && cost > limits.maxCost)
    return limitError(
      `Query cost ${shownNumber(cost)} exceeds the limit of ${shownNumber(limits.maxCost)} (QUERY_MAX_COST)`,
      'QUERY_MAX_COST',
    );
  return undefined;
}

/** The checks that need the resolved operation and the request's variables, before the response cache or execution. */
export function operationLimitsPlugin<TContext extends BaseContext>(
  limits: OperationLimits,
): ApolloServerPlugin<TContext> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(rc) {
          const problem = operationProblem(rc, limits);
          if (problem !== undefined) throw problem;
        },
      };
    },
  };
}
