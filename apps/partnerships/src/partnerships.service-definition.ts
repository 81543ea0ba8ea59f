import { ServiceDefinition } from '@hamkor/bootstrap';
import { Organisation } from './organisations/organisation.entity';
import { PartnershipsModule } from './partnerships.module';
import { Organisations1700000001000 } from './migrations/1700000001000-organisations';

export const partnershipsService: ServiceDefinition = {
  name: 'partnerships',
  title: 'Partnerships',
  description: 'Organisation registry, educational clusters, agreements (memoranda of cooperation), cluster activities and teacher-demand monitoring.',
  module: PartnershipsModule,
  persistence: { entities: [Organisation], migrations: [Organisations1700000001000] },
};
