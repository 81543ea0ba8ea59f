import { Module } from '@nestjs/common';
import { DirectoryModule } from '../directory/directory.module';
import { NOTIFICATIONS_CONFIG, NotificationsConfig } from '../notifications.config';
import { WebhooksModule } from '../webhooks/webhooks.module';
import { EmailChannel } from './channels/email.channel';
import { MAIL_TRANSPORT, SmtpMailTransport } from './channels/mail-transport';
import { WebhookChannel } from './channels/webhook.channel';
import { DeliveryModule } from './delivery.module';
import { DeliveryWorker } from './delivery.worker';

/** The worker and the channels it sends through. */
@Module({
  imports: [DeliveryModule, DirectoryModule, WebhooksModule],
  providers: [
    DeliveryWorker,
    WebhookChannel,
    EmailChannel,
    { provide: MAIL_TRANSPORT, useFactory: (s: NotificationsConfig) => new SmtpMailTransport(s.NOTIFY_SMTP_URL, s.NOTIFY_MAIL_FROM), inject: [NOTIFICATIONS_CONFIG] },
  ],
  exports: [DeliveryWorker],
})
export class DeliveryWorkerModule {}
