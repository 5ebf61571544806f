// HS256 JSON Web Tokens for the lean gateway reference row: signed by the benchmark, verified (once per token)
// by lean-gateway.mjs. node:crypto only; the gateway itself verifies its tokens with @nestjs/jwt.
import { createHmac, timingSafeEqual } from 'node:crypto';

const part = (value) => Buffer.from(JSON.stringify(value)).toString('base64url');
const mac = (data, secret) => createHmac('sha256', secret).update(data).digest();

export function signHs256(payload, secret, expiresInSeconds = 3600) {
  const exp = Math.floor(Date.now() / 1000) + expiresInSeconds;
  const data = `${part({ alg: 'HS256', typ: 'JWT' })}.${part({ ...payload, exp })}`;
  return `${data}.${mac(data, secret).toString('base64url')}`;
}

/** The token's payload, or null when its signature, algorithm or expiry is wrong. */
export function verifyHs256(token, secret) {
  const [header, payload, signature] = token.split('.');
  if (!signature) return null;
  const expected = mac(`${header}.${payload}`, secret);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    if (JSON.parse(Buffer.from(header, 'base64url').toString()).alg !== 'HS256') return null;
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    return typeof claims.exp === 'number' && claims.exp * 1000 > Date.now() ? claims : null;
  } catch {
    return null;
  }
}
