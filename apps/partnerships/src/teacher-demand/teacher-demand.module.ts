import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ClustersModule } from '../clusters/clusters.module';
import { OrganisationsModule } from '../organisations/organisations.module';
import { StaffingReturn } from './staffing-return.entity';
import { TeacherDemandController } from './teacher-demand.controller';
import { TeacherDemandRepository } from './teacher-demand.repository';
import { TeacherDemandService } from './teacher-demand.service';

@Module({
  imports: [TypeOrmModule.forFeature([StaffingReturn], 'partnerships'), OrganisationsModule, ClustersModule],
  controllers: [TeacherDemandController],
  providers: [TeacherDemandService, TeacherDemandRepository],
})
export class TeacherDemandModule {}
