import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { Person } from './person.entity';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';

@Module({
  imports: [TypeOrmModule.forFeature([Person], 'partnerships'), ServiceOutboxModule.forService('partnerships')],
  controllers: [PeopleController],
  providers: [PeopleService, PeopleRepository],
})
export class PeopleModule {}
