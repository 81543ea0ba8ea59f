import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { BadRequestException } from '@nestjs/common';

export const DEFAULT_PAGE_SIZE = 20;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` on every list endpoint. Keyset cursors stay fast on deep pages. */
export class PageQueryDto {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: DEFAULT_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(500)
  cursor?: string;
}

export interface Page<T> {
  items: T[];
  /** Absent on the last page. */
  nextCursor?: string;
}

export function encodeCursor(values: Array<string | number>): string {
  return Buffer.from(JSON.stringify(values)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): Array<string | number> | undefined {
  if (!cursor) return undefined;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v) && v.length === arity && v.every((x) => typeof x === 'string' || typeof x === 'number')) return v;
  } catch {
    /* fall through */
  }
  throw new BadRequestException('cursor is not one this API issued');
}

/** Builds a page from `limit + 1` fetched rows. */
export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => Array<string | number>): Page<T> {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, nextCursor: encodeCursor(cursorOf(items[items.length - 1])) } : { items };
}

/**
 * A page whose items are JSON text already (written by PostgreSQL, see entityJsonSql), serialised as a
 * Page: from `limit + 1` rows, each with its item's JSON and what the cursor needs of it. The handler
 * answers it with a JSON content type (`@Header('Content-Type', JSON_CONTENT_TYPE)`).
 */
export function jsonPage<R extends { json: string }>(rows: R[], limit: number, cursorOf: (last: R) => Array<string | number>): string {
  const items = rows.slice(0, limit);
  const next = rows.length > limit ? `,"nextCursor":${JSON.stringify(encodeCursor(cursorOf(items[items.length - 1])))}` : '';
  return `{"items":[${items.map((r) => r.json).join(',')}]${next}}`;
}

export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
