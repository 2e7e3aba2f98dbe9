import { defineConfig } from 'vitest/config';

// Three test tiers chosen by file suffix:
// unit = pure, contract = one component against a real HTTP simulator or a real Redis,
// e2e = the whole gateway over HTTP. vite 8 reads the decorator settings from tsconfig.
const shared = { setupFiles: ['tests/setup.ts'], testTimeout: 30_000, hookTimeout: 60_000 };
// graphql 16 ships a CJS and an ESM build; Node hands type-graphql, graphql-scalars and Apollo the CJS
// one, so our own files must get the same build or schemas fail with "Cannot determine GraphQL output type".
const resolve = { alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }] };

export default defineConfig({
  test: {
    reporters: ['default', './tests/helpers/count-reporter.ts'],
    // 2 cores: keep the pool small so Redis and simulators are not starved.
    maxWorkers: 2,
    projects: [
      {
        resolve,
        test: {
          ...shared,
          name: 'unit',
          include: ['**/*.test.ts'],
          exclude: [
            '**/*.contract.test.ts',
            'tests/e2e/**',
            'tests/browser/**',
            'node_modules/**',
            'dist/**',
            '.stryker-tmp/**',
          ],
        },
      },
      {
        resolve,
        test: {
          ...shared,
          name: 'contract',
          include: ['**/*.contract.test.ts'],
          exclude: ['node_modules/**', 'dist/**', '.stryker-tmp/**'],
        },
      },
      {
        resolve,
        test: {
          ...shared,
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts', 'tests/browser/**/*.test.ts'],
          exclude: ['node_modules/**', 'dist/**'],
        },
      },
    ],
  },
});
