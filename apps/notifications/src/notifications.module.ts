import { Module } from '@nestjs/common';
import { DirectoryModule } from './directory/directory.module';

/** Notifications: turns events into e-mail, signed webhooks and in-app messages for the right people. */
@Module({
  imports: [DirectoryModule],
})
export class NotificationsModule {}
