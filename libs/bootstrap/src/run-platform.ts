import { INestApplication } from '@nestjs/common';
import { HamkorConfig, loadConfigOrExit, ServiceName } from '@hamkor/config';
import { logger } from '@hamkor/observability';
import { createPlatformApp } from './create-app';
import { kafkaUnreachableMessage, preflight, PreflightError } from './preflight';
import { ServiceDefinition } from './service-definition';
import { applyV8Flags } from './v8-flags';

/**
 * The process entry point shared by every app: configuration, preflight checks, then the services the
 * configuration selects (HAMKOR_SERVICES=all or a comma list) from the ones this build offers.
 */
export async function runPlatform(available: ServiceDefinition[], forced?: ServiceName[]): Promise<{ app: INestApplication; config: HamkorConfig; url: string }> {
  applyV8Flags();
  const config = loadConfigOrExit();
  const log = logger('bootstrap');
  const names = forced ?? config.HAMKOR_SERVICES;
  const services = available.filter((s) => names.includes(s.name));
  try {
    await preflight(config);
  } catch (err) {
    if (err instanceof PreflightError) {
      process.stderr.write(`hamkor: ${err.message}\n`);
      process.exit(69); // EX_UNAVAILABLE
    }
    throw err;
  }
  let app: INestApplication;
  try {
    app = await createPlatformApp(config, services);
    await app.listen(config.PORT, '0.0.0.0');
  } catch (err) {
    const text = String((err as Error)?.message ?? err);
    if (/kafka|broker|ECONNREFUSED.*909\d/i.test(text)) process.stderr.write(`hamkor: ${kafkaUnreachableMessage(config.KAFKA_BROKERS, err)}\n`);
    else log.fatal({ err: text }, 'start-up failed');
    process.exit(1);
  }
  const url = `http://localhost:${config.PORT}`;
  log.info({ port: config.PORT, services: services.map((s) => s.name) }, 'hamkor is listening');
  return { app, config, url };
}
