import { DEV_ADMIN_PASSWORD, DEV_JWT_SECRET, loadAuthConfig } from './auth.config';
import { DEV_ENCRYPTION_KEY, loadSecurityConfig } from './security.config';

/**
 * Secrets that still hold their laptop defaults. In production the API refuses to start with any of them;
 * in development they are announced loudly.
 */
export function defaultSecretsInUse(env: NodeJS.ProcessEnv = process.env): string[] {
  const auth = loadAuthConfig(env);
  const security = loadSecurityConfig(env);
  const found: string[] = [];
  if (auth.adminPassword === DEV_ADMIN_PASSWORD) found.push('ADMIN_PASSWORD');
  if (auth.jwtSecret === DEV_JWT_SECRET) found.push('JWT_SECRET');
  if (security.encryptionKey === DEV_ENCRYPTION_KEY) found.push('ENCRYPTION_KEY');
  return found;
}

export function assertProductionSafe(env: NodeJS.ProcessEnv = process.env): void {
  if ((env.NODE_ENV ?? 'development') !== 'production') return;
  const defaults = defaultSecretsInUse(env);
  if (defaults.length > 0) {
    throw new Error(
      `Refusing to start in production with default secrets: ${defaults.join(', ')}. Set them in the environment.`,
    );
  }
}
