import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { AddressInfo } from 'node:net';
import request from 'supertest';
import { mintDevToken } from '@hamkor/auth';
import { createPlatformApp, ServiceDefinition } from '@hamkor/bootstrap';
import { parseConfig } from '@hamkor/config';
import { OrganisationType, Role } from '@hamkor/contracts';
import { SchedulerRuntime, ServiceScheduler } from '@hamkor/jobs';
import { createKafka, ensureTopics, MessagingRuntime, parseBrokers, topicPlan } from '@hamkor/messaging';
import { startConsumerGroupsAtEnd } from './topic-tap';

export interface Caller {
  organisationId?: string;
  organisationType?: OrganisationType;
  roles: Role[];
  userId?: string;
}

/**
 * A real hamkor process inside the test: the given services, on an ephemeral port, against the real
 * PostgreSQL, Redis and Kafka. Each instance has its own consumer-group prefix, so test files running
 * side by side never steal each other's partitions.
 */
export class TestPlatform {
  app!: INestApplication;
  url!: string;
  readonly groupPrefix = `test-${randomUUID().slice(0, 8)}`;

  constructor(
    private readonly services: ServiceDefinition[],
    private readonly env: Record<string, string> = {},
  ) {}

  async start(): Promise<this> {
    const config = parseConfig({ ...process.env, PORT: '0', KAFKA_GROUP_PREFIX: this.groupPrefix, OUTBOX_POLL_MS: '20', ...this.env });
    // The broker is shared by every test file (and by earlier runs on this machine): this platform's new
    // consumer groups start at the topics' current end instead of replaying everyone else's history.
    await ensureTopics(createKafka({ brokers: parseBrokers(config.KAFKA_BROKERS), clientId: `${this.groupPrefix}-admin` }), topicPlan(config));
    await startConsumerGroupsAtEnd(this.services.map((s) => `${this.groupPrefix}.${s.name}`), undefined, config.KAFKA_BROKERS);
    this.app = await createPlatformApp(config, this.services);
    await this.app.listen(0, '127.0.0.1');
    const { port } = this.app.getHttpServer().address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    return this;
  }

  get http() {
    return request(this.app.getHttpServer());
  }

  /** A service's scheduler: `runDue()` runs every due job now. */
  scheduler(service: string): ServiceScheduler {
    return this.app.get(SchedulerRuntime).forService(service);
  }

  get messaging(): MessagingRuntime {
    return this.app.get(MessagingRuntime);
  }

  token(caller: Caller, expiresIn = '1h'): Promise<string> {
    return mintDevToken({
      ...caller,
      issuer: process.env.AUTH_ISSUER ?? 'hamkor-dev',
      audience: process.env.AUTH_AUDIENCE ?? 'hamkor',
      devKeyDir: process.env.AUTH_DEV_KEY_DIR ?? '.cache/dev-keys',
      expiresIn,
    });
  }

  async stop(): Promise<void> {
    await this.app?.close();
  }
}

/** Callers by role, for tests that read as a story. */
export const as = {
  operator: (): Caller => ({ roles: ['platform_admin'], userId: randomUUID() }),
  orgAdmin: (organisationType: OrganisationType, organisationId = randomUUID()): Caller => ({ organisationId, organisationType, roles: ['org_admin'] }),
  coordinator: (organisationType: OrganisationType, organisationId = randomUUID()): Caller => ({ organisationId, organisationType, roles: ['coordinator'] }),
  viewer: (organisationType: OrganisationType, organisationId = randomUUID()): Caller => ({ organisationId, organisationType, roles: ['viewer'] }),
};
