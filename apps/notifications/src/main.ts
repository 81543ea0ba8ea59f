import { runPlatform } from '@hamkor/bootstrap';
import { notificationsService } from './notifications.service-definition';

void runPlatform([notificationsService], ['notifications']);
