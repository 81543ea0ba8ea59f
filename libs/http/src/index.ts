export * from './problem';
export * from './problem.filter';
export * from './validation';
export * from './pagination';
export * from './correlation.middleware';
export * from './idempotency.interceptor';
