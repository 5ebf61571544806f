import { readFileSync } from 'node:fs';
import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envBoolean, envString, isProduction, parseEnv } from './env.util';

export const DEV_ENCRYPTION_KEY = 'switchboard-dev-encryption-key-do-not-use-in-production';

const schema = z.object({
  ENCRYPTION_KEY: z.string().min(32, 'must be at least 32 characters').default(DEV_ENCRYPTION_KEY),
  OUTBOUND_ALLOW_PRIVATE: envBoolean(!isProduction()),
  OUTBOUND_CA_FILE: envString(),
});

/** The PEM certificates of OUTBOUND_CA_FILE; a file that is missing or holds none stops the boot. */
function certificatesIn(path: string | undefined): string[] | undefined {
  if (!path) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `Invalid security configuration: OUTBOUND_CA_FILE: cannot read ${path} (${String(error)})`,
    );
  }
  const certificates = text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g);
  if (!certificates)
    throw new Error(`Invalid security configuration: OUTBOUND_CA_FILE: no PEM certificate in ${path}`);
  return certificates;
}

export const loadSecurityConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('security', schema, env);
  return {
    encryptionKey: c.ENCRYPTION_KEY,
    outboundAllowPrivate: c.OUTBOUND_ALLOW_PRIVATE,
    outboundCa: certificatesIn(c.OUTBOUND_CA_FILE),
  };
};
export const securityConfig = registerAs('security', () => loadSecurityConfig());
export type SecurityConfig = ReturnType<typeof loadSecurityConfig>;
