import { Module } from '@nestjs/common';
import { DeliveryWorkerModule } from './delivery/delivery-worker.module';
import { DirectoryModule } from './directory/directory.module';
import { InboxModule } from './inbox/inbox.module';
import { NotificationsConfigModule } from './notifications.config';
import { OperatorModule } from './operator/operator.module';
import { PreferencesModule } from './preferences/preferences.module';
import { RoutingModule } from './routing/routing.module';
import { WebhooksModule } from './webhooks/webhooks.module';

/** Notifications: turns events into e-mail, signed webhooks and in-app messages for the right people. */
@Module({
  imports: [
    NotificationsConfigModule,
    // who: the local directory of organisations and people (partnerships events)
    DirectoryModule,
    // what reaches whom: the routing table and its consumer
    RoutingModule,
    // channels people and organisations manage
    WebhooksModule,
    InboxModule,
    PreferencesModule,
    // sending: the BullMQ worker, retries, dead letters
    DeliveryWorkerModule,
    OperatorModule,
  ],
})
export class NotificationsModule {}
