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
 * by their own source stay null whatever the rule (merge.ts).
 */

/** Names of the resolution rules. */
export const RULES = ['priority', 'mostRecent', 'firstNonEmpty', 'union'] as const;
export type RuleName = (typeof RULES)[number];

/** Fields a policy governs (`adresse` stands for the whole address block). */
export const POLICY_FIELDS = [
  'nom', 'dateMaj', 'description', 'lienSource', 'siret', 'adresse', 'telephone', 'courriel', 'siteWeb',
  'horairesAccueil', 'accessibiliteLieu', 'reseauxPorteurs',
] as const;
export type PolicyField = (typeof POLICY_FIELDS)[number];

/** Fields taken together with `adresse` from one record. */
export const ADDRESS_BLOCK = [
  'adresse', 'complementAdresse', 'codePostal', 'commune', 'codeInsee', 'longitude', 'latitude', 'adresseCertifiee',
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
const NAME_ORDER = ['dora', 'france-travail', 'mediation-numerique', 'fredo', 'monenfant', 'mes-aides', 'soliguide', 'emplois-de-linclusion'];
const IDENTITY_ORDER = ['emplois-de-linclusion', 'france-travail', 'dora', 'mediation-numerique', 'fredo', 'soliguide', 'monenfant', 'mes-aides'];
const TEXT_ORDER = ['dora', 'fredo', 'mediation-numerique', 'monenfant', 'mes-aides', 'france-travail', 'emplois-de-linclusion', 'soliguide'];

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

/** Invalid policy overrides; `problems` lists every one of them. */
export class PolicyError extends Error {
  /** One message per problem, each naming the field and rule concerned. */
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`invalid merge policy (${problems.length} problem${problems.length > 1 ? 's' : ''}):\n  ${problems.join('\n  ')}`);
    this.name = 'PolicyError';
    this.problems = problems;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

function checkSources(at: string, raw: unknown, problems: string[]): readonly string[] | undefined {
  if (raw === undefined) return undefined;
  if (!Array.isArray(raw) || raw.length === 0) {
    problems.push(`${at}: must be a non-empty list of source slugs`);
    return undefined;
  }
  raw.forEach((s, i) => {
    if (typeof s !== 'string' || !SLUG.test(s)) problems.push(`${at}[${i}]: ${JSON.stringify(s)} is not a source slug (lower-case letters, digits and "-")`);
    else if (raw.indexOf(s) !== i) problems.push(`${at}[${i}]: "${s}" is listed twice`);
  });
  return raw as string[];
}

function checkField(field: string, raw: unknown, base: FieldRule | undefined, problems: string[]): FieldRule | null {
  const at = `fields.${field}`;
  if ((ADDRESS_BLOCK as readonly string[]).includes(field) && field !== 'adresse') {
    problems.push(`${at}: resolved with the address block; override "adresse" instead`);
    return null;
  }
  if (base === undefined) {
    problems.push(`${at}: unknown field (expected one of ${POLICY_FIELDS.join(', ')})`);
    return null;
  }
  if (!isObject(raw)) {
    problems.push(`${at}: must be an object like { "rule": "priority", "sources": ["dora"] }`);
    return null;
  }
  for (const key of Object.keys(raw)) if (key !== 'rule' && key !== 'sources') problems.push(`${at}.${key}: unknown key (expected rule, sources)`);
  const rule = raw.rule ?? base.rule;
  const before = problems.length;
  if (typeof rule !== 'string' || !(RULES as readonly string[]).includes(rule)) {
    problems.push(`${at}.rule: unknown rule ${JSON.stringify(rule)} (expected ${RULES.join(', ')})`);
  } else if (rule === 'union' && !LIST_FIELDS.includes(field as PolicyField)) {
    problems.push(`${at}.rule: "union" applies to list fields only (${LIST_FIELDS.join(', ')}), not to ${field}`);
  }
  const sources = checkSources(`${at}.sources`, raw.sources, problems);
  return problems.length > before ? null : { rule: rule as RuleName, sources: sources ?? base.sources };
}

/**
 * A policy from plain-object overrides (`{ fields: { nom: { rule: 'priority', sources: ['soliguide', 'dora'] } } }`)
 * over `base`; fields not overridden keep the base rule, an override without `sources` keeps the
 * base order. Throws one PolicyError listing every problem.
 */
export function policyWithOverrides(overrides: unknown, base: MergePolicy = DEFAULT_POLICY): MergePolicy {
  if (overrides === undefined || overrides === null) return base;
  if (!isObject(overrides)) throw new PolicyError(['merge policy overrides: must be an object like { "fields": { … } }']);
  const problems: string[] = [];
  for (const key of Object.keys(overrides)) if (key !== 'fields') problems.push(`${key}: unknown key (expected "fields")`);
  const fields: Record<string, FieldRule> = { ...base.fields };
  if (overrides.fields !== undefined && !isObject(overrides.fields)) problems.push('fields: must be an object keyed by field name');
  else {
    for (const [field, raw] of Object.entries(overrides.fields ?? {})) {
      const rule = checkField(field, raw, Object.hasOwn(base.fields, field) ? base.fields[field as PolicyField] : undefined, problems);
      if (rule) fields[field] = rule;
    }
  }
  if (problems.length > 0) throw new PolicyError(problems);
  return { fields: fields as Record<PolicyField, FieldRule> };
}
