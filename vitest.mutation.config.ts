import { defineConfig } from 'vitest/config';

// The pure tests Stryker runs against each mutant (see stryker.config.mjs): no Redis, no simulator.
export default defineConfig({
  resolve: { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] },
  test: {
    setupFiles: ['tests/setup.ts'],
    testTimeout: 30_000,
    include: [
      'src/domain/**/*.test.ts',
      'src/merge/**/*.test.ts',
      'cache/keys.test.ts',
      'connectors/*/mapping.test.ts',
    ],
    exclude: ['**/*.contract.test.ts', 'node_modules/**', 'dist/**'],
  },
});
