/**
 * The nomenclature and Date scalars through a real graphql() execution: a tiny resolver takes each
 * scalar as an argument, given as a literal and as a variable.
 */
import { graphql, type GraphQLSchema } from 'graphql';
import { Arg, buildSchema, Query, Resolver } from 'type-graphql';
import { assertSingleGraphqlRealm } from '../../src/server/schema.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { NOMENCLATURES, expandThematiques } from '../../src/domain/nomenclatures.js';
import { DateScalar } from './date.scalar.js';
import {
  FraisScalar,
  ModeAccueilScalar,
  ModeMobilisationScalar,
  NOMENCLATURE_SCALARS,
  PersonneMobilisatriceScalar,
  PublicScalar,
  ReseauPorteurScalar,
  ThematiqueOuCategorieScalar,
  ThematiqueScalar,
  TypeServiceScalar,
} from './nomenclature.scalars.js';

@Resolver()
class EchoResolver {
  @Query(() => [ThematiqueScalar])
  thematiques(@Arg('values', () => [ThematiqueScalar]) values: string[]): string[] {
    return values;
  }

  @Query(() => [ThematiqueScalar])
  filtre(@Arg('values', () => [ThematiqueOuCategorieScalar]) values: string[]): string[] {
    return expandThematiques(values);
  }

  @Query(() => PublicScalar)
  public(@Arg('value', () => PublicScalar) value: string): string {
    return value;
  }

  @Query(() => DateScalar)
  date(@Arg('value', () => DateScalar) value: string): string {
    return value;
  }
}

let schema: GraphQLSchema;
beforeAll(async () => {
  assertSingleGraphqlRealm();
  schema = await buildSchema({ resolvers: [EchoResolver], validate: true });
});
const run = (source: string, variableValues?: Record<string, unknown>) => graphql({ schema, source, variableValues });

describe('valid values', () => {
  it('pass unchanged as literals and as variables', async () => {
    expect(
      await run(
        '{ thematiques(values: ["famille--garde-denfants"]) public(value: "jeunes") date(value: "2025-09-29") }',
      ),
    ).toEqual({
      data: { thematiques: ['famille--garde-denfants'], public: 'jeunes', date: '2025-09-29' },
    });
    const vars = await run('query($t: [Thematique!]!, $p: Public!) { thematiques(values: $t) public(value: $p) }', {
      t: ['sante--acces-aux-soins', 'famille--garde-denfants'],
      p: 'tous-publics',
    });
    expect(vars).toEqual({
      data: { thematiques: ['sante--acces-aux-soins', 'famille--garde-denfants'], public: 'tous-publics' },
    });
  });

  it('each scalar accepts every value of its list and nothing else', () => {
    const cases = [
      [ThematiqueScalar, 'thematiques'],
      [PublicScalar, 'publics'],
      [TypeServiceScalar, 'types-services'],
      [FraisScalar, 'frais'],
      [ModeAccueilScalar, 'modes-accueil'],
      [ModeMobilisationScalar, 'modes-mobilisation'],
      [PersonneMobilisatriceScalar, 'personnes-mobilisatrices'],
      [ReseauPorteurScalar, 'reseaux-porteurs'],
    ] as const;
    for (const [scalar, list] of cases) {
      for (const { value } of NOMENCLATURES[list]) expect(scalar.parseValue(value)).toBe(value);
      expect(() => scalar.parseValue('pas-une-valeur'), scalar.name).toThrow(`Unknown ${scalar.name} "pas-une-valeur"`);
      expect(scalar.serialize(NOMENCLATURES[list][0]!.value)).toBe(NOMENCLATURES[list][0]!.value);
    }
    expect(NOMENCLATURE_SCALARS).toHaveLength(9);
  });
});

describe('an unknown value', () => {
  const message = 'Unknown Thematique "famile--garde-denfants". Did you mean "famille--garde-denfants"?';

  it('as a literal: BAD_USER_INPUT naming the scalar, with the suggestion and a location', async () => {
    const { errors, data } = await run('{ thematiques(values: ["famile--garde-denfants"]) }');
    expect(data).toBeUndefined();
    expect(errors).toHaveLength(1);
    expect(errors![0]!.message).toBe(
      `Expected value of type "Thematique!", found "famile--garde-denfants"; ${message}`,
    );
    expect(errors![0]!.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      scalar: 'Thematique',
      suggestions: ['famille--garde-denfants'],
    });
    expect(errors![0]!.locations).toEqual([{ line: 1, column: 24 }]);
  });

  it('as a variable: BAD_USER_INPUT naming the variable, the scalar and the suggestion', async () => {
    const { errors } = await run('query($t: [Thematique!]!) { thematiques(values: $t) }', {
      t: ['famille--garde-denfants', 'famile--garde-denfants'],
    });
    expect(errors).toHaveLength(1);
    expect(errors![0]!.message).toBe(
      `Variable "$t" got invalid value "famile--garde-denfants" at "t[1]"; Expected type "Thematique". ${message}`,
    );
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', scalar: 'Thematique' });
  });

  it('without a close match points to the list instead', async () => {
    const { errors } = await run('{ public(value: "zzzzzzzz") }');
    expect(errors![0]!.message).toContain(
      'Unknown Public "zzzzzzzz". Valid values are listed by nomenclature(name: "publics").',
    );
    expect(errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', suggestions: [] });
  });

  it('that is not a string is BAD_USER_INPUT too', async () => {
    const literal = await run('{ public(value: 3) }');
    expect(literal.errors![0]!.message).toContain('Public must be a string, got 3.');
    expect(literal.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const variable = await run('query($p: Public!) { public(value: $p) }', { p: { x: 1 } });
    expect(variable.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });
});

describe('categories', () => {
  it('are accepted by ThematiqueOuCategorie and expand to their thématiques', async () => {
    const { data, errors } = await run('{ filtre(values: ["famille", "sante--acces-aux-soins"]) }');
    expect(errors).toBeUndefined();
    const famille = NOMENCLATURES.thematiques.filter((t) => t.value.startsWith('famille--')).map((t) => t.value);
    expect(famille.length).toBeGreaterThan(1);
    expect(data?.filtre).toEqual(expect.arrayContaining(famille));
  });

  it('are rejected by Thematique, which suggests the category’s thématiques', async () => {
    const { errors } = await run('query($t: [Thematique!]!) { thematiques(values: $t) }', { t: ['famille'] });
    expect(errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const suggestions = errors![0]!.extensions.suggestions as string[];
    expect(suggestions).toHaveLength(3);
    for (const s of suggestions) expect(s.startsWith('famille--')).toBe(true);
  });

  it('misspelt in a filter get suggestions from categories and thématiques alike', () => {
    expect(() => ThematiqueOuCategorieScalar.parseValue('famile')).toThrow(
      'Unknown ThematiqueOuCategorie "famile". Did you mean "famille"',
    );
  });
});

describe('Date', () => {
  it('rejects impossible or badly written dates with BAD_USER_INPUT, as literal and variable', async () => {
    const literal = await run('{ date(value: "2024-02-30") }');
    expect(literal.errors![0]!.message).toContain(
      'Invalid Date "2024-02-30": expected a calendar date written YYYY-MM-DD',
    );
    expect(literal.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
    const variable = await run('query($d: Date!) { date(value: $d) }', { d: '29/09/2025' });
    expect(variable.errors![0]!.message).toContain('Variable "$d" got invalid value "29/09/2025"');
    expect(variable.errors![0]!.extensions.code).toBe('BAD_USER_INPUT');
  });

  it('serialises YYYY-MM-DD strings and Date objects, and refuses anything else', () => {
    expect(DateScalar.serialize('2025-09-29')).toBe('2025-09-29');
    expect(DateScalar.serialize(new Date('2025-09-29T12:00:00Z'))).toBe('2025-09-29');
    expect(() => DateScalar.serialize('hier')).toThrow(TypeError);
  });
});
