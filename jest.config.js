/** @type {import('jest').Config} */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  // The short chaos spec (test/chaos) is part of the run: it brings PostgreSQL, Redis and a broker of its own.
  // Alone: `npx jest test/chaos` (the long one: `npm run test:chaos`).
  testPathIgnorePatterns: ['/node_modules/'],
  transform: { '^.+\\.ts$': ['ts-jest', { diagnostics: false }] },
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, { prefix: '<rootDir>/' }),
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  testTimeout: 60000,
  // One file at a time: every file starts real services on the same broker and database, and two
  // platforms running side by side would apply each other's events and compete for the 2 cores.
  maxWorkers: 1,
  setupFiles: ['<rootDir>/libs/testing/src/test-env.ts'],
  // Jest's order, except test/privacy last: it scans the log of the whole run.
  testSequencer: '<rootDir>/libs/testing/src/log-privacy-last.sequencer.js',
  testEnvironmentOptions: { globalsCleanup: 'off' },
  // kafkajs keeps reconnect timers after disconnect(); the suites close what they open, so do not wait for stragglers.
  forceExit: true,
};
