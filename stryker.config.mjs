// Mutation testing of the pure modules: `npm run test:mutation`, on demand (see docs/mutation-testing.md).
// MUTATION_GROUP=domain|merge|keys|mappings mutates one module group only (reports/mutation/<group>.*).
const GROUPS = {
  domain: ['src/domain/**/*.ts'],
  merge: ['src/merge/**/*.ts'],
  keys: ['cache/keys.ts'],
  mappings: ['connectors/*/mapping.ts'],
};
const group = process.env.MUTATION_GROUP;
if (group !== undefined && !(group in GROUPS))
  throw new Error(`MUTATION_GROUP must be one of ${Object.keys(GROUPS).join(', ')}`);
const name = group ?? 'all';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  mutate: [...(group ? GROUPS[group] : Object.values(GROUPS).flat()), '!**/*.test.ts', '!**/index.ts'],
  coverageAnalysis: 'perTest',
  // Module-level tables (nomenclatures, mapping tables) would need a full reload per mutant: skipped, counted as ignored.
  ignoreStatic: true,
  concurrency: 2,
  reporters: ['clear-text', 'progress-append-only', 'html', 'json'],
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  tempDirName: '.stryker-tmp',
  thresholds: { high: 90, low: 80, break: 80 },
};
