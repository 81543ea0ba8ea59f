import { Module } from '@nestjs/common';
import { LearnersModule } from './learners/learners.module';
import { GraduationModule } from './graduation/graduation.module';
import { StatusModule } from './status/status.module';
import { FollowUpsModule } from './follow-ups/follow-ups.module';
import { SelfReportModule } from './self-report/self-report.module';
import { CentresModule } from './centres/centres.module';
import { PathwaysModule } from './pathways/pathways.module';
import { ClustersModule } from './clusters/clusters.module';
import { OutcomesModule } from './outcomes/outcomes.module';

/** Employment: Learners, graduation, status reports, graduate follow-ups, employment-centre events and outcome reports. */
@Module({
  imports: [
    // The school's learners (the only personal data on the platform) and their graduation.
    LearnersModule,
    GraduationModule,
    // What became of graduates: reported statuses, scheduled follow-ups, the graduate's own answer.
    StatusModule,
    FollowUpsModule,
    SelfReportModule,
    // Employment centres: regions they follow, and the referrals addressed to them.
    CentresModule,
    // Read models of other services' events: internship completions, cluster membership.
    PathwaysModule,
    ClustersModule,
    // Aggregates for schools, clusters, regions, specialties and cohorts.
    OutcomesModule,
  ],
})
export class EmploymentModule {}
