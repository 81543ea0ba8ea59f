import { CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors, applyDecorators, ConflictException, BadRequestException, UnprocessableEntityException } from '@nestjs/common';
import { ModuleRef, Reflector } from '@nestjs/core';
import { HTTP_CODE_METADATA } from '@nestjs/common/constants';
import { ApiHeader } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { Request, Response } from 'express';
import { from, Observable, of, switchMap, tap } from 'rxjs';
import { DataSource } from 'typeorm';
import { getDataSourceToken } from '@nestjs/typeorm';

export const IDEMPOTENT_SCHEMA = 'hamkor:idempotent-schema';
export const IDEMPOTENCY_HEADER = 'idempotency-key';

/**
 * Honours an `Idempotency-Key` header on a create endpoint: the first request's status and body are
 * stored (in the service's own schema) and returned again for a retry with the same key; the same key
 * with a different body is a 422, and a retry while the first is still running is a 409. Keys are kept
 * IDEMPOTENCY_KEY_TTL_HOURS (24 h; the housekeeping sweep deletes them), so a key whose request never
 * finished (its process crashed) answers 409 until then, and a retry after that is a new request.
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

    return from(
      ds.query(
        `INSERT INTO ${table} (scope, key, request_hash) VALUES ($1, $2, $3)
         ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
        [scope, key, hash],
      ),
    ).pipe(
      switchMap(async (inserted: unknown[]) => {
        if (inserted.length) return undefined;
        const [row] = await ds.query(`SELECT request_hash, status_code, response_body FROM ${table} WHERE scope = $1 AND key = $2`, [scope, key]);
        if (!row) return undefined;
        if (row.request_hash !== hash) throw new UnprocessableEntityException('this Idempotency-Key was used with a different request body');
        if (row.status_code === null) throw new ConflictException('a request with this Idempotency-Key is still being processed');
        return row as { status_code: number; response_body: unknown };
      }),
      switchMap((stored) => {
        if (stored) {
          res.status(stored.status_code);
          res.setHeader('Idempotent-Replayed', 'true');
          return of(stored.response_body);
        }
        return next.handle().pipe(
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
        );
      }),
    );
  }
}
