import { Module } from '@nestjs/common';
import { ServiceOutboxModule } from '@hamkor/messaging';
import { LearnersController } from './learners.controller';
import { LearnersRepository } from './learners.repository';
import { LearnersService } from './learners.service';

@Module({
  imports: [ServiceOutboxModule.forService('employment')],
  controllers: [LearnersController],
  providers: [LearnersService, LearnersRepository],
  exports: [LearnersRepository],
})
export class LearnersModule {}
