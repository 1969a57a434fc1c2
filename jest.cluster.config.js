/**
 * Jest for the cluster suite (`npm run test:cluster`): test/cluster/*.cluster.ts against a real
 * control plane that the global setup starts once (scripts/control-plane.sh) and the global
 * teardown stops by pid. Serial (one worker: the suite runs its namespaces concurrently itself);
 * timeouts are long because a 2-core machine rolls out a few hundred namespaces.
 */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test/cluster'],
  testMatch: ['**/*.cluster.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { diagnostics: false }],
  },
  moduleFileExtensions: ['ts', 'js', 'json'],
  globalSetup: '<rootDir>/test/cluster/global-setup.ts',
  globalTeardown: '<rootDir>/test/cluster/global-teardown.ts',
  maxWorkers: 1,
  testTimeout: 30 * 60_000,
};
