import { runPlatform } from '@hamkor/bootstrap';
import { employmentService } from './employment.service-definition';

void runPlatform([employmentService], ['employment']);
