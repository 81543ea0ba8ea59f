import { runPlatform } from '@hamkor/bootstrap';
import { logger } from '@hamkor/observability';
import { loadDemoData } from './demo/demo-data';
import { ALL_SERVICES } from './services';

async function main(): Promise<void> {
  const { config, url } = await runPlatform(ALL_SERVICES);
  if (config.DEMO_DATA && config.HAMKOR_SERVICES.includes('partnerships')) {
    await loadDemoData(config, url).catch((err) => logger('demo').error({ err: String(err) }, 'demo data could not be loaded'));
  }
}

void main();
