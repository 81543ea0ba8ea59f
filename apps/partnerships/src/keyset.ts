import { BadRequestException } from '@nestjs/common';
import { decodeCursor } from '@hamkor/http';

const CHECKS = {
  text: (v: unknown) => typeof v === 'string',
  uuid: (v: unknown) => typeof v === 'string' && /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v),
  timestamp: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(v) && !Number.isNaN(Date.parse(v)),
  date: (v: unknown) => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)),
};

/**
 * decodeCursor, plus a check of each value's kind: a tampered cursor must be a 400, not a database
 * cast error (a 500) when it meets a uuid or date column.
 */
export function decodeKeyset(cursor: string | undefined, kinds: Array<keyof typeof CHECKS>): string[] | undefined {
  const values = decodeCursor(cursor, kinds.length);
  if (!values) return undefined;
  if (!kinds.every((k, i) => CHECKS[k](values[i]))) throw new BadRequestException('cursor is not one this API issued');
  return values as string[];
}

/** The OpenAPI example of a page of lists: items and the cursor of the next page. */
export function pageExample<T>(item: T): { items: T[]; nextCursor: string } {
  return { items: [item], nextCursor: 'WyJDaGlsb256b3IgZW5naW5lZXJpbmcgY2x1c3RlciIsIjdjOWU2Njc5LTc0MjUtNDBkZS05NDRiLWUwN2ZjMWY5MGFlNyJd' };
}
