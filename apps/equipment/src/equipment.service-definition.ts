import { ServiceDefinition } from '@hamkor/bootstrap';
import { EquipmentModule } from './equipment.module';

export const equipmentService: ServiceDefinition = {
  name: 'equipment',
  title: 'Equipment',
  description: 'Shared labs, machines and workshops: availability and bookings without double-booking.',
  module: EquipmentModule,
  persistence: { entities: [], migrations: [] },
};
