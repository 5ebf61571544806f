import type { AgentRead } from '@switchboard/api-contract';
import { Client } from 'pg';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { startReplica, type ReplicaProcess } from './replica.process';

/**
 * SIGTERM to a running API process, as an orchestrator sends it: readiness goes false at once, the call in
 * flight still gets its answer, its metrics row is written on the way out, and the process exits 0.
 */
describe('graceful shutdown', () => {
  let agent: HelloAgentProcess;
  let api: ReplicaProcess;
  const db = new Client({ connectionString: process.env.DATABASE_URL });

  beforeAll(async () => {
    agent = await startHelloAgentProcess();
    api = await startReplica({
      DATABASE_URL: process.env.DATABASE_URL!,
      SHUTDOWN_DRAIN_MS: '700',
      SHUTDOWN_TIMEOUT_MS: '10000',
      // The timer would write in a minute, long after the test: only the shutdown flush can write the row.
      METRICS_FLUSH_INTERVAL_MS: '60000',
    });
    await db.connect();
  }, 90_000);

  afterAll(async () => {
    await api?.kill();
    await agent?.close();
    await db.end();
  });

  it('turns readiness off, finishes the call in flight, flushes its metrics and exits 0', async () => {
    const created = await api.api.post<AgentRead>('/a2a', {
      name: `shutdown_${Date.now()}`,
      endpointUrl: agent.url,
    });
    expect(created.status).toBe(201);
    const inFlight = api.api.post<{ task: { status: { state: string } } }>(
      `/a2a/${created.body.name}/invoke`,
      {
        message: 'slow:1500',
      },
    );
    await new Promise((r) => setTimeout(r, 300));
    const exited = new Promise<number | null>((resolve) => api.child.once('exit', (code) => resolve(code)));
    api.child.kill('SIGTERM');
    // The signal is handled when the process next gets the CPU: on a loaded box that can take more than a
    // moment, so ask until readiness turns (well inside the 700 ms drain, after which no connection is taken).
    let ready = await api.api.get<{ status: string; shuttingDown?: boolean }>('/ready', { token: null });
    for (let i = 0; i < 10 && ready.status === 200; i++) {
      await new Promise((r) => setTimeout(r, 50));
      ready = await api.api.get<{ status: string; shuttingDown?: boolean }>('/ready', { token: null });
    }
    expect(ready.status).toBe(503);
    expect(ready.body).toMatchObject({ status: 'unavailable', shuttingDown: true });

    const answer = await inFlight;
    expect(answer.status).toBe(200);
    expect(answer.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(await exited).toBe(0);
    expect(api.output()).not.toContain('still open after'); // it did not need the deadline

    const rows = await db.query('SELECT ok FROM agent_metrics WHERE agent_id = $1', [created.body.id]);
    expect(rows.rows).toEqual([{ ok: true }]);
  });
});
