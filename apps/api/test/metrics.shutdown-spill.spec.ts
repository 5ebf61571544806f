import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRead } from '@switchboard/api-contract';
import { Client } from 'pg';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { startReplica, type ReplicaProcess } from './replica.process';
import { FaultProxy } from './support/fault-proxy';

const exists = (path: string) =>
  stat(path).then(
    () => true,
    () => false,
  );

/**
 * SIGTERM while PostgreSQL cannot be reached (the replica's DATABASE_URL goes through a TCP proxy of the
 * test's own, which the test closes; the shared server is never touched): the buffered rows — refused calls
 * and a call cut at the shutdown deadline included — are retried for METRICS_SHUTDOWN_FLUSH_MS, then spilled
 * to METRICS_SPILL_FILE; the next start, with the database back, writes them exactly once, and replaying the
 * same batches again adds nothing.
 */
describe('shutdown with the database unreachable: rows spilled, replayed once at the next start', () => {
  let agent: HelloAgentProcess;
  let proxy: FaultProxy;
  let dir: string;
  const replicas: ReplicaProcess[] = [];
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    agent = await startHelloAgentProcess();
    const real = new URL(process.env.DATABASE_URL!);
    proxy = await FaultProxy.to(real.toString(), 5432);
    dir = await mkdtemp(join(tmpdir(), 'switchboard-spill-'));
    await db.connect();
  }, 60_000);

  afterAll(async () => {
    for (const replica of replicas) await replica.kill();
    await proxy?.close();
    await agent?.close();
    await db.end();
    await rm(dir, { recursive: true, force: true });
  });

  const outcomes = async (agentName: string) => {
    const rows: { outcome: string; count: number }[] = (
      await db.query(
        `SELECT outcome, count(*)::int AS count FROM agent_metrics WHERE agent_name = $1 GROUP BY 1 ORDER BY 1`,
        [agentName],
      )
    ).rows;
    return Object.fromEntries(rows.map((r) => [r.outcome, r.count]));
  };

  it('spills at SIGTERM, replays exactly once at the next start', async () => {
    const spillFile = join(dir, 'metrics-spill.jsonl');
    const env = {
      METRICS_FLUSH_INTERVAL_MS: '60000', // only shutdown writes
      METRICS_SHUTDOWN_FLUSH_MS: '1500',
      METRICS_SPILL_FILE: spillFile,
      SHUTDOWN_DRAIN_MS: '0',
      SHUTDOWN_TIMEOUT_MS: '1000',
    };
    const viaProxy = new URL(process.env.DATABASE_URL!);
    viaProxy.hostname = '127.0.0.1';
    viaProxy.port = String(proxy.port);
    const first = await startReplica({ ...env, DATABASE_URL: viaProxy.toString() });
    replicas.push(first);
    const name = `spill_${Date.now()}`;
    const created = await first.api.post<AgentRead>('/a2a', {
      name,
      endpointUrl: agent.url,
      rateLimitRpm: 4,
    });
    expect(created.status).toBe(201);

    const statuses: number[] = [];
    for (let i = 0; i < 3; i++)
      statuses.push((await first.api.post(`/a2a/${name}/invoke`, { message: 'ping' })).status);
    // The fourth token: a call still running when shutdown's deadline comes.
    const inFlight = first.api.post(`/a2a/${name}/invoke`, { message: 'slow:20000' }).then(
      (reply) => reply.status,
      () => 'cut' as const,
    );
    await new Promise((r) => setTimeout(r, 300));
    for (let i = 0; i < 2; i++)
      statuses.push((await first.api.post(`/a2a/${name}/invoke`, { message: 'ping' })).status);
    expect(statuses).toEqual([200, 200, 200, 429, 429]);

    await proxy.refuse(); // the database is gone for good, as far as this replica can tell
    const exited = new Promise<number | null>((resolve) => first.child.once('exit', (code) => resolve(code)));
    const sigtermAt = Date.now();
    first.child.kill('SIGTERM');
    expect(await inFlight).toBe('cut');
    expect(await exited).toBe(0);
    const took = Date.now() - sigtermAt;
    expect(took).toBeGreaterThanOrEqual(2_400); // the deadline (1 s), then 1.5 s of retries
    expect(took).toBeLessThan(15_000);
    expect(first.output()).toContain(`kept in ${spillFile}`);

    const spilled = await readFile(spillFile, 'utf8');
    const batches = spilled
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as { id: string; rows: string[] });
    const rows = batches.flatMap((b) => b.rows).filter((row) => row.includes(`\t${name}\t`));
    expect(rows).toHaveLength(6);
    expect(await outcomes(name)).toEqual({}); // nothing reached the database

    // The next start, with the database back: every spilled row, once.
    const second = await startReplica({ ...env, DATABASE_URL: process.env.DATABASE_URL! });
    replicas.push(second);
    expect(await outcomes(name)).toEqual({ rate_limited: 2, shutdown: 1, success: 3 });
    expect(await exists(spillFile)).toBe(false);
    await second.stop();

    // The same batches once more (a copy restored, a replay that crashed half way): every id is taken.
    await writeFile(spillFile, spilled);
    const third = await startReplica({ ...env, DATABASE_URL: process.env.DATABASE_URL! });
    replicas.push(third);
    expect(await exists(spillFile)).toBe(false);
    expect(await outcomes(name)).toEqual({ rate_limited: 2, shutdown: 1, success: 3 });
    await third.stop();
  }, 240_000);
});
