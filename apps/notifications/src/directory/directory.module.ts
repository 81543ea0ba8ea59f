import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { PartnershipViewConsumer } from '@hamkor/partnership-view';
import { DirectoryController } from './directory.controller';
import { DirectoryPerson } from './directory-person.entity';
import { DirectoryRepository } from './directory.repository';
import { PersonEventsConsumer } from './person-events.consumer';

@Module({
  imports: [TypeOrmModule.forFeature([DirectoryPerson], 'notifications')],
  controllers: [DirectoryController],
  providers: [PersonEventsConsumer, PartnershipViewConsumer('notifications', { agreements: true, organisations: true }), DirectoryRepository],
  exports: [DirectoryRepository],
})
export class DirectoryModule {}
