export * from './service-definition';
export * from './preflight';
export * from './platform.module';
export * from './redis.module';
export * from './create-app';
export * from './run-platform';
export * from './migrate';
export * from './v8-flags';
