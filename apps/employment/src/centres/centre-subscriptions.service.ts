import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Principal } from '@hamkor/auth';
import { decodeCursor, DEFAULT_PAGE_SIZE, toPage } from '@hamkor/http';
import { ownOrganisation } from '../caller';
import { CentreSubscription } from './centre-subscription.entity';
import { ListSubscriptionsQuery } from './dto/subscribe.dto';

@Injectable()
export class CentreSubscriptionsService {
  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  async subscribe(caller: Principal, region: string): Promise<CentreSubscription> {
    const centreId = ownOrganisation(caller, 'employment_centre');
    // One statement: a read after the insert fails when an unsubscribe commits in between.
    const [row] = await this.ds.query(
      `INSERT INTO employment.centre_subscription (centre_id, region) VALUES ($1, $2)
       ON CONFLICT (centre_id, region) DO UPDATE SET region = EXCLUDED.region
       RETURNING centre_id AS "centreId", region, created_at AS "createdAt"`,
      [centreId, region],
    );
    return row;
  }

  async list(caller: Principal, q: ListSubscriptionsQuery) {
    const centreId = ownOrganisation(caller, 'employment_centre');
    const limit = q.limit ?? DEFAULT_PAGE_SIZE;
    const after = decodeCursor(q.cursor, 1);
    const rows = await this.ds.getRepository(CentreSubscription).createQueryBuilder('s')
      .where('s.centre_id = :centreId', { centreId })
      .andWhere(after ? 's.region > :after' : 'true', { after: after?.[0] })
      .orderBy('s.region', 'ASC')
      .limit(limit + 1)
      .getMany();
    return toPage(rows, limit, (s) => [s.region]);
  }

  async unsubscribe(caller: Principal, region: string): Promise<void> {
    const centreId = ownOrganisation(caller, 'employment_centre');
    const [, deleted] = await this.ds.query(`DELETE FROM employment.centre_subscription WHERE centre_id = $1 AND region = $2`, [centreId, region]);
    if (!deleted) throw new NotFoundException('your centre is not subscribed to this region');
  }

  /** Whether the centre follows the region (a centre reports placements only for graduates it follows). */
  async follows(centreId: string, region: string): Promise<boolean> {
    const rows = await this.ds.query(`SELECT 1 FROM employment.centre_subscription WHERE centre_id = $1 AND region = $2`, [centreId, region]);
    return rows.length > 0;
  }
}
