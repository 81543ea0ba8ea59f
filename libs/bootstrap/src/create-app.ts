import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import express from 'express';
import { HamkorConfig } from '@hamkor/config';
import { correlationMiddleware, createValidationPipe } from '@hamkor/http';
import { logger, PinoNestLogger, setLogLevel } from '@hamkor/observability';
import { HamkorExpressAdapter } from './express-adapter';
import { platformModule } from './platform.module';
import { ServiceDefinition } from './service-definition';

/**
 * Builds (without listening) the Nest application for the given services: body limits, validation,
 * problem+json errors, correlation ids, OpenAPI per service, graceful shutdown hooks.
 */
export async function createPlatformApp(config: HamkorConfig, services: ServiceDefinition[]): Promise<INestApplication> {
  setLogLevel(config.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(platformModule(config, services), new HamkorExpressAdapter(), {
    logger: new PinoNestLogger(),
    bodyParser: false,
    abortOnError: false,
  });
  app.disable('x-powered-by');
  // No ETags: computing one hashes every response body, and no client of this API revalidates with them.
  app.set('etag', false);
  app.set('trust proxy', 1);
  app.use(correlationMiddleware);
  // JSON only, with a size limit; anything larger is a 413 problem, malformed JSON a 400 problem.
  app.use(express.json({ limit: config.HTTP_BODY_LIMIT, strict: true, type: ['application/json', 'application/*+json'] }));
  app.use(express.text({ limit: config.HTTP_BODY_LIMIT, type: ['text/csv'] }));
  app.useGlobalPipes(createValidationPipe());
  app.enableShutdownHooks();

  for (const s of services) {
    const doc = SwaggerModule.createDocument(
      app,
      new DocumentBuilder()
        .setTitle(`hamkor ${s.name}`)
        .setDescription(s.description)
        .setVersion('1.0')
        .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
        .addSecurityRequirements('bearer')
        .build(),
      { include: [s.module], deepScanRoutes: true },
    );

    SwaggerModule.setup(`${s.name}/docs`, app, doc, { jsonDocumentUrl: `${s.name}/openapi.json`, yamlDocumentUrl: `${s.name}/openapi.yaml` });
  }
  logger('bootstrap').info({ services: services.map((s) => s.name) }, 'application built');
  return app;
}
