// Each test file gets its own database cloned from a migrated template (test/globalSetup.ts).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.(t|j|mj)s$': ['@swc/jest', { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs', ignoreDynamic: true } }],
  },
  // ESM-only packages must be transformed to run under jest's CommonJS runtime.
  transformIgnorePatterns: ['/node_modules/'],
  globalSetup: '<rootDir>/test/globalSetup.ts',
  globalTeardown: '<rootDir>/test/globalTeardown.ts',
  testTimeout: 60000,
  maxWorkers: 2,
  // A worker is recycled after a test file once its heap passes this: jest keeps each file's module
  // registry until it collects it, and a worker that had run the heavy suites (the schema build, the
  // Apple Health reader's property tests) ran out of heap in CI.
  workerIdleMemoryLimit: '1GB',
};
