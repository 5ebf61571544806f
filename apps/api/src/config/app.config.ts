import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envBoolean, envInt, envString, nodeEnv, parseEnv } from './env.util';

/** A trusted proxy address: an IP, a CIDR range, or one of proxy-addr's names. */
const proxyAddress = z.union(
  [z.ipv4(), z.ipv6(), z.cidrv4(), z.cidrv6(), z.enum(['loopback', 'linklocal', 'uniquelocal'])],
  { error: 'must be an IP address, a CIDR range, loopback, linklocal or uniquelocal' },
);

/**
 * Whom to believe about the client's address (X-Forwarded-For) and scheme (X-Forwarded-Proto): `false`
 * (nobody, the default), `true` (whoever connects), or a comma-separated list of proxy addresses — Fastify's
 * `trustProxy`. A hop count is refused: it cannot check who connects (a direct client could claim any
 * address), and Fastify since 5.12 trusts nobody when given one.
 */
const trustProxy = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z
    .string()
    .optional()
    .transform((v, ctx): boolean | string[] => {
      if (v === undefined || v === 'false') return false;
      if (v === 'true') return true;
      if (/^\d+$/.test(v)) {
        ctx.addIssue({
          code: 'custom',
          message:
            "a hop count is not supported (it cannot check who connects): list the proxies' addresses or ranges",
        });
        return false;
      }
      const list = v.split(',').map((a) => a.trim());
      for (const address of list) {
        const checked = proxyAddress.safeParse(address);
        if (!checked.success)
          ctx.addIssue({ code: 'custom', message: `"${address}" ${checked.error.issues[0].message}` });
      }
      return list;
    }),
);

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: envInt(4444, 0, 65535),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  LOG_FORMAT: z.enum(['pretty', 'json']).optional(),
  PUBLIC_URL: envString(),
  WEB_DIST_DIR: envString(),
  DEMO_AGENT: envBoolean(true),
  DEMO_AGENT_URL: z.url().default('http://127.0.0.1:9999/'),
  BODY_LIMIT_BYTES: envInt(1_048_576, 1024, 104_857_600),
  SHUTDOWN_DRAIN_MS: envInt(0, 0, 300_000),
  SHUTDOWN_TIMEOUT_MS: envInt(30_000, 0, 600_000),
  TRUST_PROXY: trustProxy,
});

export const loadAppConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('app', schema, env);
  const currentNodeEnv = c.NODE_ENV ?? nodeEnv();
  return {
    nodeEnv: currentNodeEnv,
    host: c.HOST,
    port: c.PORT,
    logLevel: c.LOG_LEVEL,
    /** Human-readable lines in development, one JSON object per line otherwise (log collectors). */
    logFormat: c.LOG_FORMAT ?? (currentNodeEnv === 'development' ? 'pretty' : 'json'),
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
    trustProxy: c.TRUST_PROXY,
  };
};
export const appConfig = registerAs('app', () => loadAppConfig());
export type AppConfig = ReturnType<typeof loadAppConfig>;
