import { DynamicModule, Module, RequestMethod } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { LoggerModule } from 'nestjs-pino';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AgentsModule } from './agents/agents.module';
import { AuthModule } from './auth/auth.module';
import { CatalogRelayModule } from './cluster/catalog-relay.module';
import { CatalogFileModule } from './config-file/catalog-file.module';
import { ClusterModule } from './cluster/cluster.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { requestIdOf } from './common/http/request-id';
import { OutboundModule } from './common/outbound/outbound.module';
import { appConfig, configNamespaces, loadA2aConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InvocationModule } from './invocation/invocation.module';
import { MetricsModule } from './metrics/metrics.module';
import { ObservabilityModule } from './observability/observability.module';
import { ServersModule } from './servers/servers.module';

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configNamespaces }),
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: (app: ConfigType<typeof appConfig>) => ({
        // The data plane skips the per-request logging middleware (a quarter of a call's CPU in the
        // benchmark); its requests still carry X-Request-Id, failures are logged with it by the error filter,
        // and per-call records are the metrics module's job.
        exclude: [
          { path: 'a2a/:name/invoke', method: RequestMethod.POST },
          { path: 'a2a/:slug/jsonrpc', method: RequestMethod.POST },
          { path: 'servers/:id/mcp', method: RequestMethod.ALL },
        ],
        pinoHttp: {
          level: app.logLevel,
          genReqId: (req: IncomingMessage) => requestIdOf(req),
          // Every line logged while serving a request carries its id (also echoed in X-Request-Id).
          customProps: (req: IncomingMessage) => ({ requestId: requestIdOf(req) }),
          // Only what is needed to follow a request: never headers (Authorization) or bodies (secrets).
          serializers: {
            req: (req: IncomingMessage & { id?: string }) => ({ method: req.method, url: req.url }),
            res: (res: ServerResponse) => ({ statusCode: res.statusCode }),
          },
          redact: {
            paths: ['*.authorization', '*.password', '*.token', '*.auth', '*.apiKey'],
            censor: '[redacted]',
          },
          // One line per request at info and below; above it, not even the work of building it.
          autoLogging: ['info', 'debug', 'trace'].includes(app.logLevel)
            ? { ignore: (req: IncomingMessage) => req.url === '/health' }
            : false,
        },
      }),
    }),
    DatabaseModule,
    ClusterModule,
    CryptoModule,
    OutboundModule,
    AuthModule,
    HealthModule,
  ],
  providers: [
    { provide: APP_PIPE, useClass: ZodValidationPipe },
    { provide: APP_FILTER, useClass: AllExceptionsFilter },
  ],
})
export class AppModule {
  /** The app as configured by the environment now: A2A_ENABLED=false leaves the agent routes unmounted. */
  static register(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ObservabilityModule.register(env),
        ...(loadA2aConfig(env).enabled
          ? [
              AgentsModule,
              InvocationModule,
              MetricsModule,
              ServersModule,
              CatalogRelayModule,
              CatalogFileModule,
            ]
          : []),
      ],
    };
  }
}
