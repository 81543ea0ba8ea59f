import { createAllTopics, migrateServices } from '@hamkor/bootstrap';
import { loadConfigOrExit } from '@hamkor/config';
import { logger } from '@hamkor/observability';
import { ALL_SERVICES } from './services';

/**
 * One-shot deployment step (compose `migrate`, the k8s Jobs, `npm run migration:run` / `npm run topics`):
 * runs the migrations of the selected services and creates the topics, then exits.
 *   --migrations  only migrations     --topics  only topics     (default: both)
 */
async function main(): Promise<void> {
  const config = loadConfigOrExit();
  const args = new Set(process.argv.slice(2));
  const both = !args.has('--migrations') && !args.has('--topics');
  if (both || args.has('--migrations')) await migrateServices(config, ALL_SERVICES.filter((s) => config.HAMKOR_SERVICES.includes(s.name)));
  if (both || args.has('--topics')) await createAllTopics(config);
}

main().then(
  () => process.exit(0),
  (err) => {
    logger('migrate').fatal({ err: String(err?.message ?? err) }, 'failed');
    process.exit(1);
  },
);
