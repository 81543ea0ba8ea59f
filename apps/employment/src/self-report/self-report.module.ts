import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { StatusModule } from '../status/status.module';
import { SelfReportLinksModule } from './self-report-links.module';
import { SelfReportController } from './self-report.controller';
import { SelfReportService } from './self-report.service';

@Module({
  imports: [StatusModule, FollowUpsModule, SelfReportLinksModule],
  controllers: [SelfReportController],
  providers: [SelfReportService],
})
export class SelfReportModule {}
