import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DirectoryController } from './directory.controller';
import { AudienceEventsConsumer } from './audience-events.consumer';
import { DirectoryPerson } from './directory-person.entity';
import { DirectoryRepository } from './directory.repository';
import { OrganisationEventsConsumer } from './organisation-events.consumer';
import { PersonEventsConsumer } from './person-events.consumer';

@Module({
  imports: [TypeOrmModule.forFeature([DirectoryPerson], 'notifications')],
  controllers: [DirectoryController],
  providers: [OrganisationEventsConsumer, PersonEventsConsumer, AudienceEventsConsumer, DirectoryRepository],
  exports: [DirectoryRepository],
})
export class DirectoryModule {}
