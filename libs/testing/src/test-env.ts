// Every test process talks to this jest run's own database (made by global-setup) and keeps logs quiet
// unless asked. Values set by global-setup are inherited by the workers and kept.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL ??= process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_test';
process.env.REDIS_URL ??= process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
process.env.REDIS_PREFIX ??= 'hamkor-test';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
// Whatever stdout shows, every line at every level goes to the run's log file (LOG_TEE_FILE, set by
// global-setup), which test/privacy scans for learners' personal data at the end of the run.
process.env.LOG_TEE_LEVEL ??= 'trace';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
process.env.AUTH_DEV_KEY_DIR ??= '.cache/dev-keys';
