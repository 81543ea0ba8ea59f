// Every test process talks to the test database and keeps logs quiet unless asked.
process.env.NODE_ENV = 'test';
process.env.DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/hamkor_test';
process.env.REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/1';
process.env.LOG_LEVEL = process.env.TEST_LOG_LEVEL ?? 'silent';
process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
process.env.AUTH_DEV_KEY_DIR = process.env.AUTH_DEV_KEY_DIR ?? '.cache/dev-keys';
