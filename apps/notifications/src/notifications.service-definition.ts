import { ServiceDefinition } from '@hamkor/bootstrap';
import { DirectoryOrganisation } from './directory/directory-organisation.entity';
import { Directory1700000001000 } from './migrations/1700000001000-directory';
import { NotificationsModule } from './notifications.module';

export const notificationsService: ServiceDefinition = {
  name: 'notifications',
  title: 'Notifications',
  description: 'E-mail, signed webhooks and an in-app inbox, driven by the events of every other service.',
  module: NotificationsModule,
  persistence: { entities: [DirectoryOrganisation], migrations: [Directory1700000001000] },
};
