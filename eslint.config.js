import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const actionsImportRule = {
  'no-restricted-imports': [
    'error',
    {
      patterns: [
        {
          group: ['@actions/*'],
          message: 'Only packages/toolkit and actions/* may import @actions/* (ARCHITECTURE.md, rule 1).',
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
  { files: ['packages/toolkit/**/*.ts'], rules: { 'no-restricted-imports': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], rules: { '@typescript-eslint/consistent-type-imports': 'off' } },
);
