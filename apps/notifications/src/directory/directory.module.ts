import { Module } from '@nestjs/common';
import { DirectoryController } from './directory.controller';
import { OrganisationEventsConsumer } from './organisation-events.consumer';

@Module({
  controllers: [DirectoryController],
  providers: [OrganisationEventsConsumer],
})
export class DirectoryModule {}
