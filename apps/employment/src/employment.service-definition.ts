import { ServiceDefinition } from '@hamkor/bootstrap';
import { ClusterMemberRow } from '@hamkor/partnership-view';
import { EmploymentModule } from './employment.module';
import { Learner } from './learners/learner.entity';
import { StatusReport } from './status/status-report.entity';
import { FollowUp, SchoolSettings } from './follow-ups/follow-up.entity';
import { SelfReportLink } from './self-report/self-report-link.entity';
import { CentreSubscription } from './centres/centre-subscription.entity';
import { InternshipRecord } from './pathways/internship-record.entity';
import { Employment1700000004000 } from './migrations/1700000004000-employment';
import { EmploymentOutcomesIndex1700000004100 } from './migrations/1700000004100-outcomes-index';
import { EmploymentScheduledJobEnqueueIndex1700000004200 } from './migrations/1700000004200-scheduled-job-enqueue-index';
import { EmploymentPartnershipView1700000004300 } from './migrations/1700000004300-partnership-view';

export const employmentService: ServiceDefinition = {
  name: 'employment',
  title: 'Employment',
  description: 'Learners, graduation, status reports, graduate follow-ups, employment-centre events and outcome reports.',
  module: EmploymentModule,
  persistence: {
    entities: [Learner, StatusReport, FollowUp, SchoolSettings, SelfReportLink, CentreSubscription, InternshipRecord, ClusterMemberRow],
    migrations: [Employment1700000004000, EmploymentOutcomesIndex1700000004100, EmploymentScheduledJobEnqueueIndex1700000004200, EmploymentPartnershipView1700000004300],
  },
};
