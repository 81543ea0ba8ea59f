import { ServiceDefinition } from '@hamkor/bootstrap';
import { Delivery } from './delivery/delivery.entity';
import { DirectoryAgreement, DirectoryClusterMember } from './directory/directory-audience.entity';
import { DirectoryOrganisation } from './directory/directory-organisation.entity';
import { DirectoryPerson } from './directory/directory-person.entity';
import { Directory1700000001000 } from './migrations/1700000001000-directory';
import { Notifications1700000002000 } from './migrations/1700000002000-notifications';
import { Audience1700000003000 } from './migrations/1700000003000-audience';
import { NotificationsModule } from './notifications.module';
import { Preference } from './preferences/preference.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  title: 'Notifications',
  description: 'E-mail, signed webhooks and an in-app inbox, driven by the events of every other service.',
  module: NotificationsModule,
  persistence: {
    entities: [DirectoryOrganisation, DirectoryPerson, DirectoryAgreement, DirectoryClusterMember, WebhookEndpoint, Delivery, Preference],
    migrations: [Directory1700000001000, Notifications1700000002000, Audience1700000003000],
  },
};
