import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { SchedulerModule } from '@hamkor/jobs';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { OrganisationsModule } from '../organisations/organisations.module';
import { Agreement, AgreementSignature } from './agreement.entity';
import { AgreementSchedules } from './agreement.schedules';
import { AgreementsController } from './agreements.controller';
import { AgreementsRepository } from './agreements.repository';
import { AgreementsService } from './agreements.service';

@Module({
  imports: [
    TypeOrmModule.forFeature([Agreement, AgreementSignature], 'partnerships'),
    ServiceOutboxModule.forService('partnerships'),
    SchedulerModule.forService('partnerships'),
    OrganisationsModule,
  ],
  controllers: [AgreementsController],
  providers: [AgreementsService, AgreementsRepository, AgreementSchedules],
})
export class AgreementsModule {}
