import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { OperatorController } from './operator.controller';
import { OperatorService } from './operator.service';
import { QueueBoardController } from './queue-board.controller';

@Module({
  imports: [DeliveryModule],
  controllers: [OperatorController, QueueBoardController],
  providers: [OperatorService],
})
export class OperatorModule {}
