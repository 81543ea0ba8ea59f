import { Global, Module } from '@nestjs/common';
import { z } from 'zod';

export const NOTIFICATIONS_CONFIG = Symbol('NOTIFICATIONS_CONFIG');

const ms = (def: number) => z.coerce.number().int().min(1).max(86_400_000).default(def);
const clock = /^([01]\d|2[0-3]):[0-5]\d$/;

/**
 * The notifications service's own settings (NOTIFY_*), read once when the service starts. They live here
 * rather than in the platform schema because only this service reads them.
 */
export const notificationsConfigSchema = z.object({
  /** Where e-mail is handed over, e.g. smtp://user:pass@mail.example.uz:587 or smtps://... */
  NOTIFY_SMTP_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').default('smtp://127.0.0.1:25'),
  NOTIFY_MAIL_FROM: z.string().min(3).default('hamkor <no-reply@hamkor.uz>'),
  /** Run the delivery worker in this process (false for API-only replicas). */
  NOTIFY_WORKER: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  NOTIFY_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(50),
  /** 8 attempts, 7 s x 4^n with jitter: the last retry about 10 hours after the first try. */
  NOTIFY_WEBHOOK_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  NOTIFY_EMAIL_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(6),
  NOTIFY_RETRY_BASE_MS: ms(7_000),
  NOTIFY_RETRY_FACTOR: z.coerce.number().min(1).max(10).default(4),
  NOTIFY_WEBHOOK_TIMEOUT_MS: ms(5_000),
  /** Whether webhooks may target loopback and private networks: never in production (a tenant could reach internal services). */
  NOTIFY_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional().transform((v) => (v === undefined ? process.env.NODE_ENV !== 'production' : v === 'true')),
  /** Per-endpoint rate limit (requests per second, also the burst), for all replicas together (shared through Redis). */
  NOTIFY_ENDPOINT_RATE: z.coerce.number().min(0.1).max(100_000).default(20),
  /** Calls in flight to one endpoint at most, per worker process, so a hanging endpoint cannot take every worker slot. */
  NOTIFY_ENDPOINT_CONCURRENCY: z.coerce.number().int().min(1).max(1000).default(16),
  /** Consecutive failures that open an endpoint's circuit, and how long it stays open. */
  NOTIFY_BREAKER_FAILURES: z.coerce.number().int().min(1).max(1000).default(5),
  NOTIFY_BREAKER_COOLDOWN_MS: ms(30_000),
  /** BullMQ lock: a job whose worker died is picked up again after about this long. */
  NOTIFY_LOCK_MS: ms(30_000),
  /** How often queued rows with no job in Redis (a Redis flush, a crash before enqueue) are re-enqueued. */
  NOTIFY_SWEEP_MS: ms(30_000),
  /** Learners' messages wait out this window (local time of NOTIFY_TIMEZONE). */
  NOTIFY_QUIET_START: z.string().regex(clock, 'HH:MM').default('21:00'),
  NOTIFY_QUIET_END: z.string().regex(clock, 'HH:MM').default('08:00'),
  NOTIFY_TIMEZONE: z.string().default('Asia/Tashkent'),
});

export type NotificationsConfig = z.infer<typeof notificationsConfigSchema>;

export function loadNotificationsConfig(env: NodeJS.ProcessEnv = process.env): NotificationsConfig {
  const result = notificationsConfigSchema.safeParse(env);
  if (!result.success) throw new Error(`notifications configuration is invalid: ${z.prettifyError(result.error)}`);
  return result.data;
}

/** Makes the notifications settings injectable everywhere in the service (read once, at start). */
@Global()
@Module({ providers: [{ provide: NOTIFICATIONS_CONFIG, useFactory: () => loadNotificationsConfig() }], exports: [NOTIFICATIONS_CONFIG] })
export class NotificationsConfigModule {}
