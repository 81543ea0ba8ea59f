import { Module } from '@nestjs/common';
import { ActivitiesModule } from './activities/activities.module';
import { AgreementsModule } from './agreements/agreements.module';
import { ClustersModule } from './clusters/clusters.module';
import { OrganisationsModule } from './organisations/organisations.module';
import { PeopleModule } from './people/people.module';
import { TeacherDemandModule } from './teacher-demand/teacher-demand.module';

/** Partnerships: the organisation registry, clusters, agreements, cluster activities, teacher demand. */
@Module({
  imports: [
    // who: organisations (registered, verified) and the people acting for them
    OrganisationsModule,
    PeopleModule,
    // how they cooperate: clusters, agreements, cluster activities
    ClustersModule,
    AgreementsModule,
    ActivitiesModule,
    // what they plan: teacher-demand monitoring
    TeacherDemandModule,
  ],
})
export class PartnershipsModule {}
