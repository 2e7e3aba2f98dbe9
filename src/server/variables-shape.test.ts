import { describe, expect, it } from 'vitest';
import { variablesProblem } from './variables-shape.js';

describe('variablesProblem', () => {
  it('accepts ordinary variables and absent ones', () => {
    expect(variablesProblem(undefined, 16, 100)).toBeUndefined();
    expect(
      variablesProblem({ filter: { sources: ['dora'], codeCommune: '59350' }, first: 20 }, 16, 100),
    ).toBeUndefined();
  });

  it('names the depth bound for deep nesting, however deep, without recursion', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 200_000; i++) deep = { a: [deep] };
    expect(variablesProblem({ v: deep }, 16, 10_000_000)).toEqual({
      message: 'Variables nest deeper than 16 levels, the limit (VARIABLES_MAX_DEPTH)',
      variable: 'VARIABLES_MAX_DEPTH',
    });
  });

  it('names the count bound for wide values', () => {
    expect(variablesProblem({ list: Array.from({ length: 200 }, (_, i) => i) }, 16, 100)?.variable).toBe(
      'VARIABLES_MAX_NODES',
    );
  });
});
