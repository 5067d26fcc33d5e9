// Two projects so that `npm run test:unit` runs without a registry or cosign (macOS/Windows CI),
// while `npm test` runs every tier. Integration, interop and e2e files end in .int/.interop/.e2e.test.ts.
const common = {
  testEnvironment: 'node',
  testEnvironmentOptions: { customExportConditions: ['@sigil/source', 'node', 'node-addons'] },
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      {
        // keepImportAssertions keeps `with { type: 'json' }` (the release data toolkit bundles), as Node needs.
        jsc: {
          parser: { syntax: 'typescript' },
          target: 'es2023',
          experimental: { keepImportAssertions: true },
        },
        module: { type: 'es6' },
        sourceMaps: 'inline',
      },
    ],
  },
};
const system = '\\.(int|interop|e2e)\\.test\\.ts$';

export default {
  testTimeout: 60_000,
  projects: [
    {
      ...common,
      displayName: 'unit',
      testMatch: ['<rootDir>/packages/*/test/**/*.test.ts', '<rootDir>/actions/*/test/**/*.test.ts'],
      testPathIgnorePatterns: [system, '/node_modules/'],
    },
    {
      ...common,
      displayName: 'system',
      testMatch: [
        '<rootDir>/packages/*/test/**/*.{int,interop,e2e}.test.ts',
        '<rootDir>/actions/*/test/**/*.{int,interop,e2e}.test.ts',
        '<rootDir>/test/**/*.test.ts',
      ],
    },
  ],
};
