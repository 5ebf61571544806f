import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { ZodValidationPipe } from 'nestjs-zod';
import { LoggerModule } from 'nestjs-pino';
import { AgentsModule } from './agents/agents.module';
import { AuthModule } from './auth/auth.module';
import { CatalogRelayModule } from './cluster/catalog-relay.module';
import { CatalogFileModule } from './config-file/catalog-file.module';
import { ClusterModule } from './cluster/cluster.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { OutageModule } from './common/errors/outage-log';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { currentRequestId } from './common/http/request-scope';
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
        // No per-request middleware at all (it cost every call ~5 % of its CPU through @fastify/middie, even on
        // the routes it skipped): the request's id reaches every line through the mixin below, and the access
        // log is a Fastify hook (installRequestScope).
        forRoutes: [],
        pinoHttp: {
          level: app.logLevel,
          mixin: () => {
            const requestId = currentRequestId();
            return requestId ? { requestId } : {};
          },
          // Never headers (Authorization) or bodies (secrets).
          redact: {
            paths: ['*.authorization', '*.password', '*.token', '*.auth', '*.apiKey'],
            censor: '[redacted]',
          },
        },
      }),
    }),
    OutageModule,
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
