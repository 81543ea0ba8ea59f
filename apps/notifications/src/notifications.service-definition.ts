import { ServiceDefinition } from '@hamkor/bootstrap';
import { ClusterMemberRow, OrganisationRow, PartnerAgreementRow } from '@hamkor/partnership-view';
import { Delivery } from './delivery/delivery.entity';
import { DirectoryPerson } from './directory/directory-person.entity';
import { Directory1700000001000 } from './migrations/1700000001000-directory';
import { Notifications1700000002000 } from './migrations/1700000002000-notifications';
import { Audience1700000003000 } from './migrations/1700000003000-audience';
import { NotificationsPartnershipView1700000003100 } from './migrations/1700000003100-partnership-view';
import { NotificationsOrganisationView1700000003200 } from './migrations/1700000003200-organisation-view';
import { NotificationsModule } from './notifications.module';
import { Preference } from './preferences/preference.entity';
import { WebhookEndpoint } from './webhooks/webhook-endpoint.entity';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  title: 'Notifications',
  description: 'E-mail, signed webhooks and an in-app inbox, driven by the events of every other service.',
  module: NotificationsModule,
  persistence: {
    entities: [OrganisationRow, DirectoryPerson, PartnerAgreementRow, ClusterMemberRow, WebhookEndpoint, Delivery, Preference],
    migrations: [Directory1700000001000, Notifications1700000002000, Audience1700000003000, NotificationsPartnershipView1700000003100, NotificationsOrganisationView1700000003200],
  },
};
