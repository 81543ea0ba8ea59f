import { z } from 'zod';

/** Every service this build can run, in the order they are mounted. */
export const SERVICE_NAMES = ['partnerships', 'internships', 'equipment', 'employment', 'notifications'] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

const csvOfServices = z
  .string()
  .default('all')
  .transform((raw, ctx) => {
    const wanted = raw.trim() === 'all' ? [...SERVICE_NAMES] : raw.split(',').map((s) => s.trim()).filter(Boolean);
    const unknown = wanted.filter((s) => !(SERVICE_NAMES as readonly string[]).includes(s));
    if (unknown.length > 0 || wanted.length === 0) {
      ctx.addIssue({
        code: 'custom',
        message: `unknown service(s) "${unknown.join(',')}"; expected "all" or a comma list of ${SERVICE_NAMES.join(', ')}`,
      });
      return z.NEVER;
    }
    return [...new Set(wanted)] as ServiceName[];
  });

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const url = (protocols: string[]) =>
  z.string().refine(
    (v) => {
      try {
        return protocols.includes(new URL(v).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL (${protocols.join(' or ')})` },
  );

/**
 * The whole configuration of a hamkor process, read once from the environment at start-up.
 * A missing or malformed variable stops the process with its name (see loadConfig).
 */
export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  HAMKOR_SERVICES: csvOfServices,
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HTTP_BODY_LIMIT: z.string().regex(/^\d+(b|kb|mb)$/i, 'like 1mb or 512kb').default('1mb'),

  DATABASE_URL: url(['postgres:', 'postgresql:']).default('postgres://postgres@127.0.0.1:5432/hamkor'),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  REDIS_URL: url(['redis:', 'rediss:']).default('redis://127.0.0.1:6379/0'),
  /** Prefix for every BullMQ key, so two environments can share one Redis. */
  REDIS_PREFIX: z.string().min(1).default('hamkor'),

  KAFKA_BROKERS: z.string().min(1).default('localhost:9092'),
  KAFKA_CLIENT_ID: z.string().min(1).default('hamkor'),
  /** Default partition count for topics this process creates; per-topic overrides below. */
  KAFKA_PARTITIONS: z.coerce.number().int().min(1).max(1000).default(3),
  /** e.g. "employment.graduate.v1=12,internships.placement.v1=6" */
  KAFKA_TOPIC_PARTITIONS: z
    .string()
    .default('')
    .transform((raw, ctx) => {
      const out: Record<string, number> = {};
      for (const part of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
        const [topic, n] = part.split('=');
        const count = Number(n);
        if (!topic || !Number.isInteger(count) || count < 1) {
          ctx.addIssue({ code: 'custom', message: `bad entry "${part}", expected topic=count` });
          return z.NEVER;
        }
        out[topic] = count;
      }
      return out;
    }),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(1).max(7).default(1),
  /** Consumer group prefix: groups are "<prefix>.<service>". */
  KAFKA_GROUP_PREFIX: z.string().min(1).default('hamkor'),
  /**
   * How long the broker waits for a silent consumer (a crashed process) before it hands that consumer's
   * partitions to the others; a graceful stop leaves the group at once. At least the broker's
   * group.min.session.timeout.ms (6000 by default).
   */
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1000).max(3_600_000).default(30_000),
  /** Must stay well below the session timeout (a third of it at most). */
  KAFKA_HEARTBEAT_INTERVAL_MS: z.coerce.number().int().min(100).max(1_200_000).default(3_000),
  CONSUMER_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(5),
  CONSUMER_RETRY_BASE_MS: z.coerce.number().int().min(1).max(60_000).default(200),

  OUTBOX_BATCH_SIZE: z.coerce.number().int().min(1).max(10_000).default(500),
  OUTBOX_POLL_MS: z.coerce.number().int().min(5).max(60_000).default(50),

  /**
   * Housekeeping of the shared tables (libs/persistence/src/housekeeping.ts), every HOUSEKEEPING_INTERVAL_MS:
   * published outbox rows, idempotency keys and finished scheduled jobs older than their retention are deleted, and inbox rows
   * older than INBOX_RETENTION_HOURS, which must exceed the retention of the topics (Kafka's default is
   * 7 days), or a redelivered event would be applied again.
   */
  HOUSEKEEPING_INTERVAL_MS: z.coerce.number().int().min(1_000).max(86_400_000).default(3_600_000),
  OUTBOX_RETENTION_HOURS: z.coerce.number().int().min(1).max(87_600).default(168),
  INBOX_RETENTION_HOURS: z.coerce.number().int().min(192).max(87_600).default(720),
  IDEMPOTENCY_KEY_TTL_HOURS: z.coerce.number().int().min(1).max(8_760).default(24),
  /** Scheduled jobs that ran or were cancelled are deleted this long after (failed ones stay for the operator). */
  SCHEDULED_JOB_RETENTION_HOURS: z.coerce.number().int().min(1).max(87_600).default(720),
  /**
   * How long an Idempotency-Key whose request is still running stays locked without its process renewing
   * the lock (it renews every third of this while the request runs): a retry of a request whose process
   * died is a 409 (with Retry-After) for at most this long, then runs.
   */
  IDEMPOTENCY_LEASE_SECONDS: z.coerce.number().int().min(1).max(3_600).default(30),

  /** JWT verification: a JWKS URL for a real identity provider, otherwise the local dev key pair. */
  AUTH_JWKS_URL: url(['http:', 'https:']).optional(),
  AUTH_PUBLIC_KEY_FILE: z.string().optional(),
  AUTH_ISSUER: z.string().min(1).default('hamkor-dev'),
  AUTH_AUDIENCE: z.string().min(1).default('hamkor'),
  /** Where the dev key pair lives; created on first start outside production. */
  AUTH_DEV_KEY_DIR: z.string().default('.cache/dev-keys'),

  /** partnerships: how many days before an agreement's end its parties are reminded. */
  AGREEMENT_EXPIRY_REMINDER_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * employment: the graduate-facing page that a self-report link opens (`<url>?token=...`); the page posts
   * the answer to POST /employment/self-report.
   */
  SELF_REPORT_URL: url(['http:', 'https:']).default('http://localhost:3000/self-report'),

  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /**
   * Also append every log line at LOG_TEE_LEVEL or above, as JSON lines, to this file (created when
   * missing; many processes may share it). The test run records its whole log this way and scans it
   * for personal data while stdout stays quiet. Read by the logger itself, which starts before the config.
   */
  LOG_TEE_FILE: z.string().min(1).optional(),
  LOG_TEE_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).default('info'),
  /** Run pending migrations at start-up (also available as `npm run migration:run`). */
  MIGRATIONS_RUN: bool.default(true),
  /** Create the Kafka topics this process needs at start-up. */
  TOPICS_CREATE: bool.default(true),
  /** Load demo data after start-up (npm start sets it). */
  DEMO_DATA: bool.default(false),
});

export type HamkorConfig = z.infer<typeof configSchema>;
