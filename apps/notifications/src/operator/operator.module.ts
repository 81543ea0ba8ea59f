import { Module } from '@nestjs/common';
import { DeliveryModule } from '../delivery/delivery.module';
import { OperatorController } from './operator.controller';
import { OperatorService } from './operator.service';

@Module({
  imports: [DeliveryModule],
  controllers: [OperatorController],
  providers: [OperatorService],
})
export class OperatorModule {}
