import { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { CORRELATION_HEADER, httpRequestDuration, runWithCorrelation, sanitizeCorrelationId } from '@hamkor/observability';

/**
 * Gives every request a correlation id (the caller's X-Correlation-Id when it is a plausible token),
 * echoes it in the response, and times the request.
 */
export function correlationMiddleware(req: Request, res: Response, next: NextFunction): void {
  const correlationId = sanitizeCorrelationId(req.headers[CORRELATION_HEADER]) ?? randomUUID();
  res.setHeader(CORRELATION_HEADER, correlationId);
  const end = httpRequestDuration.startTimer();
  res.on('finish', () => {
    const route = (req.route?.path as string | undefined) ?? 'unmatched';
    end({ method: req.method, route: `${req.baseUrl ?? ''}${route}`, status: String(res.statusCode) });
  });
  runWithCorrelation({ correlationId }, () => next());
}
