import { ServiceDefinition } from '@hamkor/bootstrap';
import { InternshipsModule } from './internships.module';

export const internshipsService: ServiceDefinition = {
  name: 'internships',
  title: 'Internships',
  description: 'Placements, nominations, confirmations, the internship lifecycle and evaluations.',
  module: InternshipsModule,
  persistence: { entities: [], migrations: [] },
};
