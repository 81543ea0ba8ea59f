import { DataSource } from 'typeorm';
import { HamkorConfig } from '@hamkor/config';
import { createKafka, ensureTopics, parseBrokers, topicPlan } from '@hamkor/messaging';
import { logger } from '@hamkor/observability';
import { dataSourceOptions, ensureDatabase, sharedTablesMigrations, runMigrations } from '@hamkor/persistence';
import { ServiceDefinition } from './service-definition';

/** The DataSource of one service, outside Nest (migrations, tools). */
export function serviceDataSource(config: HamkorConfig, s: ServiceDefinition): DataSource {
  return new DataSource(
    dataSourceOptions(config.DATABASE_URL, 2, {
      schema: s.name,
      entities: s.persistence.entities,
      migrations: [...sharedTablesMigrations(s.name), ...s.persistence.migrations],
    }),
  );
}

/** Runs every pending migration of the given services (what start-up does, as a one-shot step). */
export async function migrateServices(config: HamkorConfig, services: ServiceDefinition[]): Promise<void> {
  await ensureDatabase(config.DATABASE_URL);
  for (const s of services) {
    const ds = await serviceDataSource(config, s).initialize();
    try {
      const done = await runMigrations(ds, s.name);
      logger('migrate').info({ service: s.name, applied: done }, done.length ? 'migrations applied' : 'schema up to date');
    } finally {
      await ds.destroy();
    }
  }
}

/** Creates every topic of the contracts catalogue (and its DLQ) with the configured partition counts. */
export async function createAllTopics(config: HamkorConfig): Promise<string[]> {
  const created = await ensureTopics(createKafka({ brokers: parseBrokers(config.KAFKA_BROKERS), clientId: `${config.KAFKA_CLIENT_ID}-admin` }), topicPlan(config));
  logger('migrate').info({ created }, 'topics ready');
  return created;
}
