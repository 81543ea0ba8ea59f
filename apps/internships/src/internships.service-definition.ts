import { ServiceDefinition } from '@hamkor/bootstrap';
import { ClusterMemberRow, OrganisationRow, PartnerAgreementRow } from '@hamkor/partnership-view';
import { Evaluation } from './internships/evaluation.entity';
import { Internship } from './internships/internship.entity';
import { InternshipsModule } from './internships.module';
import { KnownLearner } from './learners/known-learner.entity';
import { Internships1700000005000 } from './migrations/1700000005000-internships';
import { InternshipsPartnershipView1700000005100 } from './migrations/1700000005100-partnership-view';
import { InternshipsOrganisationView1700000005200 } from './migrations/1700000005200-organisation-view';
import { Nomination } from './nominations/nomination.entity';
import { Placement } from './placements/placement.entity';

export const internshipsService: ServiceDefinition = {
  name: 'internships',
  title: 'Internships',
  description: 'Placements, nominations, confirmations, the internship lifecycle and evaluations.',
  module: InternshipsModule,
  persistence: {
    entities: [Placement, Nomination, Internship, Evaluation, KnownLearner, PartnerAgreementRow, ClusterMemberRow, OrganisationRow],
    migrations: [Internships1700000005000, InternshipsPartnershipView1700000005100, InternshipsOrganisationView1700000005200],
  },
};
