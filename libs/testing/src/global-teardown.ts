import { dropDatabase } from '../../persistence/src/data-source.factory';

/** Drops this run's database. */
export default async function globalTeardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url || !process.env.HAMKOR_TEST_RUN) return;
  await dropDatabase(url);
}
