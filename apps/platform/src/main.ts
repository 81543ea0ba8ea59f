import { runPlatform } from '@hamkor/bootstrap';
import { ALL_SERVICES } from './services';

void runPlatform(ALL_SERVICES);
