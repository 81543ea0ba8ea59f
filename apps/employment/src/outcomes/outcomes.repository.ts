import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { clusterMembersSql, isClusterMemberSql } from '@hamkor/partnership-view';
import { GroupBy } from './dto/outcomes.query';
import { OutcomeRow } from './outcome-math';

export interface OutcomeScope {
  schoolId?: string;
  clusterId?: string;
  region?: string;
  specialty?: string;
  cohortYear?: number;
}

const GROUP_COLUMNS: Record<GroupBy, string> = { school: 'l.school_id::text', region: 'l.region', specialty: 'l.specialty', cohortYear: 'l.cohort_year::text' };

@Injectable()
export class OutcomesRepository {
  constructor(@InjectDataSource('employment') private readonly ds: DataSource) {}

  /**
   * Aggregates graduates' current state, kept on the learner row, so a report reads each graduate once
   * and never the status history. With groupBy, one query returns the total (key null) and each group.
   */
  async aggregate(scope: OutcomeScope, groupBy?: GroupBy): Promise<Array<OutcomeRow & { key: string | null; is_total: boolean }>> {
    const where = ['l.graduated_on IS NOT NULL'];
    const params: unknown[] = [];
    const add = (sql: string, v: unknown) => {
      params.push(v);
      where.push(sql.replace('?', `$${params.length}`));
    };
    if (scope.schoolId) add('l.school_id = ?', scope.schoolId);
    if (scope.clusterId) add(`l.school_id IN (${clusterMembersSql('employment', '?')})`, scope.clusterId);
    if (scope.region) add('l.region = ?', scope.region);
    if (scope.specialty) add('l.specialty = ?', scope.specialty);
    if (scope.cohortYear !== undefined) add('l.cohort_year = ?', scope.cohortYear);
    const key = groupBy ? GROUP_COLUMNS[groupBy] : 'NULL::text';
    const grouping = groupBy ? `GROUP BY GROUPING SETS ((), (${key}))` : '';
    const months = `GREATEST(0, EXTRACT(YEAR FROM age(l.first_job_on, l.graduated_on)) * 12 + EXTRACT(MONTH FROM age(l.first_job_on, l.graduated_on)))`;
    return this.ds.query(
      `SELECT ${key} AS key, ${groupBy ? `GROUPING(${key}) = 1` : 'true'} AS is_total,
              count(*) AS graduates,
              count(*) FILTER (WHERE l.current_status = 'employed') AS employed,
              count(*) FILTER (WHERE l.current_status = 'self_employed') AS self_employed,
              count(*) FILTER (WHERE l.current_status = 'further_study') AS further_study,
              count(*) FILTER (WHERE l.current_status = 'unemployed_seeking') AS unemployed_seeking,
              count(*) FILTER (WHERE l.current_status = 'inactive') AS inactive,
              count(*) FILTER (WHERE l.current_status IS NULL OR l.current_status = 'unknown') AS unknown,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY ${months}) FILTER (WHERE l.first_job_on IS NOT NULL) AS median_months,
              count(*) FILTER (WHERE l.had_internship) AS with_internship,
              count(*) FILTER (WHERE l.had_internship AND l.hired_by_host) AS hired_by_host
         FROM employment.learner l
        WHERE ${where.join(' AND ')}
        ${grouping}
        ORDER BY is_total DESC, key`,
      params,
    );
  }

  async isClusterMember(clusterId: string, organisationId: string): Promise<boolean> {
    const [row] = await this.ds.query(`SELECT ${isClusterMemberSql('employment', '$1', '$2')} AS member`, [clusterId, organisationId]);
    return row.member === true;
  }
}
