import { runPlatform } from '@hamkor/bootstrap';
import { partnershipsService } from './partnerships.service-definition';

void runPlatform([partnershipsService], ['partnerships']);
