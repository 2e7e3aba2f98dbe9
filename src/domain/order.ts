/** The one order of ids and keys: code units, independent of the runtime locale. */

/** Code-unit order of two strings (never `localeCompare`: the order must not depend on the machine). */
export function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Records by id in code-unit order: the order of every id-sorted list the gateway returns. */
export function byRecordId(a: { readonly id: string }, b: { readonly id: string }): number {
  return compareCodeUnits(a.id, b.id);
}
