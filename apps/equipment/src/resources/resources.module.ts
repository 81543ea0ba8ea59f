import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { Blackout } from './blackout.entity';
import { Resource } from './resource.entity';
import { ResourcesController } from './resources.controller';
import { ResourceTermsCache } from './resource-terms';
import { ResourcesRepository } from './resources.repository';
import { ResourcesService } from './resources.service';

@Module({
  imports: [TypeOrmModule.forFeature([Resource, Blackout], 'equipment'), ServiceOutboxModule.forService('equipment')],
  controllers: [ResourcesController],
  providers: [ResourcesService, ResourcesRepository, ResourceTermsCache],
  exports: [ResourcesService, ResourcesRepository, ResourceTermsCache],
})
export class ResourcesModule {}
