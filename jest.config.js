/** Jest: TypeScript tests under test/, transpiled by ts-jest (type checking is `tsc`'s job in `npm test`). */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  // The run's temporary folder, removed at the end (test/support/temp-root.js), and one line when the
  // independent checker is absent (its tests are skipped): test/support/checker.ts.
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
