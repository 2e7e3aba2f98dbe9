/**
 * Merges the records of one cluster into one structure, field by field according to a policy
 * (policy.ts), and says where every value came from.
 */
import { byRecordId, compareCodeUnits, type ContactField, type Structure } from '../domain/index.js';
import {
  ADDRESS_BLOCK,
  DEFAULT_POLICY,
  type FieldRule,
  type MergePolicy,
  type PolicyField,
  type RuleName,
} from './policy.js';

/** One source record behind a merged structure. */
export interface SourceRef {
  readonly source: string;
  readonly id: string;
  readonly dateMaj: string;
  readonly lienSource: string | null;
}

/** Where one merged value comes from, and by which rule. */
export interface Provenance {
  readonly field: string;
  readonly source: string;
  readonly recordId: string;
  readonly dateMaj: string;
  readonly rule: RuleName | 'masked-by-source';
}

/** A structure merged from a cluster of records. `id`/`source` are those of the record the `nom` rule picks. */
export interface MergedStructure extends Structure {
  /** Every record of the cluster, by id. */
  readonly sources: readonly SourceRef[];
  /** One entry per non-null field (several for `union`), plus one per source masking a contact. */
  readonly provenance: readonly Provenance[];
  /** The cluster's other records. */
  readonly doublons: ReadonlyArray<{ readonly source: string; readonly id: string }>;
}

type Field = Exclude<keyof Structure, 'source' | 'id' | 'maskedContacts'>;
/** Provenance order: the schema's field order. */
const FIELD_ORDER: readonly Field[] = [
  'nom',
  'dateMaj',
  'description',
  'lienSource',
  'siret',
  'commune',
  'codePostal',
  'codeInsee',
  'adresse',
  'complementAdresse',
  'longitude',
  'latitude',
  'telephone',
  'courriel',
  'siteWeb',
  'horairesAccueil',
  'accessibiliteLieu',
  'reseauxPorteurs',
  'adresseCertifiee',
];

/** Provenance of a record as published: every non-empty field from itself, masked contacts said so. */
export function publishedProvenance(s: Structure): Provenance[] {
  const from = { source: s.source, recordId: s.id, dateMaj: s.dateMaj };
  const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
  const out: Array<Provenance | (Omit<Provenance, 'rule'> & { rule: 'as-published' })> = [];
  for (const field of FIELD_ORDER) {
    if (s.maskedContacts?.includes(field as 'courriel')) out.push({ field, ...from, rule: 'masked-by-source' });
    else if (!empty(s[field])) out.push({ field, ...from, rule: 'as-published' });
  }
  return out as Provenance[];
}

/** Structure contact fields a source may mask (contactNomPrenom exists on services only). */
const STRUCTURE_CONTACTS: readonly (ContactField & keyof Structure)[] = ['telephone', 'courriel'];

const isEmpty = (v: unknown): boolean =>
  v === null || v === undefined || (typeof v === 'string' && v.trim() === '') || (Array.isArray(v) && v.length === 0);

/** Records ranked for a rule: listed sources in order, then the others; most recent first; then id. */
export function rankRecords<R extends { source: string; dateMaj: string; id: string }>(
  records: readonly R[],
  sources: readonly string[],
): R[] {
  const rank = (s: string) => (sources.includes(s) ? sources.indexOf(s) : sources.length);
  return [...records].sort(
    (a, b) => rank(a.source) - rank(b.source) || compareCodeUnits(b.dateMaj, a.dateMaj) || compareCodeUnits(a.id, b.id),
  );
}

/** The record a single-value rule takes its value from, or null when none qualifies. */
export function pickRecord<R extends { source: string; dateMaj: string; id: string }>(
  records: readonly R[],
  rule: FieldRule,
  valueOf: (r: R) => unknown,
): R | null {
  const ranked = rankRecords(records, rule.sources);
  if (rule.rule === 'priority') return ranked[0] ?? null;
  const filled = ranked.filter((r) => !isEmpty(valueOf(r)));
  if (rule.rule === 'mostRecent')
    return filled.reduce<R | null>((best, r) => (best === null || r.dateMaj > best.dateMaj ? r : best), null);
  return filled[0] ?? null;
}

/** Records of a cluster that mask `field` themselves (RGPD: such a field is never filled from elsewhere). */
export function maskedBy<R extends { maskedContacts?: readonly ContactField[] }>(
  records: readonly R[],
  field: ContactField,
): R[] {
  return records.filter((r) => r.maskedContacts?.includes(field) === true);
}

type Values = { -readonly [K in Field]?: Structure[K] };

function addressBlock(records: readonly Structure[], rule: FieldRule, out: Values, prov: Provenance[]): void {
  const located = (r: Structure) => r.latitude ?? r.codeInsee ?? r.codePostal ?? r.commune;
  const from =
    pickRecord(records, rule, (r) => r.adresse) ??
    (rule.rule === 'priority' ? null : pickRecord(records, rule, located));
  for (const f of ADDRESS_BLOCK) {
    const v = from === null || isEmpty(from[f]) ? null : from[f]!;
    (out as Record<string, unknown>)[f] = v;
    if (v !== null && from) prov.push(provenance(f, from, rule.rule));
  }
}

function union(
  records: readonly Structure[],
  rule: FieldRule,
  field: 'reseauxPorteurs',
  prov: Provenance[],
): string[] | null {
  const seen = new Set<string>();
  for (const r of rankRecords(records, rule.sources)) {
    const fresh = (r[field] ?? []).filter((v) => !seen.has(v));
    fresh.forEach((v) => seen.add(v));
    if (fresh.length > 0) prov.push(provenance(field, r, 'union'));
  }
  return seen.size === 0 ? null : [...seen];
}

const provenance = (field: string, r: Structure, rule: Provenance['rule']): Provenance => ({
  field,
  source: r.source,
  recordId: r.id,
  dateMaj: r.dateMaj,
  rule,
});

function resolveField(
  records: readonly Structure[],
  field: Exclude<PolicyField, 'adresse'>,
  rule: FieldRule,
  out: Values,
  prov: Provenance[],
): void {
  const contact = (STRUCTURE_CONTACTS as readonly string[]).includes(field)
    ? (field as 'telephone' | 'courriel')
    : null;
  const maskers = contact === null ? [] : maskedBy(records, contact);
  if (maskers.length > 0) {
    out[field as 'telephone'] = null;
    for (const r of [...maskers].sort(byRecordId)) prov.push(provenance(field, r, 'masked-by-source'));
    return;
  }
  if (field === 'reseauxPorteurs' && rule.rule === 'union') {
    out.reseauxPorteurs = union(records, rule, field, prov);
    return;
  }
  const from = pickRecord(records, rule, (r) => r[field]);
  const v = from === null || isEmpty(from[field]) ? null : from[field];
  (out as Record<string, unknown>)[field] = v;
  if (v !== null && from) prov.push(provenance(field, from, rule.rule));
}

/**
 * Merges one cluster (records of the same real structure) under `policy`. The merged id and
 * source are those of the record the `nom` rule picks; `doublons` lists the others. A contact
 * field that any record masks (its `maskedContacts`) is null, with a `masked-by-source` provenance.
 */
export function mergeCluster(records: readonly Structure[], policy: MergePolicy = DEFAULT_POLICY): MergedStructure {
  const unique = [...new Map(records.map((r) => [r.id, r] as const)).values()];
  if (unique.length === 0) throw new TypeError('mergeCluster needs at least one record');
  const out: Values = {};
  const prov: Provenance[] = [];
  for (const [field, rule] of Object.entries(policy.fields) as Array<[PolicyField, FieldRule]>) {
    if (field === 'adresse') addressBlock(unique, rule, out, prov);
    else resolveField(unique, field, rule, out, prov);
  }
  const nomRule = policy.fields.nom;
  const rep = pickRecord(unique, nomRule, (r) => r.nom) ?? rankRecords(unique, nomRule.sources)[0]!;
  const masked = STRUCTURE_CONTACTS.filter((f) => maskedBy(unique, f).length > 0);
  const order = (p: Provenance) => FIELD_ORDER.indexOf(p.field as Field);
  return {
    ...(out as Required<Values>),
    nom: out.nom ?? rep.nom,
    dateMaj: out.dateMaj ?? rep.dateMaj,
    source: rep.source,
    id: rep.id,
    maskedContacts: masked,
    sources: [...unique]
      .sort(byRecordId)
      .map((r) => ({ source: r.source, id: r.id, dateMaj: r.dateMaj, lienSource: r.lienSource })),
    provenance: prov.sort((a, b) => order(a) - order(b) || compareCodeUnits(a.recordId, b.recordId)),
    doublons: unique
      .filter((r) => r.id !== rep.id)
      .sort(byRecordId)
      .map((r) => ({ source: r.source, id: r.id })),
  };
}
