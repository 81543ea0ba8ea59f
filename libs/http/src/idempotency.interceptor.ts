import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor, SetMetadata, UseInterceptors, applyDecorators, ConflictException, BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import { defer, finalize, from, Observable, of, switchMap, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';
import { HAMKOR_CONFIG, HamkorConfig } from '@hamkor/config';

export const IDEMPOTENT_SCHEMA = 'hamkor:idempotent-schema';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * Honours an `Idempotency-Key` header on a create endpoint: the first request's status and body are
 * stored (in the service's own schema, as JSON text) and returned again, as they were, for a retry with
 * the same key; the same key with a different body is a 422, and a retry while the first is still
 * running is a 409 with Retry-After.
 *
 * "Still running" is a lease: claiming a key locks it for IDEMPOTENCY_LEASE_SECONDS (30 s), and the
 * process running the request renews the lock every third of that until it answers. A key whose process
 * died (crash, SIGKILL, lost pod) is therefore free again within one lease, and the retry runs the
 * request, instead of answering 409 until the key expires. The one case a retry can then repeat: the
 * first request committed its work and its process died before it stored the answer (one statement
 * later). A failed request frees its key at once. Keys are kept IDEMPOTENCY_KEY_TTL_HOURS (24 h; the
 * housekeeping sweep deletes them); a retry after that is a new request.
 */
export function Idempotent(schema: string) {
  return applyDecorators(
    SetMetadata(IDEMPOTENT_SCHEMA, schema),
    UseInterceptors(IdempotencyInterceptor),
    ApiHeader({ name: 'Idempotency-Key', required: false, description: 'a unique key per intended creation; a retry with the same key returns the first result' }),
  );
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
    @Inject(HAMKOR_CONFIG) private readonly config: HamkorConfig,
  ) {}

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = ctx.switchToHttp().getRequest<Request & { principal?: { organisationId?: string; userId: string } }>();
    const res = ctx.switchToHttp().getResponse<Response>();
    const key = req.headers[IDEMPOTENCY_HEADER];
    const schema = this.reflector.get<string>(IDEMPOTENT_SCHEMA, ctx.getHandler());
    if (key === undefined || !schema) return next.handle();
    if (typeof key !== 'string' || !/^[A-Za-z0-9_.:-]{8,128}$/.test(key)) {
      throw new BadRequestException('Idempotency-Key must be 8 to 128 characters of letters, digits, _ . : -');
    }
    const ds = this.moduleRef.get<DataSource>(getDataSourceToken(schema), { strict: false });
    const scope = `${req.method} ${req.baseUrl}${req.route?.path ?? req.path} ${req.principal?.organisationId ?? req.principal?.userId ?? 'anonymous'}`;
    const hash = createHash('sha256').update(JSON.stringify(req.body ?? null)).digest('hex');
    const table = `"${schema}".idempotency_key`;
    // Nest sets the response status after interceptors run, so take it from the route's metadata.
    const status = this.reflector.get<number>(HTTP_CODE_METADATA, ctx.getHandler()) ?? (req.method === 'POST' ? 201 : 200);

    const leaseSeconds = this.config.IDEMPOTENCY_LEASE_SECONDS;

    // Claims the key: a new one, or one whose lease lapsed with no answer stored (its process died) and
    // whose body is the same; a different body is never taken over, so it gets its 422 below.
    return from(
      ds.query(
        `INSERT INTO ${table} AS k (scope, key, request_hash, locked_until) VALUES ($1, $2, $3, now() + make_interval(secs => $4))
         ON CONFLICT (scope, key) DO UPDATE SET locked_until = EXCLUDED.locked_until, created_at = now()
          WHERE k.status_code IS NULL AND k.locked_until < now() AND k.request_hash = EXCLUDED.request_hash
         RETURNING key`,
        [scope, key, hash, leaseSeconds],
      ),
    ).pipe(
      switchMap(async (inserted: unknown[]) => {
        if (inserted.length) return undefined;
        const [row] = await ds.query(
          `SELECT request_hash, status_code, response_body, ceil(extract(epoch FROM locked_until - now()))::int AS locked_for FROM ${table} WHERE scope = $1 AND key = $2`,
          [scope, key],
        );
        if (!row) return undefined;
        if (row.request_hash !== hash) throw new UnprocessableEntityException('this Idempotency-Key was used with a different request body');
        if (row.status_code === null) {
          res.setHeader('Retry-After', String(Math.max(1, row.locked_for ?? 1)));
          throw new ConflictException('a request with this Idempotency-Key is still being processed');
        }
        return row as { status_code: number; response_body: unknown };
      }),
      switchMap((stored) => {
        if (stored) {
          res.status(stored.status_code);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.response_body);
        }
        // While the request runs, its lease is renewed, so a slow request is never taken over.
        let renewal: NodeJS.Timeout | undefined;
        const renew = () => {
          renewal = setTimeout(() => {
            ds.query(`UPDATE ${table} SET locked_until = now() + make_interval(secs => $3) WHERE scope = $1 AND key = $2 AND status_code IS NULL`, [scope, key, leaseSeconds])
              .catch(() => undefined)
              .finally(() => renewal && renew());
          }, (leaseSeconds * 1000) / 3);
          renewal.unref();
        };
        return defer(() => {
          renew();
          return next.handle();
        }).pipe(
          // The stored answer is written before the response leaves, so an immediate retry replays it.
          switchMap(async (body) => {
            await ds.query(`UPDATE ${table} SET status_code = $3, response_body = $4 WHERE scope = $1 AND key = $2`, [
              scope,
              key,
              status,
              JSON.stringify(body ?? null),
            ]);
            return body;
          }),
          // A failed request frees its key, so the client may retry it.
          tap({ error: () => void ds.query(`DELETE FROM ${table} WHERE scope = $1 AND key = $2`, [scope, key]).catch(() => undefined) }),
          finalize(() => {
            clearTimeout(renewal);
            renewal = undefined;
          }),
        );
      }),
    );
  }
}
