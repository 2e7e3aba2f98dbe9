/**
 * The committed SDL must match what the resolvers build (the SDL is reviewed in diffs), and the
 * Structure/Service types must carry every v1 field of the data·inclusion JSON Schemas.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  getNamedType,
  graphql,
  isNonNullType,
  isObjectType,
  parse,
  validate,
  type GraphQLObjectType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import structureJson from '../data/data-inclusion/v1/structure.json' with { type: 'json' };
import serviceJson from '../data/data-inclusion/v1/service.json' with { type: 'json' };
import { buildGatewaySchema, printGatewaySchema } from '../src/server/schema.js';

const SCHEMA_FILE = join(import.meta.dirname, '..', 'graphql', 'schema.graphql');
const camel = (snake: string): string => snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema();
});

describe('graphql/schema.graphql', () => {
  it('is up to date with the resolvers (run `npm run schema:emit` when this fails)', () => {
    let committed = '';
    try {
      committed = readFileSync(SCHEMA_FILE, 'utf8');
    } catch {
      // Missing file: fall through to the same failure message.
    }
    const current = printGatewaySchema(schema);
    if (committed !== current) {
      const a = committed.split('\n');
      const b = current.split('\n');
      const line = b.findIndex((l, i) => l !== a[i]);
      const where =
        line < 0
          ? 'trailing lines differ'
          : `first difference at line ${line + 1}: expected ${JSON.stringify(b[line])}`;
      expect.fail(
        `graphql/schema.graphql is stale or missing (${where}): run \`npm run schema:emit\` and commit the result.`,
      );
    }
  });

  describe('printGatewaySchema', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-schema-'));
    afterAll(() => rmSync(dir, { recursive: true, force: true }));

    it('prints exactly what buildSchema({ emitSchemaFile }) writes', async () => {
      const path = join(dir, 'schema.graphql');
      const emitted = await buildGatewaySchema({ emitSchemaFile: path });
      expect(readFileSync(path, 'utf8')).toBe(printGatewaySchema(emitted));
    });
  });
});

describe('graphql/operations/nomenclatures.graphql', () => {
  const text = readFileSync(join(import.meta.dirname, '..', 'graphql', 'operations', 'nomenclatures.graphql'), 'utf8');

  it('is valid against the schema and every operation runs without errors', async () => {
    const doc = parse(text);
    expect(validate(schema, doc)).toEqual([]);
    const names = doc.definitions.map((d) => (d as OperationDefinitionNode).name!.value);
    for (const operationName of names) {
      const res = await graphql({ schema, source: text, operationName, variableValues: { name: 'publics' } });
      expect(res.errors, operationName).toBeUndefined();
    }
    expect(names.length).toBeGreaterThanOrEqual(3);
  });
});

describe.each([
  ['Structure', structureJson],
  ['Service', serviceJson],
] as const)('type %s', (typeName, jsonSchema) => {
  const type = () => schema.getType(typeName) as GraphQLObjectType;

  it('has every v1 field in camelCase, non-null exactly when required, described with its schema name', () => {
    const fields = type().getFields();
    for (const snake of Object.keys(jsonSchema.properties)) {
      const field = fields[camel(snake)];
      expect(field, `${typeName}.${camel(snake)}`).toBeDefined();
      expect(isNonNullType(field!.type), `${typeName}.${camel(snake)} non-null`).toBe(
        jsonSchema.required.includes(snake),
      );
      expect(field!.description, `${typeName}.${camel(snake)} description`).toMatch(new RegExp(`^\`${snake}\` — `));
    }
  });

  it('adds only the d·i extensions adresseCertifiee and scoreQualite as scalar fields, both nullable', () => {
    const v1 = new Set(Object.keys(jsonSchema.properties).map(camel));
    const extra = Object.values(type().getFields()).filter(
      (f) => !v1.has(f.name) && !isObjectType(getNamedType(f.type)),
    );
    expect(extra.map((f) => `${f.name}: ${String(f.type)}`).sort()).toEqual([
      'adresseCertifiee: Boolean',
      'scoreQualite: Float',
    ]);
  });
});

describe('field types', () => {
  const typeOf = (t: string, f: string) => String((schema.getType(t) as GraphQLObjectType).getFields()[f]!.type);

  it('uses the nomenclature scalars for nomenclature-valued fields', () => {
    expect(typeOf('Service', 'thematiques')).toBe('[Thematique!]');
    expect(typeOf('Service', 'publics')).toBe('[Public!]');
    expect(typeOf('Service', 'type')).toBe('TypeService');
    expect(typeOf('Service', 'frais')).toBe('Frais');
    expect(typeOf('Service', 'modesAccueil')).toBe('[ModeAccueil!]');
    expect(typeOf('Service', 'modesMobilisation')).toBe('[ModeMobilisation!]');
    expect(typeOf('Service', 'mobilisablePar')).toBe('[PersonneMobilisatrice!]');
    expect(typeOf('Structure', 'reseauxPorteurs')).toBe('[ReseauPorteur!]');
  });

  it('uses Date for date_maj, ID for ids, Int/Float for numbers and String for URLs and e-mails', () => {
    expect(typeOf('Service', 'dateMaj')).toBe('Date!');
    expect(typeOf('Structure', 'dateMaj')).toBe('Date!');
    expect(typeOf('Service', 'id')).toBe('ID!');
    expect(typeOf('Service', 'structureId')).toBe('ID!');
    expect(typeOf('Service', 'nombreSemaines')).toBe('Int');
    expect(typeOf('Service', 'volumeHoraireHebdomadaire')).toBe('Float');
    expect(typeOf('Structure', 'siteWeb')).toBe('String');
    expect(typeOf('Service', 'courriel')).toBe('String');
  });
});
