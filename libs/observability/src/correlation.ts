import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

/** What travels with one unit of work: an HTTP request, an event being handled, a job. */
export interface CorrelationContext {
  correlationId: string;
  /** The id of the event or request that caused the current work, if any. */
  causationId?: string;
}

const storage = new AsyncLocalStorage<CorrelationContext>();

export const CORRELATION_HEADER = 'x-correlation-id';

export function currentCorrelation(): CorrelationContext | undefined {
  return storage.getStore();
}

export function runWithCorrelation<T>(ctx: Partial<CorrelationContext>, fn: () => T): T {
  return storage.run({ correlationId: ctx.correlationId || randomUUID(), causationId: ctx.causationId }, fn);
}

/** Accepts a caller's correlation id only when it is a plausible token, never arbitrary text in our logs. */
export function sanitizeCorrelationId(raw: unknown): string | undefined {
  return typeof raw === 'string' && /^[A-Za-z0-9._:-]{8,128}$/.test(raw) ? raw : undefined;
}
