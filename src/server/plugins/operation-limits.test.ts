import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  type DocumentNode,
  getIntrospectionQuery,
  type GraphQLSchema,
  Kind,
  type OperationDefinitionNode,
  parse,
  specifiedRules,
  validate,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../schema.js';
import {
  armorRules,
  DEFAULT_LIMITS,
  type OperationLimits,
  operationCost,
  operationProblem,
} from './operation-limits.js';

const OPERATIONS = join(import.meta.dirname, '..', '..', '..', 'graphql', 'operations');

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

/** Every check a request meets before execution, as the messages of the errors it gets (parse, validation, plugin). */
function refusals(
  text: string,
  variables: Record<string, unknown> = {},
  operationName?: string,
  limits: OperationLimits = DEFAULT_LIMITS,
): string[] {
  let document: DocumentNode;
  try {
    document = parse(text, { maxTokens: limits.maxTokens });
  } catch (err) {
    return [(err as Error).message];
  }
  const errors = validate(schema, document, [...specifiedRules, ...armorRules(limits)]);
  if (errors.length > 0) return errors.map((e) => e.message);
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  const operation =
    operationName === undefined
      ? ops.length === 1
        ? ops[0]
        : undefined
      : ops.find((o) => o.name?.value === operationName);
  const problem = operationProblem({ schema, document, operation, request: { operationName, variables } }, limits);
  return problem ? [problem.message] : [];
}

/** Plausible values for an operation's variables (a front end's). */
function variablesOf(op: OperationDefinitionNode): Record<string, unknown> {
  const sample: Record<string, unknown> = {
    id: 'dora--4f2c',
    code: '59350',
    codeCommune: '59350',
    departement: '59',
    nom: 'lille',
    name: 'thematiques',
  };
  return Object.fromEntries(
    (op.variableDefinitions ?? [])
      .map((v) => [v.variable.name.value, sample[v.variable.name.value] ?? null])
      .filter(([, v]) => v !== null),
  );
}

describe('operation limits', () => {
  const files = readdirSync(OPERATIONS).filter((f) => f.endsWith('.graphql'));

  it.each(files)('let every operation of graphql/operations/%s through', (file) => {
    const text = readFileSync(join(OPERATIONS, file), 'utf8');
    const ops = parse(text).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    expect(ops.length).toBeGreaterThan(0);
    for (const op of ops) {
      expect(refusals(text, variablesOf(op), op.name?.value), op.name?.value).toEqual([]);
      const cost = operationCost(schema, parse(text), op, variablesOf(op), DEFAULT_LIMITS);
      expect(cost, op.name?.value).toBeGreaterThan(0);
    }
  });

  it('lets a realistic front-end page through: 100 services with their structure and commune', () => {
    const query = `{ services(filter: { codeDepartement: "59" }, first: 100) { totalCount pageInfo { endCursor hasNextPage }
      edges { node { id nom thematiques structure { id nom adresse commune codePostal telephone courriel siteWeb } } } } }`;
    expect(refusals(query)).toEqual([]);
  });

  it('lets the introspection queries of tools through (Apollo Sandbox, codegen)', () => {
    expect(refusals(getIntrospectionQuery())).toEqual([]);
    expect(
      refusals(
        getIntrospectionQuery({
          descriptions: true,
          specifiedByUrl: true,
          directiveIsRepeatable: true,
          schemaDescription: true,
          inputValueDeprecation: true,
        }),
      ),
    ).toEqual([]);
  });

  it('weighs lists by their first argument, multiplied through nesting', () => {
    const doc = parse(
      '{ communes(departement: "59", first: 500) { nom departement { communes(first: 500) { edges { node { nom } } } } } }',
    );
    const op = doc.definitions[0] as OperationDefinitionNode;
    expect(operationCost(schema, doc, op, {}, DEFAULT_LIMITS)).toBe(1 + 500 * (1 + 1 + (1 + 500 * (1 + (1 + 1)))));
    expect(refusals(doc.loc!.source.body)).toEqual(['Query cost 751 501 exceeds the limit of 50 000 (QUERY_MAX_COST)']);
  });

  it('takes first from variables', () => {
    const query =
      'query($n: Int) { communes(departement: "59", first: $n) { nom departement { communes(first: $n) { edges { node { nom } } } } } }';
    expect(refusals(query, { n: 10 })).toEqual([]);
    expect(refusals(query, { n: 500 })[0]).toMatch(/QUERY_MAX_COST/);
  });

  it('refuses 1 000 aliases of a 500-commune list by tokens, and by aliases and cost when tokens allow it', () => {
    const query = `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: communes(departement: "59", first: 500) { nom }`).join(' ')} }`;
    expect(refusals(query)[0]).toMatch(/more th(an|at) 1000 tokens/);
    const roomy = { ...DEFAULT_LIMITS, maxTokens: 100_000 };
    expect(refusals(query, {}, undefined, roomy)).toEqual([
      'Query has more aliases than the limit of 30 (QUERY_MAX_ALIASES)',
    ]);
    expect(refusals(query, {}, undefined, { ...roomy, maxAliases: 5_000, maxRootFields: 5_000 })[0]).toMatch(
      /^Query cost 501 000 exceeds the limit of 50 000 \(QUERY_MAX_COST\)$/,
    );
  });

  it('refuses the territory cycle by depth', () => {
    const query =
      '{ commune(code: "59350") { departement { region { departements { communes { edges { node { departement { region { departements { communes { edges { node { nom } } } } } } } } } } } } } }';
    expect(refusals(query)).toEqual(['Query depth exceeds the limit of 12 (QUERY_MAX_DEPTH)']);
  });

  it('refuses a fragment diamond in linear time', () => {
    const fragments = Array.from(
      { length: 40 },
      (_, i) => `fragment F${i} on Commune { nom ...F${i + 1} ...F${i + 1} }`,
    ).join('\n');
    const query = `{ commune(code: "59350") { ...F0 } }\n${fragments}\nfragment F40 on Commune { nom }`;
    expect(refusals(query)[0]).toMatch(/^Query cost exceeds the limit of 50 000 \(QUERY_MAX_COST\)/);
  });

  it('refuses too many root fields and directives, naming the variable', () => {
    const roots = `{ ${Array.from({ length: 21 }, () => 'regions { code }').join(' ')} }`;
    expect(refusals(roots)).toEqual(['Query has 21 root fields, more than the limit of 20 (QUERY_MAX_ROOT_FIELDS)']);
    const directives = `{ regions { code ${'@include(if: true) '.repeat(51)} } }`;
    expect(refusals(directives)).toContain('Query has more directives than the limit of 50 (QUERY_MAX_DIRECTIVES)');
  });

  it('refuses operation-name mistakes and subscriptions with a 400', () => {
    for (const [text, name, message] of [
      ['query A { regions { code } }', 'B', 'Unknown operation named "B": the document has no such operation'],
      [
        'query A { regions { code } } query B { regions { nom } }',
        undefined,
        'The document has several operations: name the one to run with operationName',
      ],
    ] as const) {
      expect(refusals(text, {}, name)).toEqual([message]);
    }
    const document = parse('subscription S { regions { code } }');
    const error = operationProblem(
      { schema, document, operation: document.definitions[0] as OperationDefinitionNode, request: {} },
      DEFAULT_LIMITS,
    );
    expect(error?.extensions).toMatchObject({ code: 'BAD_REQUEST', http: { status: 400 } });
  });

  it('refuses deeply nested variables before anything hashes them', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 5_000; i++) deep = [deep];
    const [message] = refusals('query($c: String!) { commune(code: $c) { nom } }', { c: deep });
    expect(message).toBe('Variables nest deeper than 16 levels, the limit (VARIABLES_MAX_DEPTH)');
  });
});
