import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { decodeCursor, Page, toPage } from '@hamkor/http';

export interface UsageRow {
  month: string;
  resourceId: string;
  resourceName: string;
  ownerId: string;
  borrowerId: string;
  bookings: number;
  bookedHours: number;
  usedHours: number;
}

@Injectable()
export class UsageRepository {
  constructor(@InjectDataSource('equipment') private readonly ds: DataSource) {}

  /**
   * Hours per month (in the resource's zone), resource and borrowing organisation. Booked = approved
   * bookings plus released no-shows (the slot was held); used = approved bookings that were checked in.
   */
  async report(organisationId: string, as: 'owner' | 'borrower', from: string, to: string, cursor: string | undefined, limit: number): Promise<Page<UsageRow>> {
    const after = decodeCursor(cursor, 3) as [string, string, string] | undefined;
    const rows: Array<Record<string, string | number>> = await this.ds.query(
      `SELECT * FROM (
         SELECT to_char(b.starts_at AT TIME ZONE r.time_zone, 'YYYY-MM') AS month,
                b.resource_id::text AS resource_id, r.name AS resource_name, b.owner_id::text AS owner_id, b.holder_id::text AS borrower_id,
                count(*)::int AS bookings,
                round(sum(extract(epoch FROM b.ends_at - b.starts_at)) / 3600.0, 2)::float8 AS booked_hours,
                round(coalesce(sum(extract(epoch FROM b.ends_at - b.starts_at)) FILTER (WHERE b.status = 'approved' AND b.checked_in_at IS NOT NULL), 0) / 3600.0, 2)::float8 AS used_hours
           FROM equipment.booking b JOIN equipment.resource r ON r.id = b.resource_id
          WHERE ${as === 'owner' ? 'b.owner_id' : 'b.holder_id'} = $1
            AND b.status IN ('approved', 'released')
            AND to_char(b.starts_at AT TIME ZONE r.time_zone, 'YYYY-MM') BETWEEN $2 AND $3
          GROUP BY 1, 2, 3, 4, 5) u
        WHERE ($4::text IS NULL OR (u.month, u.resource_id, u.borrower_id) > ($4, $5, $6))
        ORDER BY u.month, u.resource_id, u.borrower_id
        LIMIT $7`,
      [organisationId, from, to, after?.[0] ?? null, after?.[1] ?? null, after?.[2] ?? null, limit + 1],
    );
    const items: UsageRow[] = rows.map((r) => ({
      month: String(r.month),
      resourceId: String(r.resource_id),
      resourceName: String(r.resource_name),
      ownerId: String(r.owner_id),
      borrowerId: String(r.borrower_id),
      bookings: Number(r.bookings),
      bookedHours: Number(r.booked_hours),
      usedHours: Number(r.used_hours),
    }));
    return toPage(items, limit, (u) => [u.month, u.resourceId, u.borrowerId]);
  }
}
