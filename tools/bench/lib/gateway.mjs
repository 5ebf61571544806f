// The gateway under test: its database (embedded PGlite in a fresh temp dir, or a fresh database on the
// PostgreSQL server DATABASE_URL names, dropped afterwards), its environment, readiness, login, the agent.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';

/** Variables of the caller's environment that would change what is measured; the benchmark sets its own. */
const OVERRIDDEN = [
  'DATABASE_URL',
  'DATA_DIR',
  'PUBLIC_URL',
  'A2A_ENABLED',
  'DEMO_AGENT_URL',
  'WEB_DIST_DIR',
];

export function gatewayEnv({ port, dataDir, databaseUrl, logLevel, adminEmail, adminPassword }) {
  const env = { ...process.env };
  for (const key of OVERRIDDEN) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    JWT_SECRET: randomBytes(24).toString('hex'),
    ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    OUTBOUND_ALLOW_PRIVATE: 'true',
    DEMO_AGENT: 'false',
    LOG_LEVEL: logLevel,
  });
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.DATA_DIR = dataDir;
  return env;
}

/** A fresh database on the server `serverUrl` points at; `drop()` removes it again. */
export async function createDatabase(serverUrl) {
  const { default: pg } = await import('pg');
  const name = `switchboard_bench_${Date.now()}_${process.pid}`;
  const admin = async (sql) => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.toString(),
    drop: () => admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`),
  };
}

/** Poll GET /ready until it answers 200. */
export async function waitReady(base, { timeoutMs, isDead }) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (isDead()) throw new Error('the gateway exited during startup');
    try {
      const res = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      last = `HTTP ${res.status}`;
    } catch (error) {
      last = error.cause?.code ?? error.message;
    }
    await sleep(200);
  }
  throw new Error(`the gateway was not ready after ${timeoutMs} ms (last: ${last})`);
}

async function call(base, path, { token, body, method = body ? 'POST' : 'GET' } = {}) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      ...(body ? { 'content-type': 'application/json' } : {}),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${text.slice(0, 300)}`);
  return JSON.parse(text);
}

/** Log in once (login is rate limited); with `auth: 'token'` trade the JWT for an API token. */
export async function credentials(base, { email, password, auth }) {
  const { accessToken } = await call(base, '/auth/login', { body: { email, password } });
  if (auth !== 'token') return accessToken;
  const { token } = await call(base, '/auth/tokens', { token: accessToken, body: { name: 'bench' } });
  return token;
}

export function registerAgent(base, token, { name, endpointUrl, rateLimitRpm }) {
  return call(base, '/a2a', { token, body: { name, endpointUrl, rateLimitRpm, timeoutMs: 30_000 } });
}
