export * from './messaging-harness';
export * from './test-platform';
