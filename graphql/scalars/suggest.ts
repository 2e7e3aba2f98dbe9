/**
 * "Did you mean" suggestions for mistyped nomenclature values: an edit distance over folded
 * strings (case, accents, `_`/spaces ignored), plus two cheap rules that plain edit distance
 * misses on `<categorie>--<sous-thematique>` values: the bare sub-part (`garde-denfants`) and a
 * bare prefix (`famille`) both point at the full values.
 */

/** Inputs longer than this get no suggestions: edit distance is quadratic and nobody mistypes 200 chars. */
const MAX_INPUT = 200;

/** Lower case, no diacritics, runs of spaces/underscores as `-`, so `Famille_Garde` ≈ `famille-garde`. */
export function foldValue(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{Diacritic}/gu, '')
    .toLowerCase()
    .trim()
    .replace(/[\s_]+/g, '-');
}

/** Optimal-string-alignment distance: Levenshtein plus adjacent transpositions (`fmaille`). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  let prev2: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row.push(d);
    }
    prev2 = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/** Distance of a folded query to one candidate, or null when too far to be worth suggesting. */
function score(query: string, candidate: string): number | null {
  const folded = foldValue(candidate);
  if (query.length >= 3 && folded.startsWith(query)) return folded === query ? 0 : 1;
  const at = folded.indexOf('--');
  const tail = at >= 0 ? folded.slice(at + 2) : folded;
  const d = Math.min(editDistance(query, folded), at >= 0 ? editDistance(query, tail) + 1 : Infinity);
  // Same tolerance as graphql-js' own suggestions: about 40 % of the input may be wrong.
  const limit = Math.max(2, Math.floor(query.length * 0.4));
  return d <= limit ? d : null;
}

/** Up to `max` candidates closest to `input`, best first, ties in alphabetical order. */
export function closestValues(input: string, candidates: readonly string[], max = 3): string[] {
  const query = foldValue(input);
  if (query.length === 0 || query.length > MAX_INPUT) return [];
  const scored: Array<{ value: string; d: number }> = [];
  for (const value of candidates) {
    const d = score(query, value);
    if (d !== null) scored.push({ value, d });
  }
  scored.sort((x, y) => x.d - y.d || (x.value < y.value ? -1 : x.value > y.value ? 1 : 0));
  return scored.slice(0, max).map((s) => s.value);
}

/** ` Did you mean "a", "b" or "c"?` (leading space), or '' when there is nothing to suggest. */
export function didYouMean(suggestions: readonly string[]): string {
  if (suggestions.length === 0) return '';
  const quoted = suggestions.map((s) => `"${s}"`);
  const list = quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`;
  return ` Did you mean ${list}?`;
}
