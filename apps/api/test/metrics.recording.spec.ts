import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';
import { connectMcp, createServer } from './mcp/mcp-client';

interface MetricRow {
  agent_id: string | null;
  agent_name: string;
  caller_id: string | null;
  front_door: string;
  operation: string;
  interaction_type: string | null;
  ok: boolean;
  error_code: string | null;
  upstream_status: number | null;
  attempts: number;
  duration_ms: number;
}

describe('metrics: every call is recorded, off the request path', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  let agentId: string;
  let adminId: string;
  const rows = async (): Promise<MetricRow[]> => {
    await api.recorder?.flush();
    return api.db.query('SELECT * FROM agent_metrics ORDER BY started_at');
  };

  beforeAll(async () => {
    agent = await startHelloAgentProcess();
    // A long interval and no rollup job (it flushes too): only explicit flushes write, so each test sees
    // exactly what it caused.
    api = await TestApi.start({
      METRICS_FLUSH_INTERVAL_MS: '60000',
      METRICS_ROLLUP_INTERVAL_MS: '0',
      A2A_RETRY_BASE_MS: '5',
    });
    adminId = (await api.get<{ id: string }>('/auth/me')).body.id;
  });
  beforeEach(async () => {
    await api.reset();
    agentId = (await api.createAgent({ name: 'hello', endpointUrl: agent.url, timeoutMs: 5000 })).id;
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
  });

  it('records REST, A2A proxy and MCP calls with caller, front door, outcome and duration', async () => {
    expect((await api.post('/a2a/hello/invoke', { message: 'ping' })).status).toBe(200);
    const rpc = await api.post<{ result?: unknown }>(
      '/a2a/hello/jsonrpc',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'ping' }] } },
      },
      { headers: { 'a2a-version': '1.0' } },
    );
    expect(rpc.body.result).toBeDefined();
    expect((await api.post('/a2a/hello/invoke', { message: 'error:500' })).status).toBe(502);
    const server = await createServer(api, { name: 'tools', associatedAgents: [agentId] });
    const mcp = await connectMcp(server.mcpUrl, api.adminToken);
    expect((await mcp.callTool({ name: 'hello', arguments: { message: 'ping' } })).isError).toBeFalsy();
    await mcp.close();

    const recorded = await rows();
    expect(recorded.map((r) => [r.front_door, r.operation, r.ok, r.error_code, r.upstream_status])).toEqual([
      ['rest', 'send', true, null, null],
      ['a2a', 'send', true, null, null],
      ['rest', 'send', false, 'UPSTREAM_ERROR', 500],
      ['mcp', 'stream', true, null, null], // a tool call is a streamed call (progress, cancellation)
    ]);
    expect(recorded[3].interaction_type).toBe('tools/call');
    for (const row of recorded) {
      expect(row).toMatchObject({ agent_id: agentId, agent_name: 'hello', caller_id: adminId, attempts: 1 });
      expect(row.duration_ms).toBeGreaterThanOrEqual(0);
    }
  });

  it('records ContextForge’s interaction type and the retries a call took', async () => {
    await api.post('/a2a/hello/invoke', { parameters: { query: 'hi' }, interactionType: 'query' });
    await api.post('/a2a/hello/invoke', { message: 'error:503' });
    const [legacy, retried] = await rows();
    expect(legacy.interaction_type).toBe('query');
    expect(retried).toMatchObject({ ok: false, upstream_status: 503, attempts: 4 });
  });

  it('writes the rows of an agent deleted before the flush (no batch is poisoned)', async () => {
    await api.post('/a2a/hello/invoke', { message: 'ping' });
    expect((await api.request('DELETE', `/a2a/${agentId}`)).status).toBe(204);
    const recorded = await rows();
    expect(recorded).toHaveLength(1);
    expect(recorded[0]).toMatchObject({ agent_id: agentId, agent_name: 'hello' });
  });

  it('keeps rows while the table cannot be written, then writes each exactly once', async () => {
    await api.db.query('ALTER TABLE agent_metrics RENAME TO agent_metrics_away');
    try {
      for (let i = 0; i < 5; i++) await api.post('/a2a/hello/invoke', { message: `ping ${i}` });
      await api.recorder?.flush(); // fails: the rows stay buffered
      expect(api.recorder?.depth).toBe(5);
    } finally {
      await api.db.query('ALTER TABLE agent_metrics_away RENAME TO agent_metrics');
    }
    await api.post('/a2a/hello/invoke', { message: 'after' });
    expect(await rows()).toHaveLength(6);
    await api.recorder?.flush();
    expect(await rows()).toHaveLength(6);
    expect(api.recorder?.depth).toBe(0);
  });

  it('writes a batch once when it committed but the answer was lost, and is retried', async () => {
    for (let i = 0; i < 3; i++) await api.post('/a2a/hello/invoke', { message: `ping ${i}` });
    const writer = api.recorder!.writer;
    const write = writer.write.bind(writer);
    let lost = 0;
    const spy = jest.spyOn(writer, 'write').mockImplementation(async (batch) => {
      await write(batch); // committed in PostgreSQL
      if (lost++ === 0) throw new Error('Connection terminated unexpectedly'); // …but the answer is lost
    });
    try {
      await api.recorder?.flush();
      expect(lost).toBe(1);
      expect(api.recorder?.depth).toBe(3); // the recorder saw a failure: it keeps the batch
    } finally {
      spy.mockRestore();
    }
    expect(await rows()).toHaveLength(3); // rows() flushes: the retried batch adds nothing
    expect(api.recorder?.depth).toBe(0);
  });

  it('A2A_METRICS_ENABLED=false records nothing', async () => {
    const off = await TestApi.start({ A2A_METRICS_ENABLED: 'false' });
    try {
      expect(off.recorder).toBeNull();
      await off.createAgent({ name: 'quiet', endpointUrl: agent.url });
      expect((await off.post('/a2a/quiet/invoke', { message: 'ping' })).status).toBe(200);
    } finally {
      await off.close(); // a graceful shutdown would flush a recorder, if there were one
    }
    expect(await rows()).toEqual([]);
  });
});
