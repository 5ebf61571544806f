import type { IncomingMessage } from 'node:http';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { Logger, PinoLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { Lifecycle } from './health/lifecycle';
import { installJsonBodyParser } from './invocation/a2a-proxy/jsonrpc-body';
import { DATA_PLANE_PATHS } from './invocation/data-plane.openapi';
import { requestIdOf } from './common/http/request-id';
import { installRequestHooks } from './common/http/request-hooks';
import { installParameterGuard } from './common/http/parameter-guard';
import { installAccessLog } from './common/http/request-scope';
import { assertProductionSafe, loadAppConfig } from './config';
import { resolveWebDist, serveAdminSpa } from './web/admin-spa';

/** Build the whole HTTP app (not yet listening): used by main.ts and by the API tests alike. */
export async function createApp(): Promise<NestFastifyApplication> {
  assertProductionSafe();
  const config = loadAppConfig();
  const adapter = new FastifyAdapter({
    genReqId: (req: IncomingMessage) => requestIdOf(req),
    bodyLimit: config.bodyLimitBytes,
    // An agent is addressed by its name too: up to 100 characters, URL-encoded up to 9 bytes each.
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 1024 },
    // Behind a load balancer: client IPs (login limit, audit fields) and https links from X-Forwarded-*.
    trustProxy: config.trustProxy,
    // Fastify answers requests that reach it while it closes with a bare 503 of its own (no `code`, no request
    // id, no metric row). Between SIGTERM and the deadline a request on a connection still open is served
    // like any other (its answer closes the connection, see the onSend hook below), as during the drain.
    return503OnClosing: false,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.register(), adapter, {
    bufferLogs: true,
    // Our own JSON parser (installJsonBodyParser) replaces Nest's.
    bodyParser: false,
  });
  app.useLogger(app.get(Logger));

  const fastify = app.getHttpAdapter().getInstance();
  installJsonBodyParser(fastify, config.bodyLimitBytes);
  const lifecycle = app.get(Lifecycle);
  installRequestHooks(fastify, () => lifecycle.shuttingDown);
  if (['info', 'debug', 'trace'].includes(config.logLevel)) installAccessLog(fastify, () => PinoLogger.root);
  installParameterGuard(fastify);

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Switchboard API')
      .setDescription(
        'Gateway and catalog for AI agents. Sign in with `POST /auth/login` (or create an API token) and ' +
          'send `Authorization: Bearer <token>`. Every error has the body `{ code, message, details?, requestId }`. ' +
          'A request that needs the database while it cannot be reached (or does not answer within ' +
          '`DB_QUERY_TIMEOUT_MS`) answers 503 `DATABASE_UNAVAILABLE` with `Retry-After`; calls to agents by ' +
          'callers verified before go on (see the README, "When the database or Redis is away").',
      )
      .setVersion('0.1.0')
      .addBearerAuth({
        type: 'http',
        scheme: 'bearer',
        description: 'JWT from /auth/login or an sbt_ API token',
      })
      .build(),
  );
  Object.assign(document.paths, DATA_PLANE_PATHS);
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(document), {
    jsonDocumentUrl: 'docs/openapi.json',
    swaggerOptions: { persistAuthorization: true },
  });

  await serveAdminSpa(app, resolveWebDist(config.webDistDir));
  try {
    await app.init();
  } catch (error) {
    // A refused start (a broken catalog file, say) must not leave what already started running: the
    // database pool, the catalog relay's checks, timers.
    await app.close().catch(() => undefined);
    throw error;
  }
  return app;
}
