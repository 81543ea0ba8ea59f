import { Module } from '@nestjs/common';
import { OrganisationsModule } from './organisations/organisations.module';

/** Partnerships: the organisation registry, clusters, agreements, cluster activities, teacher demand. */
@Module({
  imports: [OrganisationsModule],
})
export class PartnershipsModule {}
