import { ServiceDefinition } from '@hamkor/bootstrap';
import { ClusterMemberRow, PartnerAgreementRow } from '@hamkor/partnership-view';
import { Booking } from './bookings/booking.entity';
import { EquipmentModule } from './equipment.module';
import { Equipment1700000006000 } from './migrations/1700000006000-equipment';
import { EquipmentResourceVersion1700000006100 } from './migrations/1700000006100-resource-version';
import { EquipmentPartnershipView1700000006200 } from './migrations/1700000006200-partnership-view';
import { Blackout } from './resources/blackout.entity';
import { Resource } from './resources/resource.entity';

export const equipmentService: ServiceDefinition = {
  name: 'equipment',
  title: 'Equipment',
  description: 'Shared labs, machines and workshops: availability and bookings without double-booking.',
  module: EquipmentModule,
  persistence: {
    entities: [Resource, Blackout, Booking, PartnerAgreementRow, ClusterMemberRow],
    migrations: [Equipment1700000006000, EquipmentResourceVersion1700000006100, EquipmentPartnershipView1700000006200],
  },
};
