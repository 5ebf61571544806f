import 'reflect-metadata';
import { join } from 'node:path';
import { Logger } from '@nestjs/common';
import { createApp } from './app.factory';
import { defaultSecretsInUse, loadAppConfig, loadAuthConfig, loadDatabaseConfig } from './config';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres';
import { Lifecycle } from './health/lifecycle';
import { startupBanner } from './startup-banner';

async function main(): Promise<void> {
  const logger = new Logger('Switchboard');
  try {
    process.loadEnvFile();
  } catch {
    // No .env file: the environment alone configures the API.
  }

  const db = loadDatabaseConfig();
  let embedded: EmbeddedPostgres | null = null;
  if (!db.url) {
    logger.log(`No DATABASE_URL: starting the embedded PostgreSQL (PGlite) with data in ${db.dataDir}`);
    embedded = await startEmbeddedPostgres({ dataDir: db.dataDir, maxConnections: db.poolSize * 2 + 4 });
    process.env.DATABASE_URL = embedded.url;
    // Metric rows shutdown could not write stay beside the database they belong to.
    process.env.METRICS_SPILL_FILE ??= join(db.dataDir, 'metrics-spill.jsonl');
  }

  const app = await createApp();
  const config = loadAppConfig();
  await app.listen({ port: config.port, host: config.host });

  const defaults = defaultSecretsInUse();
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const base = config.publicUrl ?? `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;
  if (config.logFormat === 'pretty') {
    const auth = loadAuthConfig();
    process.stdout.write(
      startupBanner({
        base,
        adminEmail: auth.adminEmail,
        defaultPassword: defaults.includes('ADMIN_PASSWORD') ? auth.adminPassword : undefined,
        defaults,
        embeddedDataDir: embedded ? db.dataDir : null,
      }),
    );
  } else {
    if (defaults.length > 0) {
      logger.warn(
        `!!! DEVELOPMENT DEFAULTS IN USE for ${defaults.join(', ')}. ` +
          `Never expose this instance; NODE_ENV=production refuses to start like this. !!!`,
      );
    }
    logger.log(
      `Switchboard is up: admin ${base}/admin · API docs ${base}/docs · database ${embedded ? 'embedded' : 'external'}`,
    );
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    // Readiness first, so load balancers stop sending calls; then stop taking connections, let in-flight
    // calls and streams finish up to the deadline, close MCP sessions, flush metrics (Nest's shutdown hooks).
    app.get(Lifecycle).shuttingDown = true;
    logger.log(
      `${signal}: shutting down (readiness off, ${config.shutdownDrainMs} ms drain, ${config.shutdownTimeoutMs} ms for in-flight calls)`,
    );
    await new Promise((resolve) => setTimeout(resolve, config.shutdownDrainMs));
    const server = app.getHttpServer();
    const deadline = setTimeout(() => {
      logger.warn(
        `In-flight calls still open after ${config.shutdownTimeoutMs} ms: closing their connections`,
      );
      // Calls cut now are recorded as cut by the shutdown (outcome `shutdown`), not as callers who left.
      app.get(Lifecycle).cut();
      server.closeAllConnections();
    }, config.shutdownTimeoutMs);
    await app.close();
    clearTimeout(deadline);
    await embedded?.stop();
    logger.log('Stopped');
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error: unknown) => {
  // Logs may still be buffered for the app logger: write the reason straight to stderr.
  process.stderr.write(`Switchboard failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
  process.exit(1);
});
