/**
 * Bounds on the shape of a request's variables, checked before any key is built from them or any
 * resolver sees them: an iterative walk (no recursion, so no depth can overflow the stack) that stops
 * at the first value past either bound.
 */

/** What is wrong with the variables, and the limit's variable name. */
export interface VariablesProblem {
  readonly message: string;
  readonly variable: 'VARIABLES_MAX_DEPTH' | 'VARIABLES_MAX_NODES';
}

/** undefined when `variables` nests at most `maxDepth` levels and holds at most `maxNodes` values. */
export function variablesProblem(variables: unknown, maxDepth: number, maxNodes: number): VariablesProblem | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: variables, depth: 0 }];
  let nodes = 0;
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (++nodes > maxNodes)
      return {
        message: `Variables hold more than ${maxNodes} values, the limit (VARIABLES_MAX_NODES)`,
        variable: 'VARIABLES_MAX_NODES',
      };
    if (value === null || typeof value !== 'object') continue;
    if (depth >= maxDepth)
      return {
        message: `Variables nest deeper than ${maxDepth} levels, the limit (VARIABLES_MAX_DEPTH)`,
        variable: 'VARIABLES_MAX_DEPTH',
      };
    for (const child of Array.isArray(value) ? value : Object.values(value))
      stack.push({ value: child, depth: depth + 1 });
  }
  return undefined;
}
