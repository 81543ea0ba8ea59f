import { Module } from '@nestjs/common';
import { InternshipCompletionsConsumer } from './internship-completions.consumer';

@Module({ providers: [InternshipCompletionsConsumer] })
export class PathwaysModule {}
