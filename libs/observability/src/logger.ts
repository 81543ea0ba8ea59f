import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LoggerOptions } from 'pino';
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
/**
 * Set when LOG_TEE_FILE is: stdout behind a level filter of its own (a pino multistream of one, whose
 * entry and last line's level pino keeps as numbers), so the tee can record more than stdout shows.
 */
let stdout: (DestinationStream & { streams: Array<{ level: number }>; lastLevel: number }) | undefined;
let teeLevel = 'silent';

export function rootLogger(level = process.env.LOG_LEVEL ?? 'info'): Logger {
  if (!root) {
    const options: LoggerOptions = {
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
    };
    const teeFile = process.env.LOG_TEE_FILE;
    if (!teeFile) root = pino(options);
    else {
      // Synchronous appends (O_APPEND, one write per line): many processes can share the file without
      // interleaving, and a process that crashes has written everything it logged.
      const tee = pino.destination({ dest: teeFile, append: true, mkdir: true, sync: true });
      teeLevel = process.env.LOG_TEE_LEVEL ?? 'info';
      const teeFrom = levelValue(teeLevel);
      stdout = pino.multistream([{ stream: pino.destination(process.stdout.fd ?? 1) }]) as unknown as typeof stdout & object;
      stdout.streams[0].level = levelValue(level);
      const out = stdout;
      root = pino(
        {
          ...options,
          level: lower(level, teeLevel),
          // The tee sits in front of the destination rather than beside it, so that code which swaps the
          // destination's write (a test capturing the log) does not cut the tee off.
          hooks: {
            streamWrite: (line) => {
              if (out.lastLevel >= teeFrom) tee.write(line);
              return line;
            },
          },
        },
        out,
      );
    }
  }
  return root;
}

export function setLogLevel(level: string): void {
  const log = rootLogger();
  if (!stdout) {
    log.level = level;
    return;
  }
  stdout.streams[0].level = levelValue(level);
  log.level = lower(level, teeLevel);
}

function levelValue(label: string): number {
  return pino.levels.values[label] ?? Infinity;
}

/** The more verbose of two levels. */
function lower(a: string, b: string): string {
  return levelValue(a) <= levelValue(b) ? a : b;
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
