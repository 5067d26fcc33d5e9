import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const actionsPattern = {
  group: ['@actions/*'],
  message:
    'Only packages/toolkit and actions/* may import @actions/*: libraries take what they need as arguments (docs/architecture.md, "The map").',
};
const actionsImportRule = { 'no-restricted-imports': ['error', { patterns: [actionsPattern] }] };
// The formats, the registry and the gate never depend on how a run is driven: neither the installed
// cosign CLI nor the runner adapter. Only toolkit (which picks an engine) and the actions reach them.
const libraryImportRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        actionsPattern,
        {
          group: ['@sigil/cosign-cli', '@sigil/toolkit', '@sigil/toolkit/*'],
          message:
            'A library below the toolkit may not depend on the cosign CLI or the runner adapter; pass what it needs in as an argument (docs/architecture.md, "The map").',
        },
      ],
    },
  ],
};

export default tseslint.config(
  { ignores: ['**/lib/**', 'dist/**', 'node_modules/**', '**/node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        AbortController: 'readonly',
        AbortSignal: 'readonly',
        fetch: 'readonly',
        TextEncoder: 'readonly',
        TextDecoder: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  { files: ['packages/**/*.ts', 'test/**/*.ts', 'scripts/**/*.{js,mjs,ts}'], rules: actionsImportRule },
  {
    files: [
      'packages/{core,oci,keys,signatures,attestations,transparency,signer,gate,sbom,provenance}/src/**/*.ts',
    ],
    rules: libraryImportRule,
  },
  { files: ['packages/toolkit/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  // The test-only workflow runner evaluates `${{ }}` with GitHub's own evaluator: the one @actions/* it imports.
  {
    files: ['packages/testing/src/workflow-expressions.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ ...actionsPattern, group: ['@actions/*', '!@actions/expressions'] }] },
      ],
    },
  },
  { files: ['**/*.js', '**/*.mjs'], rules: { '@typescript-eslint/consistent-type-imports': 'off' } },
);
