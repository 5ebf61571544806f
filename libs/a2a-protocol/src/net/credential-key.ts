import { createHash } from 'node:crypto';

/**
 * A cache key for a set of credentials: a hash of all its parts, so a changed secret never reuses a cached
 * token or client, and no secret sits in a Map key.
 */
export function credentialKey(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url');
}
