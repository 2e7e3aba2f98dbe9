/**
 * Normalisers used only for matching records across sources (never for display): names, street
 * addresses, phones and e-mails reduced to comparable forms.
 */
import { toE164 } from '../domain/index.js';

/** Lower-case ASCII words: accents stripped, ligatures expanded, dotted acronyms joined (`C.C.A.S.` → `ccas`). */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/\b[a-z](?:\.[a-z])+\.?(?![a-z])/g, (m) => m.replace(/\./g, ''))
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

// Phrases that name the same kind of structure in several ways, folded to one token so that
// "Centre communal d'action sociale de Lille" and "CCAS Lille" compare equal. The commune (or the
// quarter, the network name) stays in the name, so "CCAS de Roubaix" ≠ "CCAS de Tourcoing".
const NAME_PHRASES: ReadonlyArray<readonly [RegExp, string]> = [
  [/\bcentre intercommunal d action sociale\b/g, 'cias'],
  [/\bcentre communal d action sociale\b/g, 'ccas'],
  [/\bc c a s\b/g, 'ccas'],
  [/\b(?:(?:maison|espace|point) )?(?:france services?|maison de services? au public|msap)\b/g, 'franceservices'],
  [/\b(?:mission locale|ml)\b/g, 'missionlocale'],
  [/\b(?:france travail|pole emploi)\b/g, 'francetravail'],
  [/\b(?:centre social et culturel|centre socio culturel|centres? sociaux|centre social|csc)\b/g, 'centresocial'],
  [/\b(?:espace public numerique|epn)\b/g, 'epn'],
  [/\bst\b/g, 'saint'],
  [/\bste\b/g, 'sainte'],
];

/** Words that do not tell one structure from another (articles, legal forms, generic places). */
const NAME_STOP_WORDS = new Set([
  'association',
  'associations',
  'asso',
  'assoc',
  'de',
  'la',
  'le',
  'les',
  'du',
  'des',
  'l',
  'd',
  'et',
  'a',
  'au',
  'aux',
  'en',
  'sur',
  'pour',
  'espace',
  'ville',
  'agence',
  'antenne',
]);

/** Name tokens for matching, in order: folded, kind phrases canonicalised, generic words dropped. */
export function nameTokens(nom: string): string[] {
  let t = ` ${fold(nom)} `;
  for (const [re, to] of NAME_PHRASES) t = t.replace(re, to);
  return t.split(' ').filter((w) => w !== '' && !NAME_STOP_WORDS.has(w));
}

/** A name normalised for matching (`"C.C.A.S. de Roubaix"` → `"ccas roubaix"`). */
export function normaliseName(nom: string): string {
  return nameTokens(nom).join(' ');
}

const STREET_WORDS: Readonly<Record<string, string>> = {
  r: 'rue',
  bd: 'boulevard',
  bld: 'boulevard',
  blvd: 'boulevard',
  boul: 'boulevard',
  av: 'avenue',
  ave: 'avenue',
  pl: 'place',
  all: 'allee',
  ch: 'chemin',
  chem: 'chemin',
  imp: 'impasse',
  rte: 'route',
  fg: 'faubourg',
  fbg: 'faubourg',
  sq: 'square',
  crs: 'cours',
  res: 'residence',
  resid: 'residence',
  prom: 'promenade',
  esp: 'esplanade',
  pass: 'passage',
  lot: 'lotissement',
  st: 'saint',
  ste: 'sainte',
  gal: 'general',
  gen: 'general',
  mal: 'marechal',
  pdt: 'president',
  prof: 'professeur',
  dr: 'docteur',
};
const ADDRESS_STOP_WORDS = new Set(['de', 'la', 'le', 'les', 'du', 'des', 'l', 'd', 'et', 'a', 'au', 'aux']);
const NUMBER_SUFFIX: Readonly<Record<string, string>> = {
  bis: 'bis',
  b: 'bis',
  ter: 'ter',
  t: 'ter',
  quater: 'quater',
  q: 'quater',
};

/** A street address reduced to its house number and its street words. */
export interface NormalisedAddress {
  /** House number with its suffix (`12bis`), or null. */
  readonly numero: string | null;
  /** Street words, abbreviations expanded and articles dropped (`boulevard general gaulle`). */
  readonly voie: readonly string[];
}

/** Normalises a street line: `"12 B, bd du Gal de Gaulle BP 12 CEDEX"` → `{ numero: '12bis', voie: ['boulevard','general','gaulle'] }`. */
export function normaliseAddress(adresse: string | null | undefined): NormalisedAddress | null {
  if (!adresse) return null;
  const folded = fold(adresse)
    .replace(/\b(?:bp|cs|tsa)\s*\d+\b/g, ' ')
    .replace(/\bcedex\b.*$/, ' ')
    .replace(/\b(\d+)(bis|ter|quater|b|t|q)\b/g, '$1 $2');
  const words = folded.split(' ').filter((w) => w !== '');
  let numero: string | null = null;
  if (words.length > 0 && /^\d+$/.test(words[0]!)) {
    numero = words.shift()!.replace(/^0+(?=\d)/, '');
    const suffix = NUMBER_SUFFIX[words[0] ?? ''];
    if (suffix && words.length > 1) {
      numero += suffix;
      words.shift();
    }
  }
  const voie = words.map((w) => STREET_WORDS[w] ?? w).filter((w) => !ADDRESS_STOP_WORDS.has(w));
  return numero === null && voie.length === 0 ? null : { numero, voie };
}

/** One comparable string for an address (`12bis rue jean jaures`), or null. */
export function addressKey(a: NormalisedAddress | null): string | null {
  return a === null ? null : [a.numero ?? '', ...a.voie].join(' ').trim();
}

/**
 * A phone in French national digits (`+33 3 20 12 34 56` → `0320123456`, DROM included), short
 * numbers as digits (`3949`), foreign numbers as `00…`; null when unreadable.
 */
export function normalisePhone(raw: string | null | undefined): string | null {
  const e164 = toE164(raw);
  if (e164 === null) return null;
  if (!e164.startsWith('+')) return e164;
  const fr = /^\+(?:33|262|269|508|590|594|596|681|687|689)(\d{9})$/.exec(e164);
  return fr ? `0${fr[1]}` : `00${e164.slice(1)}`;
}

/**
 * True when a national number identifies one place: 10 digits, not a short number (`3949`) nor an
 * 08 special-rate line, which networks share across all their agencies.
 */
export function isDistinctivePhone(national: string | null): national is string {
  return national !== null && /^0[1-79]\d{8}$/.test(national);
}

/** An e-mail trimmed and lower-cased, or null when it is not one address. */
export function normaliseEmail(raw: string | null | undefined): string | null {
  if (!raw) return null;
  const t = raw.trim().toLowerCase();
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(t) ? t : null;
}
