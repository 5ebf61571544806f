import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envInt, parseEnv } from './env.util';

export const DEV_ADMIN_EMAIL = 'admin@example.com';
export const DEV_ADMIN_PASSWORD = 'changeme';
export const DEV_JWT_SECRET = 'switchboard-dev-jwt-secret-do-not-use-in-production';

const schema = z.object({
  ADMIN_EMAIL: z.email().default(DEV_ADMIN_EMAIL),
  ADMIN_PASSWORD: z.string().min(1).default(DEV_ADMIN_PASSWORD),
  JWT_SECRET: z.string().min(16, 'must be at least 16 characters').default(DEV_JWT_SECRET),
  JWT_EXPIRES_IN_SECONDS: envInt(8 * 3600, 60, 30 * 24 * 3600),
  LOGIN_RATE_LIMIT: envInt(10, 1, 10_000),
  LOGIN_RATE_WINDOW_SECONDS: envInt(60, 1, 86_400),
  AUTH_CACHE_FRESH_MS: envInt(30_000, 100, 3_600_000),
  AUTH_CACHE_STALE_MS: envInt(300_000, 0, 86_400_000),
});

export const loadAuthConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('auth', schema, env);
  return {
    adminEmail: c.ADMIN_EMAIL.toLowerCase(),
    adminPassword: c.ADMIN_PASSWORD,
    jwtSecret: c.JWT_SECRET,
    jwtExpiresInSeconds: c.JWT_EXPIRES_IN_SECONDS,
    loginRateLimit: c.LOGIN_RATE_LIMIT,
    loginRateWindowMs: c.LOGIN_RATE_WINDOW_SECONDS * 1000,
    /**
     * A verified credential (a JWT's user, an API token) is trusted without a database read for `freshMs`,
     * then re-verified in the background on use; while the database cannot be reached it stays trusted up to
     * `staleMs` longer. A revocation, deletion or demotion applies at the first re-verification that reaches
     * the database, and a revocation made through the API at once on every replica sharing Redis.
     */
    principalCache: { freshMs: c.AUTH_CACHE_FRESH_MS, staleMs: c.AUTH_CACHE_STALE_MS, max: 10_000 },
  };
};
export const authConfig = registerAs('auth', () => loadAuthConfig());
export type AuthConfig = ReturnType<typeof loadAuthConfig>;
