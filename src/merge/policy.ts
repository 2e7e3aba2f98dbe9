/**
 * Declarative conflict resolution: for each structure field, which record of a cluster supplies
 * the merged value. Rules:
 * - `priority`: records ranked by `sources` (unlisted sources after, most recent first, then id);
 *   the top record's value is taken AS IS, even null: the first source is authoritative.
 * - `firstNonEmpty`: same ranking; the first non-empty value.
 * - `mostRecent`: the non-empty value of the record with the latest `dateMaj` (ties: ranking).
 * - `union`: list fields only; every record's values in ranking order, de-duplicated.
 * The address block (adresse, complementAdresse, codePostal, commune, codeInsee, longitude,
 * latitude, adresseCertifiee) comes whole from the record `adresse`'s rule picks, so a merged
 * structure never pairs one producer's street with another's coordinates. Contact fields masked
 * by their own source stay null whatever the rule (merge.ts). Operators override the default in the
 * sources file's `merge:` section (policyWithOverrides, validated at boot).
 */

/** Names of the resolution rules. */
export const RULES = ['priority', 'mostRecent', 'firstNonEmpty', 'union'] as const;
export type RuleName = (typeof RULES)[number];

/** Fields a policy governs (`adresse` stands for the whole address block). */
export const POLICY_FIELDS = [
  'nom',
  'dateMaj',
  'description',
  'lienSource',
  'siret',
  'adresse',
  'telephone',
  'courriel',
  'siteWeb',
  'horairesAccueil',
  'accessibiliteLieu',
  'reseauxPorteurs',
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** Fields taken together with `adresse` from one record. */
export const ADDRESS_BLOCK = [
  'adresse',
  'complementAdresse',
  'codePostal',
  'commune',
  'codeInsee',
  'longitude',
  'latitude',
  'adresseCertifiee',
] as const;

/** Fields whose values are lists (the only ones `union` applies to). */
export const LIST_FIELDS: readonly PolicyField[] = ['reseauxPorteurs'];

/** How one field is resolved. */
export interface FieldRule {
  readonly rule: RuleName;
  /** Source slugs in decreasing trust; records of other sources rank after them. */
  readonly sources: readonly string[];
}

/** A complete merge policy: one rule per governed field. */
export interface MergePolicy {
  readonly fields: Readonly<Record<PolicyField, FieldRule>>;
}

// Default trust orders. Names: producers that edit their own fiche first (DORA), then sources with
// clean official names; Les Emplois last because it often SHOUTS names, Soliguide appends the
// commune. Identity data (SIRET): Les Emplois checks SIRETs against SIRENE, France Travail knows
// its agencies. Descriptions: the most complete producers first (Soliguide truncates).
const NAME_ORDER = [
  'dora',
  'france-travail',
  'mediation-numerique',
  'fredo',
  'monenfant',
  'mes-aides',
  'soliguide',
  'emplois-de-linclusion',
];
const IDENTITY_ORDER = [
  'emplois-de-linclusion',
  'france-travail',
  'dora',
  'mediation-numerique',
  'fredo',
  'soliguide',
  'monenfant',
  'mes-aides',
];
const TEXT_ORDER = [
  'dora',
  'fredo',
  'mediation-numerique',
  'monenfant',
  'mes-aides',
  'france-travail',
  'emplois-de-linclusion',
  'soliguide',
];

/**
 * The default policy:
 * - nom, lienSource → priority NAME_ORDER (so the merged id, source and link are one record's);
 * - siret → firstNonEmpty IDENTITY_ORDER (a cluster never holds two SIRETs: this only fills gaps);
 * - adresse block → firstNonEmpty NAME_ORDER (producers that edit their own fiche first);
 * - description, siteWeb, accessibiliteLieu → firstNonEmpty TEXT_ORDER;
 * - telephone, courriel, horairesAccueil, dateMaj → mostRecent (masked contacts stay null);
 * - reseauxPorteurs → union.
 */
export const DEFAULT_POLICY: MergePolicy = Object.freeze({
  fields: Object.freeze({
    nom: { rule: 'priority', sources: NAME_ORDER },
    lienSource: { rule: 'priority', sources: NAME_ORDER },
    dateMaj: { rule: 'mostRecent', sources: NAME_ORDER },
    siret: { rule: 'firstNonEmpty', sources: IDENTITY_ORDER },
    adresse: { rule: 'firstNonEmpty', sources: NAME_ORDER },
    description: { rule: 'firstNonEmpty', sources: TEXT_ORDER },
    siteWeb: { rule: 'firstNonEmpty', sources: TEXT_ORDER },
    accessibiliteLieu: { rule: 'firstNonEmpty', sources: TEXT_ORDER },
    telephone: { rule: 'mostRecent', sources: NAME_ORDER },
    courriel: { rule: 'mostRecent', sources: NAME_ORDER },
    horairesAccueil: { rule: 'mostRecent', sources: NAME_ORDER },
    reseauxPorteurs: { rule: 'union', sources: NAME_ORDER },
  } satisfies Record<PolicyField, FieldRule>),
});

/** One problem of a policy override: where it is (path inside the overrides) and what is wrong. */
export interface PolicyIssue {
  readonly path: ReadonlyArray<string | number>;
  readonly message: string;
}

/** `fields.nom.sources[0]`: a path as written in problems. */
export function formatPolicyPath(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, k) => (typeof k === 'number' ? `${out}[${k}]` : out === '' ? k : `${out}.${k}`), '');
}

/** Invalid policy overrides; `problems` lists every one of them, `issues` the same with their paths. */
export class PolicyError extends Error {
  /** One message per problem, each naming the field and rule concerned. */
  readonly problems: readonly string[];
  constructor(readonly issues: readonly PolicyIssue[]) {
    const problems = issues.map((i) => (i.path.length === 0 ? i.message : `${formatPolicyPath(i.path)}: ${i.message}`));
    super(
      `invalid merge policy (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}`,
    );
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

/** Options of policyWithOverrides. */
export interface PolicyOptions {
  /** Source slugs a policy may name (the configured sources and what they republish); unchecked when absent. */
  readonly knownSources?: readonly string[];
}

type Issues = PolicyIssue[];
type Path = ReadonlyArray<string | number>;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
const RULE_SHAPE = 'must be an object like { "rule": "priority", "sources": ["dora"] }';

function checkSources(at: Path, raw: unknown, opts: PolicyOptions, issues: Issues): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) {
    issues.push({ path: at, message: 'must be a non-empty list of source slugs' });
    return undefined;
  }
  const known = opts.knownSources;
  raw.forEach((s, i) => {
    const path = [...at, i];
    if (typeof s !== 'string' || !SLUG.test(s))
      issues.push({ path, message: `${JSON.stringify(s)} is not a source slug (lower-case letters, digits and "-")` });
    else if (raw.indexOf(s) !== i) issues.push({ path, message: `"${s}" is listed twice` });
    else if (known !== undefined && !known.includes(s))
      issues.push({ path, message: `unknown source "${s}" (known: ${known.join(', ')})` });
  });
  return raw as string[];
}

/** The `rule`/`sources` pair of one override, checked; null when it has a problem. */
function checkRule(
  at: Path,
  raw: unknown,
  base: FieldRule,
  field: string | null,
  opts: PolicyOptions,
  issues: Issues,
): FieldRule | null {
  if (!isObject(raw)) {
    issues.push({ path: at, message: RULE_SHAPE });
    return null;
  }
  const before = issues.length;
  for (const key of Object.keys(raw))
    if (key !== 'rule' && key !== 'sources')
      issues.push({ path: [...at, key], message: 'unknown key (expected rule, sources)' });
  const rule = raw.rule ?? base.rule;
  if (typeof rule !== 'string' || !(RULES as readonly string[]).includes(rule)) {
    issues.push({
      path: [...at, 'rule'],
      message: `unknown rule ${JSON.stringify(rule)} (expected ${RULES.join(', ')})`,
    });
  } else if (rule === 'union' && (field === null || !LIST_FIELDS.includes(field as PolicyField))) {
    issues.push({
      path: [...at, 'rule'],
      message: `"union" applies to list fields only (${LIST_FIELDS.join(', ')}), not to ${field ?? 'every field'}`,
    });
  }
  const sources = checkSources([...at, 'sources'], raw.sources, opts, issues);
  return issues.length > before ? null : { rule: rule as RuleName, sources: sources ?? base.sources };
}

function checkField(
  field: string,
  raw: unknown,
  base: FieldRule | undefined,
  opts: PolicyOptions,
  issues: Issues,
): FieldRule | null {
  const at = ['fields', field];
  if ((ADDRESS_BLOCK as readonly string[]).includes(field) && field !== 'adresse') {
    issues.push({ path: at, message: 'resolved with the address block; override "adresse" instead' });
    return null;
  }
  if (base === undefined) {
    issues.push({ path: at, message: `unknown field (expected one of ${POLICY_FIELDS.join(', ')})` });
    return null;
  }
  return checkRule(at, raw, base, field, opts, issues);
}

/** `default` over every field of `base`: its rule and its order, each when given. */
function withDefault(raw: unknown, base: MergePolicy, opts: PolicyOptions, issues: Issues): Record<string, FieldRule> {
  const fields: Record<string, FieldRule> = { ...base.fields };
  if (raw === undefined) return fields;
  // Checked once against a neutral base: the rule must suit every field, so `union` is refused.
  const checked = checkRule(['default'], raw, { rule: 'priority', sources: [] }, null, opts, issues);
  if (checked === null) return fields;
  const given = raw as { rule?: unknown; sources?: unknown };
  for (const [field, rule] of Object.entries(base.fields)) {
    fields[field] = {
      rule: given.rule === undefined ? rule.rule : checked.rule,
      sources: given.sources === undefined ? rule.sources : checked.sources,
    };
  }
  return fields;
}

/**
 * A policy from plain-object overrides over `base` (the sources file's `merge:` section):
 *   { default: { rule: 'priority', sources: ['dora', 'soliguide'] }, fields: { telephone: { rule: 'mostRecent' } } }
 * `default` gives every field its rule and/or its source order; `fields.<field>` then overrides one
 * field, and what it leaves out (rule or sources) comes from `default`, else from `base`. Throws
 * one PolicyError listing every problem with its path.
 */
export function policyWithOverrides(
  overrides: unknown,
  base: MergePolicy = DEFAULT_POLICY,
  opts: PolicyOptions = {},
): MergePolicy {
  if (overrides === undefined || overrides === null) return base;
  if (!isObject(overrides))
    throw new PolicyError([
      { path: [], message: 'merge policy overrides: must be an object like { "default": { … }, "fields": { … } }' },
    ]);
  const issues: Issues = [];
  for (const key of Object.keys(overrides))
    if (key !== 'default' && key !== 'fields')
      issues.push({ path: [key], message: 'unknown key (expected default, fields)' });
  const defaulted = withDefault(overrides.default, base, opts, issues);
  const fields: Record<string, FieldRule> = { ...defaulted };
  if (overrides.fields !== undefined && !isObject(overrides.fields))
    issues.push({ path: ['fields'], message: 'must be an object keyed by field name' });
  else {
    for (const [field, raw] of Object.entries(overrides.fields ?? {})) {
      const rule = checkField(field, raw, Object.hasOwn(defaulted, field) ? defaulted[field] : undefined, opts, issues);
      if (rule) fields[field] = rule;
    }
  }
  if (issues.length > 0) throw new PolicyError(issues);
  return { fields: fields as Record<PolicyField, FieldRule> };
}
