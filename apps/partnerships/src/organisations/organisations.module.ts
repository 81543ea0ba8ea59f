import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { ActingOrganisation } from './acting-organisation';
import { Organisation } from './organisation.entity';
import { OrganisationsController } from './organisations.controller';
import { OrganisationsRepository } from './organisations.repository';
import { OrganisationsService } from './organisations.service';

@Module({
  imports: [TypeOrmModule.forFeature([Organisation], 'partnerships'), ServiceOutboxModule.forService('partnerships')],
  controllers: [OrganisationsController],
  providers: [OrganisationsService, OrganisationsRepository, ActingOrganisation],
  exports: [OrganisationsRepository, ActingOrganisation],
})
export class OrganisationsModule {}
