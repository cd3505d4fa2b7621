// Runs in Node (build tooling). The linter `npm test` runs with zero warnings allowed: type-aware
// typescript-eslint rules catch promises nobody awaits or handles, and the React hooks rules catch
// effects that read stale values, so these rules live in the build rather than only in CONTRIBUTING.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'node_modules/',
      '.vite/',
      'out/',
      'dist/',
      'dist-web/',
      'coverage/',
      '.test-artifacts/',
      'bench/.work/',
      '.scratch/',
      'tmp/',
      // tsc -b's working files (declarations of every runtime's project), not sources.
      '.tsbuild/',
      // .ci/run's copy of the tree for its Node 24 pass: left behind, it would be linted on a second run.
      '.ci/.node24/',
    ],
  },
  js.configs.recommended,
  {
    // Sanitisers (terminal text, file names, test servers) match control characters on purpose.
    rules: { 'no-control-regex': 'off' },
  },
  // Type-aware: every .ts/.tsx file is checked with the types of the tsconfig that owns it (the
  // project service finds it, so per-runtime tsconfigs with references work unchanged).
  {
    files: ['**/*.{ts,tsx}'],
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: {
        // Every linted file belongs to one runtime's tsconfig (tsconfig.tests.json covers bin/*.ts).
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      // `async` on a function without `await` is how the StudioApi handlers and job runners turn a
      // thrown StudioError into a rejected promise; removing it would change behaviour, not style.
      '@typescript-eslint/require-await': 'off',
      // Store actions (zustand) and job contexts are closures declared with method syntax in their
      // types; none reads `this`, so destructuring them is safe and the rule only reports false alarms.
      '@typescript-eslint/unbound-method': 'off',
      // `'video' | 'audio' | string` documents the known values while accepting future ones.
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      // Relaying a caught error unchanged (typed `unknown`) is allowed; a new reason must be an Error.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Unused names are an error, except the deliberate `_name` placeholders and rest-sibling omits.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
    },
  },
  {
    files: ['tests/**/*.{ts,tsx}', 'bench/**/*.ts'],
    rules: {
      // Tests read JSON.parse output and asymmetric matchers (expect.any, expect.objectContaining),
      // which are typed `any` by design; their assertions are the type check.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // The fake servers and probes stringify whatever the code under test sends, as real servers do.
      '@typescript-eslint/no-base-to-string': 'off',
    },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
    },
  },
  // Plain Node scripts (bin/*.mjs): linted without types, with Node globals.
  {
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Ambient declarations of globals must be `declare var` (TypeScript's own lib files do the same).
    files: ['**/*.d.ts'],
    rules: { 'no-var': 'off' },
  },
  {
    // pdf.js types its render target with the DOM's canvas, which the Node runtime's compiler config
    // leaves out on purpose; the worker draws on @napi-rs/canvas, so that cast is checked by tsc -b alone.
    files: ['src/main/pdf/pdfWorker.ts'],
    rules: { '@typescript-eslint/no-unsafe-assignment': 'off', '@typescript-eslint/no-unnecessary-type-assertion': 'off' },
  },
);
