// ESLint over the TypeScript sources with type information (typescript-eslint), run by `npm run lint:es`.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', 'coverage/', 'data/', 'bench/results/', '**/fixtures/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
      // Off: the `!` after an indexed access says "present here"; without noUncheckedIndexedAccess it flags all of them.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      // Off: many async functions implement a Promise-returning interface without needing to await.
      '@typescript-eslint/require-await': 'off',
      // Off: partner JSON is read as `any` at a few mapping edges; typing those payloads is its own change.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      // Off: connector operations are declared as methods and handed around as values on purpose.
      '@typescript-eslint/unbound-method': 'off',
      // Off: the CSV cell readers stringify values they have already narrowed to scalars.
      '@typescript-eslint/no-base-to-string': 'off',
      // Rejections and throws forward a caught reason as is (typed unknown, or any for AbortSignal.reason).
      '@typescript-eslint/prefer-promise-reject-errors': [
        'error',
        { allowThrowingAny: true, allowThrowingUnknown: true },
      ],
      '@typescript-eslint/only-throw-error': ['error', { allowThrowingAny: true, allowThrowingUnknown: true }],
      // Off: graphql's OperationTypeNode is an enum of strings, compared with its literal values.
      '@typescript-eslint/no-unsafe-enum-comparison': 'off',
      // Off: unions like `'A' | 'F' | string` list the known codes of an open partner vocabulary.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts'],
    rules: {
      // Off in tests: they read GraphQL and HTTP bodies as `any` and assert on them.
      '@typescript-eslint/no-explicit-any': 'off',
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: { process: 'readonly' } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } },
  },
);
