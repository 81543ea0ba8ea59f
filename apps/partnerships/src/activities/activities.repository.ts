import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { EntityManager, Repository } from 'typeorm';
import { Page, toPage } from '@hamkor/http';
import { decodeKeyset } from '../keyset';
import { Activity, ActivityRegistration } from './activity.entity';

@Injectable()
export class ActivitiesRepository {
  constructor(
    @InjectRepository(Activity, 'partnerships') private readonly activities: Repository<Activity>,
    @InjectRepository(ActivityRegistration, 'partnerships') private readonly registrations: Repository<ActivityRegistration>,
  ) {}

  findById(id: string): Promise<Activity | null> {
    return this.activities.findOneBy({ id });
  }

  lock(tx: EntityManager, id: string): Promise<Activity | null> {
    return tx.findOne(Activity, { where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /**
   * Takes `n` places in one conditional UPDATE: concurrent registrations serialise on the row, and each
   * re-checks the remaining places after the one before it committed, so capacity is never exceeded.
   * Returns the new total, or null when the places are not there (or the activity is cancelled or started).
   */
  async takePlaces(tx: EntityManager, id: string, n: number, now: Date): Promise<number | null> {
    const [rows] = await tx.query(
      `UPDATE partnerships.activity SET registered = registered + $2, updated_at = now()
        WHERE id = $1 AND status = 'scheduled' AND starts_at > $3 AND registered + $2 <= capacity
        RETURNING registered`,
      [id, n, now.toISOString()],
    );
    return rows.length ? rows[0].registered : null;
  }

  async registeredOrganisations(tx: EntityManager, activityId: string): Promise<string[]> {
    const rows: Array<{ organisation_id: string }> = await tx.query(
      `SELECT DISTINCT organisation_id FROM partnerships.activity_registration WHERE activity_id = $1 ORDER BY organisation_id`,
      [activityId],
    );
    return rows.map((r) => r.organisation_id);
  }

  async participantsOf(activityId: string, organisationId: string): Promise<number> {
    const [{ n }] = await this.registrations.query(
      `SELECT coalesce(sum(participants), 0)::int AS n FROM partnerships.activity_registration WHERE activity_id = $1 AND organisation_id = $2`,
      [activityId, organisationId],
    );
    return n;
  }

  async listOfCluster(clusterId: string, limit: number, cursor?: string): Promise<Page<Activity>> {
    const qb = this.activities
      .createQueryBuilder('a')
      .where('a.cluster_id = :clusterId', { clusterId })
      .orderBy('a.starts_at', 'ASC')
      .addOrderBy('a.id', 'ASC')
      .limit(limit + 1);
    const after = decodeKeyset(cursor, ['timestamp', 'uuid']);
    if (after) qb.andWhere('(a.starts_at, a.id) > (:t, :i)', { t: after[0], i: after[1] });
    return toPage(await qb.getMany(), limit, (a) => [a.startsAt.toISOString(), a.id]);
  }
}
