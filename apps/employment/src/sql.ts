import { EntityManager } from 'typeorm';

/** The rows of an UPDATE … RETURNING (TypeORM answers UPDATE with [rows, count], unlike SELECT and INSERT). */
export async function updateReturning<T>(tx: EntityManager, sql: string, params: unknown[]): Promise<T[]> {
  const [rows] = (await tx.query(sql, params)) as [T[], number];
  return rows;
}
