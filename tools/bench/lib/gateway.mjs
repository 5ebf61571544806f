// The gateway under test: its database (embedded PGlite in a fresh temp dir, or a fresh database on the
// PostgreSQL server DATABASE_URL names, dropped afterwards), its environment, readiness, login, the agent.
import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMsOf } from './processes.mjs';

/** Variables of the caller's environment that would change what is measured; the benchmark sets its own. */
const OVERRIDDEN = [
  'DATABASE_URL',
  'DATA_DIR',
  'PUBLIC_URL',
  'A2A_ENABLED',
  'DEMO_AGENT_URL',
  'WEB_DIST_DIR',
  // A gateway is one process on its own unless the benchmark makes it a replica (--replicas).
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'REPLICA_URL',
];

/** Random secrets for one gateway — or for every replica of one cluster, which must share them. */
export const newSecrets = () => ({
  JWT_SECRET: randomBytes(24).toString('hex'),
  ENCRYPTION_KEY: randomBytes(32).toString('hex'),
});

export function gatewayEnv({
  port,
  dataDir,
  databaseUrl,
  logLevel,
  adminEmail,
  adminPassword,
  secrets = newSecrets(),
}) {
  const env = { ...process.env };
  for (const key of OVERRIDDEN) delete env[key];
  Object.assign(env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    NODE_ENV: 'production',
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    ...secrets,
    OUTBOUND_ALLOW_PRIVATE: 'true',
    DEMO_AGENT: 'false',
    LOG_LEVEL: logLevel,
  });
  if (databaseUrl) env.DATABASE_URL = databaseUrl;
  else env.DATA_DIR = dataDir;
  return env;
}

let databases = 0; // gateways started at once get a database each

/**
 * A fresh database on the server `serverUrl` points at; `drop()` removes it again. `watchCpu()` starts
 * adding up the CPU time of the server processes serving it (from /proc, so only when the server runs on
 * this machine): what the gateway costs the database, apart from anything else running.
 */
export async function createDatabase(serverUrl) {
  const { default: pg } = await import('pg');
  const name = `switchboard_bench_${Date.now()}_${process.pid}_${++databases}`;
  const connect = async () => {
    const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 10_000 });
    await client.connect();
    return client;
  };
  const admin = async (sql) => {
    const client = await connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const watchers = new Set();
  return {
    name,
    url: url.toString(),
    /**
     * Sampled every 250 ms per backend, so a connection that closes loses at most its last 250 ms;
     * `stop()` resolves to the milliseconds used meanwhile, or null when no backend could be read.
     */
    async watchCpu() {
      const client = await connect();
      const seen = new Map(); // pid → CPU ms when first seen (0 if it started meanwhile) and last seen
      let first = true;
      const sample = async () => {
        const { rows } = await client.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name]);
        for (const { pid } of rows) {
          const ms = cpuMsOf(pid);
          if (ms === null) continue;
          const known = seen.get(pid);
          if (known) known.last = ms;
          else seen.set(pid, { start: first ? ms : 0, last: ms });
        }
        first = false;
      };
      await sample();
      let pending = Promise.resolve();
      const timer = setInterval(() => (pending = pending.then(sample, () => {})), 250);
      const stop = async () => {
        clearInterval(timer);
        watchers.delete(stop);
        await pending.catch(() => {});
        await sample().catch(() => {});
        await client.end();
        if (seen.size === 0) return null;
        let total = 0;
        for (const { start, last } of seen.values()) total += last - start;
        return total;
      };
      watchers.add(stop);
      return { stop };
    },
    async drop() {
      for (const stop of [...watchers]) await stop();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

/** Poll GET /ready until it answers 200; resolves to its body ({ status, database, redis }). */
export async function waitReady(base, { timeoutMs, isDead }) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (isDead()) throw new Error('the gateway exited during startup');
    try {
      const res = await fetch(`${base}/ready`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return await res.json();
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

/**
 * Poll POST /a2a/<name>/invoke until it answers with the echo: a replica serves the agent that another
 * replica registered (the catalog change reaches it through Redis).
 */
export async function waitInvocable(base, token, agentName, { timeoutMs }) {
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    try {
      const answer = JSON.stringify(
        await call(base, `/a2a/${agentName}/invoke`, { token, body: { message: 'bench' } }),
      );
      if (answer.includes('echo: bench')) return;
      last = answer.slice(0, 200);
    } catch (error) {
      last = error.message;
    }
    await sleep(200);
  }
  throw new Error(`${base} did not serve "${agentName}" within ${timeoutMs} ms (last: ${last})`);
}
