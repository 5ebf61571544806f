import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envBoolean, envInt, envString, nodeEnv, parseEnv } from './env.util';

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: envInt(4444, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  PUBLIC_URL: envString(),
  WEB_DIST_DIR: envString(),
  DEMO_AGENT: envBoolean(true),
  DEMO_AGENT_URL: z.url().default('http://127.0.0.1:9999/'),
  BODY_LIMIT_BYTES: envInt(1_048_576, 1024, 104_857_600),
  SHUTDOWN_DRAIN_MS: envInt(0, 0, 300_000),
  SHUTDOWN_TIMEOUT_MS: envInt(30_000, 0, 600_000),
});

export const loadAppConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('app', schema, env);
  return {
    nodeEnv: c.NODE_ENV ?? nodeEnv(),
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    /** Without a trailing slash: links are built by appending paths. */
    publicUrl: c.PUBLIC_URL?.replace(/\/+$/, '') ?? null,
    webDistDir: c.WEB_DIST_DIR ?? null,
    demoAgent: c.DEMO_AGENT,
    demoAgentUrl: c.DEMO_AGENT_URL,
    bodyLimitBytes: c.BODY_LIMIT_BYTES,
    /** On SIGTERM, /ready says 503 for this long before the server stops taking connections (load balancers). */
    shutdownDrainMs: c.SHUTDOWN_DRAIN_MS,
    /** Then in-flight calls and streams get this long to finish; what is still open is cut. */
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
  };
};
export const appConfig = registerAs('app', () => loadAppConfig());
export type AppConfig = ReturnType<typeof loadAppConfig>;
