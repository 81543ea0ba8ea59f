import { LoggerService } from '@nestjs/common';
import pino, { Logger } from 'pino';
import { currentCorrelation } from './correlation';

/**
 * Keys that may carry personal data. They are removed from every log line, wherever they appear,
 * because learners are often minors and logs leave the database's access control.
 */
export const REDACTED_KEYS = [
  'name', 'fullName', 'firstName', 'lastName', 'email', 'phone', 'dateOfBirth', 'birthDate',
  'nationalId', 'contact', 'address', 'password', 'authorization', 'token', 'secret',
];

let root: Logger | undefined;

export function rootLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  if (!root) {
    root = pino({
      level,
      base: { service: 'hamkor', pid: process.pid },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      redact: {
        paths: [...REDACTED_KEYS, ...REDACTED_KEYS.map((k) => `*.${k}`), 'req.headers.authorization'],
        remove: true,
      },
      // The correlation id of the current request, event or job is added to every line.
      mixin: () => {
        const ctx = currentCorrelation();
        return ctx ? { correlationId: ctx.correlationId, causationId: ctx.causationId } : {};
      },
    });
  }
  return root;
}

export function setLogLevel(level: string): void {
  rootLogger().level = level;
}

/** A named child logger: `logger('outbox').info({ batch: 10 }, 'published')`. */
export function logger(component: string): Logger {
  return rootLogger().child({ component });
}

/** Nest's own log calls routed into pino, so there is one log format. */
export class PinoNestLogger implements LoggerService {
  private readonly log_ = logger('nest');
  log(message: unknown, context?: string) {
    this.log_.info({ context }, String(message));
  }
  error(message: unknown, trace?: string, context?: string) {
    this.log_.error({ context, trace }, String(message));
  }
  warn(message: unknown, context?: string) {
    this.log_.warn({ context }, String(message));
  }
  debug(message: unknown, context?: string) {
    this.log_.debug({ context }, String(message));
  }
  verbose(message: unknown, context?: string) {
    this.log_.trace({ context }, String(message));
  }
}
