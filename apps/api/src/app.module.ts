import { DynamicModule, Module } from '@nestjs/common';
import { ConfigModule, ConfigType } from '@nestjs/config';
import { APP_FILTER, APP_PIPE } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import type { Options as PinoHttpOptions } from 'pino-http';
import { AgentsModule } from './agents/agents.module';
import { AuthModule } from './auth/auth.module';
import { CatalogRelayModule } from './cluster/catalog-relay.module';
import { CatalogFileModule } from './config-file/catalog-file.module';
import { ClusterModule } from './cluster/cluster.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { OutageModule } from './common/errors/outage-log';
import { AllExceptionsFilter } from './common/http/all-exceptions.filter';
import { BodyValidationPipe } from './common/http/body-validation.pipe';
import { currentRequestId } from './common/http/request-scope';
import { OutboundModule } from './common/outbound/outbound.module';
import { appConfig, configNamespaces, loadA2aConfig } from './config';
import { DatabaseModule } from './database/database.module';
import { HealthModule } from './health/health.module';
import { InvocationModule } from './invocation/invocation.module';
import { MetricsModule } from './metrics/metrics.module';
import { ObservabilityModule } from './observability/observability.module';
import { ServersModule } from './servers/servers.module';

/**
 * LOG_FORMAT=pretty (the default in development): one readable line per entry — time, level, `[context]`,
 * message — through pino-pretty in this thread (no transport worker), loaded only in this mode.
 */
const NEST_INVENTORY = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
]);

async function prettyLogStream(): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    sync: true,
    colorize: process.stdout.isTTY === true,
    translateTime: 'SYS:HH:MM:ss.l',
    singleLine: true,
    // The access line's fields are in its message already; the request id stays in JSON logs.
    ignore: 'pid,hostname,context,requestId,method,url,statusCode,responseTime',
    messageFormat: '{if context}[{context}] {end}{msg}',
  });
}

@Module({
  imports: [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: configNamespaces }),
    LoggerModule.forRootAsync({
      inject: [appConfig.KEY],
      useFactory: async (app: ConfigType<typeof appConfig>) => {
        const options: PinoHttpOptions = {
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
        };
        // Readable logs leave out Nest's start-up inventory (a line per module and per route) unless debug asks.
        if (app.logFormat === 'pretty' && !['debug', 'trace'].includes(app.logLevel)) {
          options.hooks = {
            logMethod(args, method, level) {
              const context = (args[0] as { context?: unknown } | undefined)?.context;
              if (level <= 30 && typeof context === 'string' && NEST_INVENTORY.has(context)) return;
              method.apply(this, args);
            },
          };
        }
        return {
          // No per-request middleware at all (it cost every call ~5 % of its CPU through @fastify/middie, even
          // on the routes it skipped): the request's id reaches every line through the mixin above, and the
          // access log is a Fastify hook (installAccessLog).
          forRoutes: [],
          pinoHttp: app.logFormat === 'pretty' ? [options, await prettyLogStream()] : options,
        };
      },
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
    { provide: APP_PIPE, useClass: BodyValidationPipe },
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
