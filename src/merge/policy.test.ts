import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, POLICY_FIELDS, PolicyError, policyWithOverrides } from './policy.js';

function problemsOf(overrides: unknown): readonly string[] {
  try {
    policyWithOverrides(overrides);
  } catch (e) {
    if (e instanceof PolicyError) return e.problems;
    throw e;
  }
  return [];
}

describe('DEFAULT_POLICY', () => {
  it('has a rule for every governed field, and union only on lists', () => {
    expect(Object.keys(DEFAULT_POLICY.fields).sort()).toEqual([...POLICY_FIELDS].sort());
    expect(DEFAULT_POLICY.fields.reseauxPorteurs.rule).toBe('union');
    expect(DEFAULT_POLICY.fields.nom).toMatchObject({ rule: 'priority', sources: expect.arrayContaining(['dora', 'soliguide']) });
    expect(DEFAULT_POLICY.fields.nom.sources[0]).toBe('dora');
    expect(DEFAULT_POLICY.fields.siret.sources[0]).toBe('emplois-de-linclusion');
    expect(DEFAULT_POLICY.fields.telephone.rule).toBe('mostRecent');
    expect(DEFAULT_POLICY.fields.courriel.rule).toBe('mostRecent');
  });
});

describe('policyWithOverrides', () => {
  it('overrides one field and keeps the others', () => {
    const p = policyWithOverrides({ fields: { nom: { rule: 'priority', sources: ['soliguide', 'dora'] } } });
    expect(p.fields.nom).toEqual({ rule: 'priority', sources: ['soliguide', 'dora'] });
    expect(p.fields.description).toBe(DEFAULT_POLICY.fields.description);
  });

  it('keeps the base source order when only the rule changes', () => {
    const p = policyWithOverrides({ fields: { description: { rule: 'mostRecent' } } });
    expect(p.fields.description).toEqual({ rule: 'mostRecent', sources: DEFAULT_POLICY.fields.description.sources });
  });

  it.each([[undefined], [null], [{}], [{ fields: {} }]])('%j changes nothing', (overrides) => {
    expect(policyWithOverrides(overrides)).toEqual(DEFAULT_POLICY);
  });

  it.each<[string, unknown, string[]]>([
    ['not an object', ['nom'], ['merge policy overrides: must be an object like { "fields": { … } }']],
    ['unknown top-level key', { field: {} }, ['field: unknown key (expected "fields")']],
    ['fields not an object', { fields: 'nom' }, ['fields: must be an object keyed by field name']],
    ['unknown rule', { fields: { nom: { rule: 'prio' } } }, ['fields.nom.rule: unknown rule "prio" (expected priority, mostRecent, firstNonEmpty, union)']],
    ['union on a scalar', { fields: { nom: { rule: 'union' } } }, ['fields.nom.rule: "union" applies to list fields only (reseauxPorteurs), not to nom']],
    ['unknown field', { fields: { name: { rule: 'priority' } } }, [`fields.name: unknown field (expected one of ${POLICY_FIELDS.join(', ')})`]],
    ['address block member', { fields: { codeInsee: { rule: 'mostRecent' } } }, ['fields.codeInsee: resolved with the address block; override "adresse" instead']],
    ['rule not an object', { fields: { nom: 'priority' } }, ['fields.nom: must be an object like { "rule": "priority", "sources": ["dora"] }']],
    ['bad sources', { fields: { nom: { rule: 'priority', sources: ['Dora', 3, 'dora', 'dora'] } } }, [
      'fields.nom.sources[0]: "Dora" is not a source slug (lower-case letters, digits and "-")',
      'fields.nom.sources[1]: 3 is not a source slug (lower-case letters, digits and "-")',
      'fields.nom.sources[3]: "dora" is listed twice',
    ]],
    ['empty sources', { fields: { siret: { rule: 'firstNonEmpty', sources: [] } } }, ['fields.siret.sources: must be a non-empty list of source slugs']],
    ['unknown key in a rule', { fields: { nom: { rule: 'priority', order: [] } } }, ['fields.nom.order: unknown key (expected rule, sources)']],
  ])('%s', (_case, overrides, expected) => {
    expect(problemsOf(overrides)).toEqual(expected);
  });

  it('reports every problem at once, in one error naming fields and rules', () => {
    const overrides = { colour: 1, fields: { nom: { rule: 'union' }, telephone: { rule: 'latest' }, latitude: { rule: 'priority' } } };
    expect(() => policyWithOverrides(overrides)).toThrowError(PolicyError);
    expect(problemsOf(overrides)).toEqual([
      'colour: unknown key (expected "fields")',
      'fields.nom.rule: "union" applies to list fields only (reseauxPorteurs), not to nom',
      'fields.telephone.rule: unknown rule "latest" (expected priority, mostRecent, firstNonEmpty, union)',
      'fields.latitude: resolved with the address block; override "adresse" instead',
    ]);
    expect(() => policyWithOverrides(overrides)).toThrowError(/invalid merge policy \(4 problems\)/);
  });
});
