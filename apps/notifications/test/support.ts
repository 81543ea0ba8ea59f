import { randomUUID } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { getDataSourceToken } from '@nestjs/typeorm';
import { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { buildEnvelope, EventContract, EventData, EventEnvelope, PersonAdded, Role } from '@hamkor/contracts';
import { KAFKA_PRODUCER } from '@hamkor/messaging';
import { TestPlatform, waitFor } from '@hamkor/testing';
import { verifyWebhook } from '../src/delivery/channels/standard-webhooks';

/** Timings that keep the retry, lock and breaker tests short; set before the platform starts. */
export function fastNotificationSettings(extra: Record<string, string> = {}): void {
  Object.assign(process.env, {
    NOTIFY_RETRY_BASE_MS: '40',
    NOTIFY_RETRY_FACTOR: '2',
    NOTIFY_WEBHOOK_ATTEMPTS: '3',
    NOTIFY_EMAIL_ATTEMPTS: '3',
    NOTIFY_LOCK_MS: '1500',
    NOTIFY_SWEEP_MS: '60000',
    NOTIFY_BREAKER_FAILURES: '4',
    NOTIFY_BREAKER_COOLDOWN_MS: '60000',
    NOTIFY_ENDPOINT_RATE: '1000',
    NOTIFY_ENDPOINT_CONCURRENCY: '2',
    NOTIFY_WEBHOOK_TIMEOUT_MS: '3000',
    // No quiet hours (an empty window) unless a test sets one: messages go out whatever the time of the run.
    NOTIFY_QUIET_START: '00:00',
    NOTIFY_QUIET_END: '00:00',
    ...extra,
  });
}

export interface ReceivedCall {
  id: string;
  type: string;
  body: any;
  headers: IncomingHttpHeaders;
  validSignature: boolean;
}

/**
 * A real HTTP endpoint of an organisation: verifies the Standard Webhooks signature with the secret it
 * was given, de-duplicates by webhook-id (as a receiver should), and answers as the test tells it to.
 */
export class WebhookReceiver {
  secret = '';
  readonly calls: ReceivedCall[] = [];
  /** Processed once per webhook-id. */
  readonly processed = new Map<string, ReceivedCall>();
  respond: (call: ReceivedCall, n: number) => number | Promise<number> = () => 200;
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', async () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        const call: ReceivedCall = {
          id: String(req.headers['webhook-id']),
          type: JSON.parse(raw || '{}').type,
          body: JSON.parse(raw || '{}'),
          headers: req.headers,
          validSignature: verifyWebhook(this.secret, req.headers, raw),
        };
        this.calls.push(call);
        const status = call.validSignature ? await this.respond(call, this.calls.length) : 401;
        if (status >= 200 && status < 300 && !this.processed.has(call.id)) this.processed.set(call.id, call);
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
    return this;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise((r) => this.server?.close(r));
  }
}

/** The platform's SMTP test server (a real SMTP server on a local port that keeps what it receives). */
export { SmtpSink } from '@hamkor/testing';
export type { ReceivedMail } from '@hamkor/testing';

/** Puts events on the real Kafka topics, as the other services' outbox relays do. */
export class EventBus {
  constructor(private readonly platform: TestPlatform) {}

  private get producer(): Producer {
    return this.platform.app.get<Producer>(KAFKA_PRODUCER, { strict: false });
  }

  envelope<C extends EventContract>(contract: C, data: EventData<C>): EventEnvelope<EventData<C>> {
    return buildEnvelope({ type: contract.type, source: `/${contract.topic.service}`, subject: contract.subjectOf(data), schemaversion: contract.schemaversion, data });
  }

  async send(contract: EventContract, envelopes: Array<EventEnvelope<unknown>>): Promise<void> {
    await this.producer.send({
      topic: contract.topic.name,
      acks: -1,
      messages: envelopes.map((e) => ({ key: e.subject, value: JSON.stringify(e) })),
    });
  }

  async publish<C extends EventContract>(contract: C, data: EventData<C>): Promise<EventEnvelope<EventData<C>>> {
    const e = this.envelope(contract, data);
    await this.send(contract, [e]);
    return e;
  }

  /** Adds people to partnerships (as its events) and waits until the notifications directory has them. */
  async people(...people: Array<{ organisationId: string; roles: Role[]; language?: 'uz' | 'ru' | 'en' }>): Promise<Array<{ personId: string; email: string; organisationId: string }>> {
    const added = people.map((p) => ({ personId: randomUUID(), organisationId: p.organisationId, roles: p.roles, language: p.language ?? 'en', email: `${randomUUID().slice(0, 8)}@staff.example.uz` }));
    await this.send(PersonAdded, added.map((p) => this.envelope(PersonAdded, p)));
    const ds = this.platform.app.get<DataSource>(getDataSourceToken('notifications'), { strict: false });
    await waitFor(async () => {
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM notifications.directory_person WHERE id = ANY($1::uuid[])`, [added.map((p) => p.personId)]);
      return n === added.length;
    }, 45000, 'people in the directory');
    return added;
  }

  /** Waits until the notifications consumer has joined its group and caught up (a fresh group reads each topic from the start). */
  async ready(): Promise<void> {
    await this.people({ organisationId: randomUUID(), roles: ['viewer'] });
  }
}

export function notificationsDb(platform: TestPlatform): DataSource {
  return platform.app.get<DataSource>(getDataSourceToken('notifications'), { strict: false });
}

export function expectProblem(res: { status: number; headers: Record<string, string>; text: string }, status: number, detail?: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers['content-type']).toContain('application/problem+json');
  const problem = JSON.parse(res.text);
  if (detail) expect(problem.detail).toMatch(detail);
  return problem;
}
