import { Module } from '@nestjs/common';
import { CentresModule } from '../centres/centres.module';
import { OutcomesController } from './outcomes.controller';
import { OutcomesRepository } from './outcomes.repository';
import { OutcomesService } from './outcomes.service';

@Module({
  imports: [CentresModule],
  controllers: [OutcomesController],
  providers: [OutcomesService, OutcomesRepository],
})
export class OutcomesModule {}
