/** @type {import('jest').Config} */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.json');

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  moduleFileExtensions: ['ts', 'js', 'json'],
  testRegex: '.*\\.(spec|int-spec|e2e-spec)\\.ts$',
  // The chaos spec stays out until it has passed 3 runs in a row (issue 9 stays open). The stalls after a
  // broker restart are fixed in libs/messaging (consumers rejoin or are replaced, the producer re-syncs), but
  // it has passed only once since. It runs on its own with `npx jest test/chaos --testPathIgnorePatterns=/node_modules/`
  // (the path first: after it, jest reads the path as a second ignore pattern) or `npm run test:chaos`.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/chaos/'],
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
