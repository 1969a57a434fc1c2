/**
 * Jest for `npm run test:conformance` only: the comparison with `docker compose config`
 * (test/conformance/*.conformance.ts). The main jest config never runs these files (its testMatch
 * is `*.test.ts`): they need the reference binary built by scripts/compose-tool.sh.
 */
const path = require('path');

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  testEnvironment: 'node',
  roots: ['<rootDir>/test/conformance'],
  testMatch: ['**/*.conformance.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  testTimeout: 30 * 60_000,
};
