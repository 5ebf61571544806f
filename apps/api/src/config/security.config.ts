import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envBoolean, isProduction, parseEnv } from './env.util';

export const DEV_ENCRYPTION_KEY = 'switchboard-dev-encryption-key-do-not-use-in-production';

const schema = z.object({
  ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').default(DEV_ENCRYPTION_KEY),
  OUTBOUND_ALLOW_PRIVATE: envBoolean(!isProduction()),
});

export const loadSecurityConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('security', schema, env);
  return { encryptionKey: c.ENCRYPTION_KEY, outboundAllowPrivate: c.OUTBOUND_ALLOW_PRIVATE };
};
export const securityConfig = registerAs('security', () => loadSecurityConfig());
export type SecurityConfig = ReturnType<typeof loadSecurityConfig>;
