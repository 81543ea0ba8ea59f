import { ServiceDefinition } from '@hamkor/bootstrap';
import { employmentService } from '@hamkor/employment';
import { equipmentService } from '@hamkor/equipment';
import { internshipsService } from '@hamkor/internships';
import { notificationsService } from '@hamkor/notifications';
import { partnershipsService } from '@hamkor/partnerships';

/**
 * The composition root: the only place that knows every service. Services never import each other;
 * they meet here, in one process or (HAMKOR_SERVICES=<name>) one per process, and talk only via Kafka.
 */
export const ALL_SERVICES: ServiceDefinition[] = [
  partnershipsService,
  internshipsService,
  equipmentService,
  employmentService,
  notificationsService,
];
