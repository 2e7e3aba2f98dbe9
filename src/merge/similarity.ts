/** String and token-set similarities used by entity resolution (all in [0, 1], symmetric). */

/** Jaro similarity of two strings. */
function jaro(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const usedB = new Array<boolean>(b.length).fill(false);
  const matchedA: string[] = [];
  for (let i = 0; i < a.length; i++) {
    for (let j = Math.max(0, i - window); j < Math.min(b.length, i + window + 1); j++) {
      if (usedB[j] || a[i] !== b[j]) continue;
      usedB[j] = true;
      matchedA.push(a[i]!);
      break;
    }
  }
  const m = matchedA.length;
  if (m === 0) return 0;
  const matchedB = [...b].filter((_, j) => usedB[j]);
  let transpositions = 0;
  for (let k = 0; k < m; k++) if (matchedA[k] !== matchedB[k]) transpositions++;
  return (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
}

/** Jaro-Winkler similarity (prefix scale 0.1, prefix up to 4 characters). */
export function jaroWinkler(a: string, b: string): number {
  const j = jaro(a, b);
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return j + prefix * 0.1 * (1 - j);
}

/** Tokens this long or longer may match with a typo; shorter ones (`ccas`, numbers) must be equal. */
const FUZZY_MIN_LENGTH = 5;
/** Jaro-Winkler above which two long tokens are the same word misspelt (`jaures`/`jaures`, `solidarite`/`solidarites`). */
const FUZZY_THRESHOLD = 0.93;

function tokensMatch(a: string, b: string): boolean {
  if (a === b) return true;
  return a.length >= FUZZY_MIN_LENGTH && b.length >= FUZZY_MIN_LENGTH && jaroWinkler(a, b) >= FUZZY_THRESHOLD;
}

/**
 * Jaccard index of two token sets where long tokens may match with a small typo: matched pairs
 * over the union. Each token is used once (greedy, in order), so the result is deterministic.
 */
export function softJaccard(a: readonly string[], b: readonly string[]): number {
  const left = [...new Set(a)];
  const right = [...new Set(b)];
  if (left.length === 0 && right.length === 0) return 1;
  const used = new Array<boolean>(right.length).fill(false);
  let matches = 0;
  for (const t of left) {
    const exact = right.findIndex((u, j) => !used[j] && u === t);
    const at = exact >= 0 ? exact : right.findIndex((u, j) => !used[j] && tokensMatch(t, u));
    if (at < 0) continue;
    used[at] = true;
    matches++;
  }
  return matches / (left.length + right.length - matches);
}

/** True when every token of the shorter list has a match in the longer one. */
export function tokensContained(a: readonly string[], b: readonly string[]): boolean {
  const [small, big] = a.length <= b.length ? [a, b] : [b, a];
  return small.every((t) => big.some((u) => tokensMatch(t, u)));
}
