import { describe, expect, it } from 'vitest';
import {
  DEFAULT_POLICY,
  formatPolicyPath,
  POLICY_FIELDS,
  PolicyError,
  policyWithOverrides,
  type PolicyOptions,
} from './policy.js';

function problemsOf(overrides: unknown, opts: PolicyOptions = {}): readonly string[] {
  try {
    policyWithOverrides(overrides, DEFAULT_POLICY, opts);
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
    expect(DEFAULT_POLICY.fields.nom).toMatchObject({
      rule: 'priority',
      sources: expect.arrayContaining(['dora', 'soliguide']),
    });
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
    [
      'not an object',
      ['nom'],
      ['merge policy overrides: must be an object like { "default": { … }, "fields": { … } }'],
    ],
    ['unknown top-level key', { field: {} }, ['field: unknown key (expected default, fields)']],
    ['fields not an object', { fields: 'nom' }, ['fields: must be an object keyed by field name']],
    [
      'unknown rule',
      { fields: { nom: { rule: 'prio' } } },
      ['fields.nom.rule: unknown rule "prio" (expected priority, mostRecent, firstNonEmpty, union)'],
    ],
    [
      'union on a scalar',
      { fields: { nom: { rule: 'union' } } },
      ['fields.nom.rule: "union" applies to list fields only (reseauxPorteurs), not to nom'],
    ],
    [
      'unknown field',
      { fields: { name: { rule: 'priority' } } },
      [`fields.name: unknown field (expected one of ${POLICY_FIELDS.join(', ')})`],
    ],
    [
      'address block member',
      { fields: { codeInsee: { rule: 'mostRecent' } } },
      ['fields.codeInsee: resolved with the address block; override "adresse" instead'],
    ],
    [
      'rule not an object',
      { fields: { nom: 'priority' } },
      ['fields.nom: must be an object like { "rule": "priority", "sources": ["dora"] }'],
    ],
    [
      'bad sources',
      { fields: { nom: { rule: 'priority', sources: ['Dora', 3, 'dora', 'dora'] } } },
      [
        'fields.nom.sources[0]: "Dora" is not a source slug (lower-case letters, digits and "-")',
        'fields.nom.sources[1]: 3 is not a source slug (lower-case letters, digits and "-")',
        'fields.nom.sources[3]: "dora" is listed twice',
      ],
    ],
    [
      'empty sources',
      { fields: { siret: { rule: 'firstNonEmpty', sources: [] } } },
      ['fields.siret.sources: must be a non-empty list of source slugs'],
    ],
    [
      'unknown key in a rule',
      { fields: { nom: { rule: 'priority', order: [] } } },
      ['fields.nom.order: unknown key (expected rule, sources)'],
    ],
  ])('%s', (_case, overrides, expected) => {
    expect(problemsOf(overrides)).toEqual(expected);
  });

  it('reports every problem at once, in one error naming fields and rules', () => {
    const overrides = {
      colour: 1,
      fields: { nom: { rule: 'union' }, telephone: { rule: 'latest' }, latitude: { rule: 'priority' } },
    };
    expect(() => policyWithOverrides(overrides)).toThrowError(PolicyError);
    expect(problemsOf(overrides)).toEqual([
      'colour: unknown key (expected default, fields)',
      'fields.nom.rule: "union" applies to list fields only (reseauxPorteurs), not to nom',
      'fields.telephone.rule: unknown rule "latest" (expected priority, mostRecent, firstNonEmpty, union)',
      'fields.latitude: resolved with the address block; override "adresse" instead',
    ]);
    expect(() => policyWithOverrides(overrides)).toThrowError(/invalid merge policy \(4 problems\)/);
  });
});

describe('policyWithOverrides: default', () => {
  it('gives every field its rule and order, which `fields` then override, taking what they omit from default', () => {
    const p = policyWithOverrides({
      default: { rule: 'priority', sources: ['emplois-de-linclusion', 'dora'] },
      fields: { telephone: { rule: 'mostRecent' }, nom: { sources: ['soliguide'] } },
    });
    expect(p.fields.description).toEqual({ rule: 'priority', sources: ['emplois-de-linclusion', 'dora'] });
    expect(p.fields.reseauxPorteurs).toEqual({ rule: 'priority', sources: ['emplois-de-linclusion', 'dora'] });
    expect(p.fields.telephone).toEqual({ rule: 'mostRecent', sources: ['emplois-de-linclusion', 'dora'] });
    expect(p.fields.nom).toEqual({ rule: 'priority', sources: ['soliguide'] });
  });

  it('changes only what it names: an order alone keeps each field its own rule', () => {
    const p = policyWithOverrides({ default: { sources: ['soliguide'] } });
    for (const f of POLICY_FIELDS)
      expect(p.fields[f]).toEqual({ rule: DEFAULT_POLICY.fields[f].rule, sources: ['soliguide'] });
  });

  it.each<[string, unknown, string[]]>([
    [
      'union for every field',
      { default: { rule: 'union' } },
      ['default.rule: "union" applies to list fields only (reseauxPorteurs), not to every field'],
    ],
    [
      'unknown rule',
      { default: { rule: 'newest' } },
      ['default.rule: unknown rule "newest" (expected priority, mostRecent, firstNonEmpty, union)'],
    ],
    [
      'not an object',
      { default: ['dora'] },
      ['default: must be an object like { "rule": "priority", "sources": ["dora"] }'],
    ],
    ['unknown key', { default: { order: ['dora'] } }, ['default.order: unknown key (expected rule, sources)']],
  ])('refuses %s', (_case, overrides, expected) => {
    expect(problemsOf(overrides)).toEqual(expected);
  });
});

describe('policyWithOverrides: known sources', () => {
  const knownSources = ['dora', 'soliguide', 'fredo'];

  it('accepts the sources it is told exist, and names the unknown ones with their place', () => {
    expect(
      policyWithOverrides({ fields: { nom: { sources: ['fredo', 'dora'] } } }, DEFAULT_POLICY, { knownSources }).fields
        .nom.sources,
    ).toEqual(['fredo', 'dora']);
    expect(
      problemsOf(
        { default: { sources: ['dora', 'doraa'] }, fields: { siret: { sources: ['emplois'] } } },
        { knownSources },
      ),
    ).toEqual([
      'default.sources[1]: unknown source "doraa" (known: dora, soliguide, fredo)',
      'fields.siret.sources[0]: unknown source "emplois" (known: dora, soliguide, fredo)',
    ]);
  });

  it('gives each issue its path, for a caller that locates it in a file', () => {
    try {
      policyWithOverrides({ fields: { nom: { rule: 'x', sources: ['nope'] } } }, DEFAULT_POLICY, { knownSources });
      expect.unreachable();
    } catch (e) {
      expect((e as PolicyError).issues.map((i) => i.path)).toEqual([
        ['fields', 'nom', 'rule'],
        ['fields', 'nom', 'sources', 0],
      ]);
    }
    expect(formatPolicyPath(['fields', 'nom', 'sources', 0])).toBe('fields.nom.sources[0]');
  });
});
