import { Module } from '@nestjs/common';
import { LinkSigner } from './link-signer';
import { SelfReportLinks } from './self-report-links';

/** Issuing and checking self-report links; shared by the self-report API and the follow-up schedules. */
@Module({
  providers: [LinkSigner, SelfReportLinks],
  exports: [LinkSigner, SelfReportLinks],
})
export class SelfReportLinksModule {}
