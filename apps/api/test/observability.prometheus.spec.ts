import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';

/** The samples of one metric: labels and value per line of the exposition text. */
function samples(text: string, name: string): { labels: Record<string, string>; value: number }[] {
  const out: { labels: Record<string, string>; value: number }[] = [];
  for (const line of text.split('\n')) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const labels: Record<string, string> = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)) labels[key] = value;
    out.push({ labels, value: Number(match[3]) });
  }
  return out;
}

const value = (text: string, name: string, labels: Record<string, string>) =>
  samples(text, name).find((s) => Object.entries(labels).every(([k, v]) => s.labels[k] === v))?.value;

const sendMessage = (text: string) => ({
  jsonrpc: '2.0',
  id: 1,
  method: 'SendMessage',
  params: { message: { messageId: `m-${text}`, role: 'ROLE_USER', parts: [{ text }] } },
});

describe('GET /metrics/prometheus', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  // A new name per test: counters of an agent name outlive a reset (as they would a re-created agent).
  let n = 0;
  let name = '';
  const scrape = async () => {
    const res = await api.get<string>('/metrics/prometheus');
    expect(res.status).toBe(200);
    return res.text;
  };

  beforeAll(async () => {
    agent = await startHelloAgentProcess();
    // Only explicit flushes write metric rows: the recorder's buffer depth is predictable.
    api = await TestApi.start({ METRICS_FLUSH_INTERVAL_MS: '60000', A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    name = `hello_${++n}`;
    await api.createAgent({ name, endpointUrl: agent.url, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
  });

  it('needs a bearer token; a viewer API token scrapes Prometheus text', async () => {
    expect((await api.get('/metrics/prometheus', { token: null })).status).toBe(401);
    const viewer = await api.createToken('viewer', 'prometheus');
    const res = await api.get('/metrics/prometheus', { token: viewer });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    expect(res.text).toContain('# TYPE switchboard_gateway_requests_total counter');
  });

  it('counts calls and their latency by agent, front door, operation and outcome', async () => {
    const ok = await api.post<{ task: { id: string } }>(`/a2a/${name}/invoke`, { message: 'ping' });
    expect(ok.status).toBe(200);
    expect((await api.post(`/a2a/${name}/invoke`, { message: 'ping again' })).status).toBe(200);
    expect((await api.post(`/a2a/${name}/invoke`, { message: 'error:500' })).status).toBe(502);
    expect((await api.post(`/a2a/${name}/invoke`, { message: 'error:503' })).status).toBe(502);
    const rpc = await api.post<{ result?: unknown }>(`/a2a/${name}/jsonrpc`, sendMessage('ping'), {
      headers: { 'a2a-version': '1.0' },
    });
    expect(rpc.body.result).toBeDefined();

    const text = await scrape();
    const call = { agent: name, operation: 'send' };
    expect(
      value(text, 'switchboard_gateway_requests_total', { ...call, front_door: 'rest', outcome: 'success' }),
    ).toBe(2);
    expect(
      value(text, 'switchboard_gateway_requests_total', {
        ...call,
        front_door: 'rest',
        outcome: 'failure',
        error_code: 'UPSTREAM_ERROR',
      }),
    ).toBe(2);
    expect(
      value(text, 'switchboard_gateway_requests_total', { ...call, front_door: 'a2a', outcome: 'success' }),
    ).toBe(1);
    // The A2A door's calls never need the agent's card (only its card route reads it).
    expect(
      value(text, 'switchboard_gateway_requests_total', { agent: name, operation: 'card', front_door: 'a2a' }),
    ).toBeUndefined();
    const rest = { ...call, front_door: 'rest', outcome: 'success' };
    expect(value(text, 'switchboard_gateway_request_duration_seconds_count', rest)).toBe(2);
    expect(value(text, 'switchboard_gateway_request_duration_seconds_bucket', { ...rest, le: '+Inf' })).toBe(
      2,
    );
    expect(value(text, 'switchboard_gateway_request_duration_seconds_sum', rest)).toBeGreaterThan(0);
    // error:503 was retried (A2A_MAX_RETRIES=3 by default).
    expect(value(text, 'switchboard_gateway_retries_total', { agent: name })).toBe(3);

    // Bounded labels: agent names, never callers or tasks.
    const me = await api.get<{ id: string }>('/auth/me');
    expect(text).not.toContain(me.body.id);
    expect(text).not.toContain(ok.body.task.id);
  });

  it('reports each agent’s health state and the metrics recorder’s buffer', async () => {
    await api.createAgent({ name: `idle_${n}`, endpointUrl: agent.url, enabled: false });
    await api.post(`/a2a/${name}/invoke`, { message: 'ping' });
    await api.post(`/a2a/${name}/invoke`, { message: 'ping' });

    let text = await scrape();
    const state = (agentName: string) =>
      samples(text, 'switchboard_agent_health_state').filter((s) => s.labels.agent === agentName);
    expect(state(name)).toHaveLength(5);
    expect(state(name).filter((s) => s.value === 1)).toEqual([
      { labels: { agent: name, state: 'healthy' }, value: 1 },
    ]);
    expect(
      state(`idle_${n}`)
        .filter((s) => s.value === 1)
        .map((s) => s.labels.state),
    ).toEqual(['disabled']);
    expect(value(text, 'switchboard_metrics_recorder_buffer_depth', {})).toBe(2);

    const writtenBefore = value(text, 'switchboard_metrics_recorder_written_total', {})!;
    await api.recorder!.flush();
    text = await scrape();
    expect(value(text, 'switchboard_metrics_recorder_buffer_depth', {})).toBe(0);
    expect(value(text, 'switchboard_metrics_recorder_written_total', {})).toBe(writtenBefore + 2);
    expect(value(text, 'switchboard_metrics_recorder_dropped_total', {})).toBe(0);
  });

  it('drops the series of an agent removed from the catalog', async () => {
    const other = await api.createAgent({ name: `other_${n}`, endpointUrl: agent.url });
    await api.post(`/a2a/${name}/invoke`, { message: 'ping' });
    await api.post(`/a2a/other_${n}/invoke`, { message: 'ping' });
    expect(await scrape()).toContain(`agent="other_${n}"`);

    expect((await api.delete(`/a2a/${other.id}`)).status).toBe(204);
    const text = await scrape();
    expect(text).not.toContain(`agent="other_${n}"`);
    expect(value(text, 'switchboard_gateway_requests_total', { agent: name, outcome: 'success' })).toBe(1);
  });

  it('includes Node’s process metrics', async () => {
    const text = await scrape();
    expect(samples(text, 'process_cpu_user_seconds_total')).toHaveLength(1);
    expect(samples(text, 'nodejs_heap_size_used_bytes')).toHaveLength(1);
  });

  it('is described in the OpenAPI document as text/plain', async () => {
    const doc = await api.get<{
      paths: Record<string, { get?: { responses: Record<string, { content?: Record<string, unknown> }> } }>;
    }>('/docs/openapi.json');
    const route = doc.body.paths['/metrics/prometheus']?.get;
    expect(Object.keys(route?.responses['200'].content ?? {})).toEqual(['text/plain']);
    expect(route?.responses['401']).toBeDefined();
  });

  it('METRICS_PROMETHEUS_PUBLIC=true serves it without credentials, from that app’s own registry', async () => {
    const open = await TestApi.start({ METRICS_PROMETHEUS_PUBLIC: 'true' });
    try {
      await api.post(`/a2a/${name}/invoke`, { message: 'ping' });
      const res = await open.get('/metrics/prometheus', { token: null });
      expect(res.status).toBe(200);
      expect(res.text).toContain('# TYPE switchboard_gateway_requests_total counter');
      // The calls of the other app are not counted here.
      expect(samples(res.text, 'switchboard_gateway_requests_total')).toEqual([]);
    } finally {
      await open.close();
    }
    // And the first app still counts its own.
    expect(value(await scrape(), 'switchboard_gateway_requests_total', { agent: name })).toBe(1);
  });
});
