import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { ADMIN, HttpApi, TEST_ENV } from './harness';

const ENTRY = join(__dirname, '../dist/main.js');

/** A free loopback port (a replica's port must be known before it starts: it is its REPLICA_URL). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export interface ReplicaProcess {
  api: HttpApi;
  child: ChildProcess;
  /** What it wrote on stderr and stdout (for failure messages). */
  output(): string;
  /** SIGKILL: no shutdown hooks, like a crashed pod. */
  kill(): Promise<void>;
  /** SIGTERM and wait for it to exit. */
  stop(): Promise<void>;
}

/**
 * The built API (apps/api/dist) in its own process, as a replica runs in production: its own port, the
 * test database, and whatever `env` adds (REDIS_URL, …). Resolves once /ready answers 200 and the admin
 * is signed in.
 */
export async function startReplica(env: Record<string, string>): Promise<ReplicaProcess> {
  if (!existsSync(ENTRY)) throw new Error(`the API is not built (${ENTRY}); run: npx nx run api:build`);
  const port = await freePort();
  let output = '';
  const child = spawn(process.execPath, [ENTRY], {
    env: {
      ...process.env,
      ...TEST_ENV,
      LOG_LEVEL: 'warn',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  child.stderr!.on('data', (chunk: Buffer) => (output = (output + chunk.toString()).slice(-20_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const api = new HttpApi(`http://127.0.0.1:${port}`);
  const until = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`replica exited with ${child.exitCode}:\n${output}`);
    const ready = await fetch(`${api.baseUrl}/ready`).catch(() => null);
    if (ready?.status === 200) break;
    if (Date.now() > until) {
      child.kill('SIGKILL');
      throw new Error(`replica on port ${port} not ready within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  api.adminToken = await api.login(ADMIN.email, ADMIN.password);
  return {
    api,
    child,
    output: () => output,
    async kill() {
      if (child.exitCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}
