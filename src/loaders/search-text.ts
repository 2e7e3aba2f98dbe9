/**
 * `recherchePublic`: d·i matches `websearch_to_tsquery('french', q)` against a French tsvector of
 * the `publics` values (`-` → space) and `publics_precisions`. The gateway approximates it without
 * a stemmer: text is compared accent-, case- and punctuation-insensitively, French stop words are
 * ignored, a trailing plural `s`/`x` is dropped, and EVERY remaining query word must occur (AND, as
 * websearch_to_tsquery does without OR). Not supported: OR, "phrases", -negation, real stemming
 * (`handicapees` does not find `handicap`). Pure.
 */
import { normaliseForMatch, type Service } from '../domain/index.js';

// PostgreSQL's french stop words that people actually type in such a query.
const STOP_WORDS = new Set([
  'a',
  'au',
  'aux',
  'avec',
  'ce',
  'ces',
  'd',
  'dans',
  'de',
  'des',
  'du',
  'en',
  'et',
  'l',
  'la',
  'le',
  'les',
  'leur',
  'leurs',
  'ou',
  'par',
  'pas',
  'pour',
  'qui',
  'sa',
  'se',
  'ses',
  'son',
  'sur',
  'un',
  'une',
]);

/** Words as compared: normalised, stop words out, a plural `s`/`x` dropped from words of 4+ letters. */
export function searchWords(text: string): string[] {
  return normaliseForMatch(text)
    .split(' ')
    .filter((w) => w !== '' && !STOP_WORDS.has(w))
    .map((w) => (w.length >= 4 && /[sx]$/.test(w) ? w.slice(0, -1) : w));
}

/** The text `recherchePublic` searches in a service: its publics (`-` → space) and publicsPrecisions. */
export function publicText(s: Pick<Service, 'publics' | 'publicsPrecisions'>): string {
  return [...(s.publics ?? []).map((p) => p.replace(/-/g, ' ')), s.publicsPrecisions ?? ''].join(' ');
}

/** A predicate over services for a recherchePublic query; a query with no searchable word matches everything. */
export function recherchePublicMatcher(query: string): (s: Pick<Service, 'publics' | 'publicsPrecisions'>) => boolean {
  const wanted = [...new Set(searchWords(query))];
  if (wanted.length === 0) return () => true;
  return (s) => {
    const have = new Set(searchWords(publicText(s)));
    return wanted.every((w) => have.has(w));
  };
}
