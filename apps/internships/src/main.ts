import { runPlatform } from '@hamkor/bootstrap';
import { internshipsService } from './internships.service-definition';

void runPlatform([internshipsService], ['internships']);
