import { randomUUID } from 'node:crypto';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { z } from 'zod';
import {
  AgreementActivated,
  AgreementExpired,
  ClusterMemberJoined,
  ClusterMemberLeft,
  EventContract,
  OrganisationType,
} from '@hamkor/contracts';
import { Caller, MessagingHarness, TestPlatform, waitFor } from '@hamkor/testing';

/**
 * Partnerships as equipment sees it: real contract events written through an outbox in a throwaway
 * schema and relayed to the real partnerships topics, so equipment's consumers apply them from Kafka.
 */
export class PartnershipsEvents {
  private readonly harness = new MessagingHarness();

  async start(): Promise<this> {
    await this.harness.setup();
    this.harness.relay().start();
    return this;
  }

  /** Returns the event id, to wait for equipment's inbox to have applied it. */
  private async publish<S extends z.ZodType>(contract: EventContract<S>, data: z.infer<S>): Promise<string> {
    const envelope = await this.harness.ds.transaction((tx: EntityManager) => this.harness.writer.publish(tx, contract, data));
    return envelope.id;
  }

  async clusterWith(members: Array<{ organisationId: string; organisationType: OrganisationType }>): Promise<string> {
    const clusterId = randomUUID();
    for (const [i, m] of members.entries()) {
      await this.publish(ClusterMemberJoined, { clusterId, ...m, role: i === 0 ? 'coordinator' : 'member' });
    }
    return clusterId;
  }

  leaveCluster(clusterId: string, organisationId: string) {
    return this.publish(ClusterMemberLeft, { clusterId, organisationId, reason: 'left' });
  }

  async agreement(parties: string[], scopes: Array<'equipment' | 'internships'>): Promise<{ eventId: string; expire: () => Promise<string> }> {
    const terms = { agreementId: randomUUID(), parties, scopes, startsOn: '2026-09-01', endsOn: '2027-08-31' };
    const eventId = await this.publish(AgreementActivated, terms);
    return { eventId, expire: () => this.publish(AgreementExpired, terms) };
  }

  /** Every message of the topic since the beginning, collected as it arrives. */
  async follow(topic: string): Promise<Array<{ type: string; data: any }>> {
    const seen: Array<{ type: string; data: any }> = [];
    const consumer = this.harness.kafka.consumer({ groupId: `reader-${randomUUID()}`, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        // The topic also carries poison on purpose (test/fuzz checks it reaches the DLQ): skip what is not JSON.
        let e: { type: string; data: any };
        try {
          e = JSON.parse(String(message.value));
        } catch {
          return;
        }
        seen.push({ type: e?.type, data: e?.data });
      },
    });
    this.closers.push(() => consumer.disconnect());
    return seen;
  }

  private readonly closers: Array<() => Promise<void>> = [];

  async close(): Promise<void> {
    for (const c of this.closers) await c().catch(() => undefined);
    await this.harness.close();
  }
}

/** A caller with its token, and short verbs for the equipment API. */
/** Waits until equipment's consumer has applied (or skipped) the event with this id. */
export async function applied(platform: TestPlatform, eventId: string): Promise<void> {
  const ds = platform.app.get<DataSource>(getDataSourceToken('equipment'), { strict: false });
  await waitFor(async () => (await ds.query(`SELECT 1 FROM equipment.inbox WHERE event_id = $1`, [eventId])).length > 0, 20000, `event ${eventId} in equipment`);
}

export async function actor(platform: TestPlatform, caller: Caller) {
  const token = await platform.token(caller);
  const auth = (r: any) => r.set('Authorization', `Bearer ${token}`);
  return {
    caller,
    id: caller.organisationId!,
    type: caller.organisationType!,
    get: (path: string) => auth(platform.http.get(`/equipment${path}`)),
    post: (path: string, body?: object) => auth(platform.http.post(`/equipment${path}`)).send(body ?? {}),
    patch: (path: string, body: object) => auth(platform.http.patch(`/equipment${path}`)).send(body),
    delete: (path: string) => auth(platform.http.delete(`/equipment${path}`)),
  };
}
export type Actor = Awaited<ReturnType<typeof actor>>;

const WEEKDAYS = [1, 2, 3, 4, 5, 6, 7];
export const allDay = WEEKDAYS.map((weekday) => ({ weekday, opens: '00:00', closes: '24:00' }));
export const workingHours = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, opens: '09:00', closes: '18:00' }));

export function resourceBody(overrides: Record<string, unknown> = {}) {
  return {
    kind: 'lab',
    name: `CNC lab ${randomUUID().slice(0, 6)}`,
    description: 'Three 3-axis CNC mills',
    location: 'Building B, room 104',
    region: 'UZ-TK',
    capacity: 16,
    timeZone: 'Asia/Tashkent',
    openingHours: workingHours,
    sharingScope: 'public',
    approvalRequired: false,
    ...overrides,
  };
}

const DAY = 86_400_000;

/** A Monday at least `weeksAhead` weeks from now, as a local date "YYYY-MM-DD" (calendar arithmetic in UTC). */
export function mondayAhead(weeksAhead: number): string {
  const d = new Date(Date.now() + weeksAhead * 7 * DAY);
  const back = (d.getUTCDay() + 6) % 7;
  return new Date(d.getTime() - back * DAY + 7 * DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * DAY).toISOString().slice(0, 10);
}

/** The next Sunday (after a week from now) on which Europe/Berlin changes its UTC offset. */
export function nextBerlinChangeSunday(): string {
  const offset = (t: number) => {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', timeZoneName: 'shortOffset' }).formatToParts(new Date(t));
    return parts.find((p) => p.type === 'timeZoneName')!.value;
  };
  for (let t = Date.now() + 7 * DAY; ; t += DAY) {
    const day = new Date(t).toISOString().slice(0, 10);
    const noon = Date.parse(`${day}T12:00:00Z`);
    if (new Date(noon).getUTCDay() === 0 && offset(noon - DAY) !== offset(noon + DAY)) return day;
  }
}
