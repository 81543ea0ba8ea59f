import { ArgumentsHost, Catch, ExceptionFilter, HttpException } from '@nestjs/common';
import { Response, Request } from 'express';
import { ContractViolation } from '@hamkor/contracts';
import { isTransient } from '@hamkor/persistence';
import { currentCorrelation, logger } from '@hamkor/observability';
import { PROBLEM_CONTENT_TYPE, PROBLEM_TYPE_BASE, ProblemDetails, ProblemException, slugOf, TITLES } from './problem';

interface BodyParserError {
  type?: string;
  status?: number;
  expose?: boolean;
}

/**
 * Turns every error into problem+json. Client errors keep their message; anything unexpected is
 * logged with its stack and answered with a bare 500 that reveals nothing.
 */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly log = logger('http');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const res = host.switchToHttp().getResponse<Response>();
    const req = host.switchToHttp().getRequest<Request>();
    const problem = this.toProblem(exception, req);
    if (problem.status >= 500) {
      this.log.error({ err: exception instanceof Error ? { message: exception.message, stack: exception.stack } : String(exception), path: req.path }, 'unhandled error');
    }
    if (res.headersSent) return;
    if (typeof problem.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(problem.retryAfterSeconds));
    res.status(problem.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private toProblem(exception: unknown, req: Request): ProblemDetails {
    const base = { instance: req.originalUrl?.split('?')[0], correlationId: currentCorrelation()?.correlationId };
    if (exception instanceof ProblemException) {
      const status = exception.getStatus();
      return { type: PROBLEM_TYPE_BASE + exception.slug, title: TITLES[status] ?? 'Error', status, detail: exception.message, ...base, ...exception.extensions };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse() as string | { message?: unknown; errors?: ProblemDetails['errors'] };
      const message = typeof body === 'string' ? body : body.message;
      const detail = Array.isArray(message) ? message.join('; ') : typeof message === 'string' ? message : exception.message;
      const errors = typeof body === 'object' ? body.errors : undefined;
      return { type: PROBLEM_TYPE_BASE + slugOf(status), title: TITLES[status] ?? 'Error', status, detail, ...base, ...(errors ? { errors } : {}) };
    }
    // body-parser errors (malformed JSON, too large, bad charset) carry a status and a type.
    const bp = exception as BodyParserError;
    if (bp && typeof bp.status === 'number' && bp.status >= 400 && bp.status < 500 && bp.expose) {
      const detail =
        bp.type === 'entity.parse.failed' ? 'the request body is not valid JSON'
        : bp.type === 'entity.too.large' ? 'the request body is larger than this API accepts'
        : bp.type === 'encoding.unsupported' || bp.type === 'charset.unsupported' ? 'the request body encoding is not supported'
        : 'the request body could not be read';
      return { type: PROBLEM_TYPE_BASE + slugOf(bp.status), title: TITLES[bp.status] ?? 'Bad request', status: bp.status, detail, ...base };
    }
    if (exception instanceof ContractViolation) {
      return { type: PROBLEM_TYPE_BASE + 'unprocessable-content', title: TITLES[422], status: 422, detail: exception.message, ...base };
    }
    if (isTransient(exception)) {
      // Still contended after the transaction helper's own attempts: the client may simply try again.
      return { type: PROBLEM_TYPE_BASE + 'busy', title: TITLES[503], status: 503, detail: 'the request met a concurrent change; try it again', retryAfterSeconds: 1, ...base };
    }
    return { type: PROBLEM_TYPE_BASE + 'internal-server-error', title: TITLES[500], status: 500, detail: 'something went wrong on our side; quote the correlation id when reporting it', ...base };
  }
}
