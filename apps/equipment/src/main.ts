import { runPlatform } from '@hamkor/bootstrap';
import { equipmentService } from './equipment.service-definition';

void runPlatform([equipmentService], ['equipment']);
