/** `nomenclature(name:)` and `thematiqueCategories` through graphql() on the gateway schema builder. */
import { graphql, type GraphQLSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGatewaySchema } from '../src/server/schema.js';
import { NomenclatureResolver } from './nomenclature.resolver.js';

let schema: GraphQLSchema;
beforeAll(async () => {
  schema = await buildGatewaySchema({ resolvers: [NomenclatureResolver] });
});
const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });
const QUERY = 'query($name: String!) { nomenclature(name: $name) { value label description } }';

describe('nomenclature(name:)', () => {
  it.each([
    ['thematiques', 69],
    ['publics', 14],
    ['types-services', 6],
    ['frais', 2],
    ['modes-accueil', 2],
    ['modes-mobilisation', 4],
    ['personnes-mobilisatrices', 2],
    ['reseaux-porteurs', 108],
  ])('%s has %i values, sorted by value, each with a label', async (name, count) => {
    const { data, errors } = await run(QUERY, { name });
    expect(errors).toBeUndefined();
    const values = data!.nomenclature as Array<{ value: string; label: string }>;
    expect(values).toHaveLength(count);
    expect(values.map((v) => v.value)).toEqual([...values.map((v) => v.value)].sort((a, b) => a.localeCompare(b)));
    for (const v of values) expect(v.label.length).toBeGreaterThan(0);
  });

  it('returns value, label and description as the d·i lists give them', async () => {
    const { data } = await run(QUERY, { name: 'frais' });
    expect(data!.nomenclature).toEqual([
      { value: 'gratuit', label: 'Gratuit', description: 'L’accès au lieu et/ou à ses services est gratuit' },
      { value: 'payant', label: 'Payant', description: 'L’accès au lieu et/ou à ses services est payant' },
    ]);
  });

  it.each([
    ['typesServices', 6],
    ['types', 6],
    ['type', 6],
    ['types_de_services', 6],
    ['MODES_ACCUEIL', 2],
    ['mobilisable_par', 2],
    ['reseauxPorteurs', 108],
    ['thématiques', 69],
  ])('accepts the alias %s', async (name, count) => {
    const { data, errors } = await run(QUERY, { name });
    expect(errors).toBeUndefined();
    expect(data!.nomenclature).toHaveLength(count);
  });

  it('answers BAD_USER_INPUT listing the valid names for an unknown name', async () => {
    const { data, errors } = await run('{ nomenclature(name: "themes") { value } }');
    expect(data).toBeNull();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.message).toContain('Unknown nomenclature "themes" in argument "name".');
    expect(errors![0]!.message).toContain(
      'Valid names: thematiques, publics, types-services, frais, modes-accueil, modes-mobilisation, personnes-mobilisatrices, reseaux-porteurs',
    );
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'name' });
  });

  it('suggests the closest name for a typo', async () => {
    const { errors } = await run(QUERY, { name: 'modes-acceuil' });
    expect(errors![0]!.message).toContain('Did you mean "modes-accueil"?');
  });
});

describe('thematiqueCategories', () => {
  it('lists the 16 categories, each with exactly its own thématiques, 69 in all', async () => {
    const { data, errors } = await run('{ thematiqueCategories { value label thematiques { value label } } }');
    expect(errors).toBeUndefined();
    const cats = data!.thematiqueCategories as Array<{
      value: string;
      label: string;
      thematiques: Array<{ value: string }>;
    }>;
    expect(cats).toHaveLength(16);
    let total = 0;
    for (const c of cats) {
      expect(c.thematiques.length, c.value).toBeGreaterThan(0);
      for (const t of c.thematiques) expect(t.value.startsWith(`${c.value}--`)).toBe(true);
      total += c.thematiques.length;
    }
    expect(total).toBe(69);
    expect(cats.find((c) => c.value === 'famille')?.label).toBe('Famille');
  });
});
