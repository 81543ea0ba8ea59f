import { ConflictException, ForbiddenException, Injectable, NotFoundException, UnprocessableEntityException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { inTransaction } from '@hamkor/persistence';
import { isPlatformAdmin, Principal } from '@hamkor/auth';
import { ActivityCancelled, ActivityScheduled } from '@hamkor/contracts';
import { DEFAULT_PAGE_SIZE } from '@hamkor/http';
import { OutboxWriter } from '@hamkor/messaging';
import { Cluster } from '../clusters/cluster.entity';
import { ClustersRepository } from '../clusters/clusters.repository';
import { ActingOrganisation } from '../organisations/acting-organisation';
import { Activity, ActivityRegistration } from './activity.entity';
import { ActivitiesRepository } from './activities.repository';
import { ListActivitiesQuery, RegisterParticipantsDto, ScheduleActivityDto } from './dto/activity.dto';

@Injectable()
export class ActivitiesService {
  constructor(
    @InjectDataSource('partnerships') private readonly ds: DataSource,
    private readonly activities: ActivitiesRepository,
    private readonly clusters: ClustersRepository,
    private readonly acting: ActingOrganisation,
    private readonly outbox: OutboxWriter,
  ) {}

  /** Any active member organises an activity for its cluster. */
  async schedule(caller: Principal, clusterId: string, dto: ScheduleActivityDto): Promise<Activity> {
    const me = await this.acting.require(caller);
    await this.requireMember(clusterId, me.id);
    const startsAt = new Date(dto.startsAt);
    const endsAt = new Date(dto.endsAt);
    if (endsAt <= startsAt) throw new UnprocessableEntityException('endsAt must be after startsAt');
    if (startsAt <= new Date()) throw new UnprocessableEntityException('startsAt must be in the future');
    if (!dto.place && !dto.link) throw new UnprocessableEntityException('give a place, a link, or both');
    const activity: Activity = await inTransaction(this.ds, async (tx) => {
      const a = tx.create(Activity, {
        id: randomUUID(),
        clusterId,
        organiserId: me.id,
        kind: dto.kind,
        title: dto.title,
        description: dto.description ?? null,
        startsAt,
        endsAt,
        place: dto.place ?? null,
        link: dto.link ?? null,
        capacity: dto.capacity,
        registered: 0,
        status: 'scheduled',
      });
      await tx.insert(Activity, a);
      await this.outbox.publish(tx, ActivityScheduled, {
        activityId: a.id,
        clusterId,
        organiserId: me.id,
        kind: a.kind,
        title: a.title,
        startsAt: startsAt.toISOString(),
        endsAt: endsAt.toISOString(),
        online: !a.place,
        capacity: a.capacity,
      });
      return a;
    });
    return this.activities.findById(activity.id) as Promise<Activity>;
  }

  async list(caller: Principal, clusterId: string, q: ListActivitiesQuery) {
    if (!(await this.clusters.findById(clusterId))) throw new NotFoundException('no such cluster');
    if (!isPlatformAdmin(caller)) await this.requireMember(clusterId, caller.organisationId);
    return this.activities.listOfCluster(clusterId, q.limit ?? DEFAULT_PAGE_SIZE, q.cursor);
  }

  async get(caller: Principal, id: string): Promise<Activity & { remaining: number; yourParticipants?: number }> {
    const a = await this.activities.findById(id);
    if (!a) throw new NotFoundException('no such activity');
    if (isPlatformAdmin(caller)) return { ...a, remaining: a.capacity - a.registered };
    await this.requireMember(a.clusterId, caller.organisationId);
    return { ...a, remaining: a.capacity - a.registered, yourParticipants: await this.activities.participantsOf(id, caller.organisationId!) };
  }

  async register(caller: Principal, id: string, dto: RegisterParticipantsDto) {
    const me = await this.acting.require(caller);
    const a = await this.activities.findById(id);
    if (!a) throw new NotFoundException('no such activity');
    await this.requireMember(a.clusterId, me.id);
    return inTransaction(this.ds, async (tx) => {
      const total = await this.activities.takePlaces(tx, id, dto.participants, new Date());
      if (total === null) {
        // Read through this transaction's own connection: borrowing a second one from the pool while
        // holding this one deadlocks the pool under a burst of registrations.
        const now = await tx.findOneBy(Activity, { id });
        if (now?.status === 'cancelled') throw new ConflictException('this activity is cancelled');
        if (now && now.startsAt <= new Date()) throw new ConflictException('this activity has already started');
        throw new ConflictException(`not enough places left: ${now ? now.capacity - now.registered : 0} remaining`);
      }
      const registration = tx.create(ActivityRegistration, { id: randomUUID(), activityId: id, organisationId: me.id, participants: dto.participants });
      await tx.insert(ActivityRegistration, registration);
      return { registrationId: registration.id, activityId: id, organisationId: me.id, participants: dto.participants, remaining: a.capacity - total };
    });
  }

  /** The organiser or the cluster's coordinator cancels; registered members learn of it from the event. */
  async cancel(caller: Principal, id: string): Promise<Activity> {
    const me = await this.acting.require(caller);
    await inTransaction(this.ds, async (tx) => {
      const a = await this.activities.lock(tx, id);
      if (!a) throw new NotFoundException('no such activity');
      const cluster = await tx.findOneBy(Cluster, { id: a.clusterId });
      if (a.organiserId !== me.id && cluster?.coordinatorId !== me.id) throw new ForbiddenException("only the organiser or the cluster's coordinator cancels an activity");
      if (a.status === 'cancelled') throw new ConflictException('this activity is already cancelled');
      a.status = 'cancelled';
      await tx.save(a);
      await this.outbox.publish(tx, ActivityCancelled, {
        activityId: a.id,
        clusterId: a.clusterId,
        organiserId: a.organiserId,
        cancelledBy: me.id,
        registeredOrganisationIds: await this.activities.registeredOrganisations(tx, a.id),
      });
    });
    return this.activities.findById(id) as Promise<Activity>;
  }

  private async requireMember(clusterId: string, organisationId: string | undefined): Promise<void> {
    if (!(await this.clusters.findById(clusterId))) throw new NotFoundException('no such cluster');
    if (!organisationId || !(await this.clusters.isActiveMember(clusterId, organisationId))) {
      throw new ForbiddenException('only active members of the cluster take part in its activities');
    }
  }
}
