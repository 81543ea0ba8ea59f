import { ServiceDefinition } from '@hamkor/bootstrap';
import { EmploymentModule } from './employment.module';

export const employmentService: ServiceDefinition = {
  name: 'employment',
  title: 'Employment',
  description: 'Learners, graduation, status reports, graduate follow-ups, employment-centre events and outcome reports.',
  module: EmploymentModule,
  persistence: { entities: [], migrations: [] },
};
