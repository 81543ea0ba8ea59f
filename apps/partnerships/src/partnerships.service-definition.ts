import { ServiceDefinition } from '@hamkor/bootstrap';
import { Activity, ActivityRegistration } from './activities/activity.entity';
import { Agreement, AgreementSignature } from './agreements/agreement.entity';
import { Cluster, ClusterMember } from './clusters/cluster.entity';
import { Organisation } from './organisations/organisation.entity';
import { Person } from './people/person.entity';
import { StaffingReturn } from './teacher-demand/staffing-return.entity';
import { PartnershipsModule } from './partnerships.module';
import { Organisations1700000001000 } from './migrations/1700000001000-organisations';
import { Partnerships1700000002000 } from './migrations/1700000002000-partnerships';

export const partnershipsService: ServiceDefinition = {
  name: 'partnerships',
  title: 'Partnerships',
  description: 'Organisation registry, educational clusters, agreements (memoranda of cooperation), cluster activities and teacher-demand monitoring.',
  module: PartnershipsModule,
  persistence: {
    entities: [Organisation, Person, Cluster, ClusterMember, Agreement, AgreementSignature, Activity, ActivityRegistration, StaffingReturn],
    migrations: [Organisations1700000001000, Partnerships1700000002000],
  },
};
