import { Module } from '@nestjs/common';
import { FollowUpsModule } from '../follow-ups/follow-ups.module';
import { StatusModule } from '../status/status.module';
import { LinkSigner } from './link-signer';
import { SelfReportController } from './self-report.controller';
import { SelfReportService } from './self-report.service';

@Module({
  imports: [StatusModule, FollowUpsModule],
  controllers: [SelfReportController],
  providers: [SelfReportService, LinkSigner],
})
export class SelfReportModule {}
