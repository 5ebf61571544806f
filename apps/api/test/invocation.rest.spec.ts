import type { AgentRead } from '@switchboard/api-contract';
import {
  startHelloAgentProcess,
  startHelloAgentProcesses,
  type HelloAgentProcess,
} from './hello-agent.process';
import { TestApi, validAgent, type ErrorBody } from './harness';

type TaskBody = {
  task: {
    id: string;
    contextId: string;
    status: { state: string; message?: { parts: { text?: string }[] } };
    artifacts?: { artifactId: string; parts: { text?: string }[] }[];
  };
};
const artifactText = (b: TaskBody) => b.task.artifacts?.flatMap((a) => a.parts.map((p) => p.text)).join('');

describe('REST front door against real hello agents', () => {
  let api: TestApi;
  const agents: Record<string, HelloAgentProcess> = {};

  beforeAll(async () => {
    [agents.v10, agents.v03, agents.v02] = await startHelloAgentProcesses('1.0', '0.3', '0.2');
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    await api.createAgent({ name: 'hello', endpointUrl: agents.v10.url, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await api.close();
    await Promise.all(Object.values(agents).map((a) => a.close()));
  });

  it.each(['v10', 'v03', 'v02'])('invokes a %s agent and answers in A2A v1.0 shape', async (which) => {
    await api.createAgent({ name: `hello-${which}`, endpointUrl: agents[which].url });
    const res = await api.post<TaskBody>(`/a2a/hello-${which}/invoke`, { message: 'ping' });
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(artifactText(res.body)).toBe('Hello, World! I have received your request (ping)');
  });

  it('accepts ContextForge’s { parameters, interactionType } body', async () => {
    const res = await api.post<TaskBody>('/a2a/hello/invoke', {
      parameters: { query: 'legacy' },
      interactionType: 'query',
    });
    expect(res.status).toBe(200);
    expect(artifactText(res.body)).toContain('(legacy)');
  });

  it('accepts a full multi-part A2A message and the slug as the name', async () => {
    await api.createAgent({ name: 'Hello Agent Two', endpointUrl: agents.v10.url });
    const res = await api.post<TaskBody>('/a2a/hello-agent-two/invoke', {
      message: {
        role: 'ROLE_USER',
        parts: [
          { text: 'multi' },
          { data: { a: 1 } },
          { url: 'https://example.com/a.png', mediaType: 'image/png' },
        ],
      },
    });
    expect(res.status).toBe(200);
    expect(artifactText(res.body)).toContain('multi');
  });

  it('streams events as SSE, in order, from /stream and from invoke with Accept: text/event-stream', async () => {
    for (const path of ['/a2a/hello/stream', '/a2a/hello/invoke']) {
      const res = await api.sse(path, { message: 'stream:3' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const kinds = res.events.map((e) => e.event);
      expect(kinds[0]).toBe('task');
      expect(kinds.filter((k) => k === 'artifact-update')).toHaveLength(3);
      const last = res.events[res.events.length - 1].data as { statusUpdate: { status: { state: string } } };
      expect(last.statusUpdate.status.state).toBe('TASK_STATE_COMPLETED');
    }
  });

  it('streams from a v0.3 agent in v1.0 shape', async () => {
    await api.createAgent({ name: 'old', endpointUrl: agents.v03.url });
    const res = await api.sse('/a2a/old/stream', { message: 'ping' });
    expect(res.events.map((e) => e.event)).toEqual(
      expect.arrayContaining(['task', 'artifact-update', 'status-update']),
    );
    const states = res.events
      .filter((e) => e.event === 'status-update')
      .map((e) => (e.data.statusUpdate as { status: { state: string } }).status.state);
    expect(states[states.length - 1]).toBe('TASK_STATE_COMPLETED');
  });

  it('answers an unknown agent with 404 and a disabled one with 409', async () => {
    const missing = await api.post<ErrorBody>('/a2a/nobody/invoke', { message: 'x' });
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('AGENT_NOT_FOUND');
    const off = await api.createAgent({ name: 'off', endpointUrl: agents.v10.url, enabled: false });
    const disabled = await api.post<ErrorBody>(`/a2a/${off.name}/invoke`, { message: 'x' });
    expect(disabled.status).toBe(409);
    expect(disabled.body.message).toMatch(/disabled/);
  });

  it.each([
    ['no message', {}, 'message'],
    ['an empty message', { message: '' }, 'message'],
    ['a message with no parts', { message: { parts: [] } }, 'message'],
    ['an agent role', { message: { role: 'ROLE_AGENT', parts: [{ text: 'x' }] } }, 'message'],
    ['an unknown field', { message: 'x', stream: true }, 'stream'],
  ])('rejects %s with 400', async (_, body, field) => {
    const res = await api.post<ErrorBody>('/a2a/hello/invoke', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('follows a task: get, wait, cancel, and lists it under /tasks', async () => {
    const started = await api.post<TaskBody>('/a2a/hello/invoke', {
      message: 'long',
      configuration: { returnImmediately: true },
    });
    expect(started.status).toBe(200);
    const id = started.body.task.id;
    const got = await api.get<TaskBody['task']>(`/a2a/hello/tasks/${id}`);
    expect(got.body.status.state).toBe('TASK_STATE_WORKING');
    const waited = await api.get<ErrorBody>(`/a2a/hello/tasks/${id}/wait?timeoutMs=300`);
    expect(waited.status).toBe(504);
    const canceled = await api.post<TaskBody['task']>(`/a2a/hello/tasks/${id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');
    const done = await api.post<TaskBody>('/a2a/hello/invoke', { message: 'ping' });
    const notCancelable = await api.post<ErrorBody>(`/a2a/hello/tasks/${done.body.task.id}/cancel`);
    expect(notCancelable.status).toBe(409);
    expect(notCancelable.body.code).toBe('TASK_NOT_CANCELABLE');
    const list = await api.get<{ items: { taskId: string; state: string; agentName: string }[] }>(
      '/tasks?agent=hello',
    );
    expect(list.body.items).toContainEqual(
      expect.objectContaining({ taskId: id, agentName: 'hello', state: 'TASK_STATE_CANCELED' }),
    );
    const rows = await api.db.query('SELECT state FROM tasks WHERE task_id = $1', [id]);
    expect(rows).toEqual([{ state: 'TASK_STATE_CANCELED' }]);
  });

  it('waits for a slow task to complete', async () => {
    const started = await api.post<TaskBody>('/a2a/hello/invoke', {
      message: 'slow:300',
      configuration: { returnImmediately: true },
    });
    const done = await api.get<TaskBody['task']>(
      `/a2a/hello/tasks/${started.body.task.id}/wait?timeoutMs=5000`,
    );
    expect(done.status).toBe(200);
    expect(done.body.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('keeps tasks private to the user who created them', async () => {
    const mine = await api.post<TaskBody>('/a2a/hello/invoke', { message: 'ping' });
    const other = await api.createUser('other@example.com', 'viewer');
    const id = mine.body.task.id;
    expect((await api.get<ErrorBody>(`/a2a/hello/tasks/${id}`, { token: other })).status).toBe(404);
    expect(
      (await api.post<ErrorBody>(`/a2a/hello/tasks/${id}/cancel`, undefined, { token: other })).status,
    ).toBe(404);
    expect((await api.get<{ items: unknown[] }>('/tasks', { token: other })).body.items).toEqual([]);
    expect((await api.get(`/a2a/hello/tasks/${id}`)).status).toBe(200);
    // A viewer may call agents (a read-only catalog role, not a read-only gateway).
    expect((await api.post<TaskBody>('/a2a/hello/invoke', { message: 'hi' }, { token: other })).status).toBe(
      200,
    );
  });

  it('continues an input-required task with a follow-up message', async () => {
    const first = await api.post<TaskBody>('/a2a/hello/invoke', { message: 'input-required' });
    expect(first.body.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    const second = await api.post<TaskBody>('/a2a/hello/invoke', {
      message: 'here you go',
      taskId: first.body.task.id,
      contextId: first.body.task.contextId,
    });
    expect(second.body.task.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('returns a FAILED task as the agent’s answer', async () => {
    const res = await api.post<TaskBody>('/a2a/hello/invoke', { message: 'fail' });
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_FAILED');
  });

  it.each([
    ['error:500', 502, 'UPSTREAM_ERROR'],
    ['error:503', 502, 'UPSTREAM_ERROR'],
    ['error:401', 502, 'AUTHENTICATION_ERROR'],
    ['error:429', 429, 'RATE_LIMIT_EXCEEDED'],
    ['garbage', 502, 'PROTOCOL_ERROR'],
  ])('maps the agent answering %s to %i %s and keeps serving', async (mode, status, code) => {
    const res = await api.post<ErrorBody>('/a2a/hello/invoke', { message: mode });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.requestId).toBeTruthy();
    expect((await api.post<TaskBody>('/a2a/hello/invoke', { message: 'ping' })).status).toBe(200);
  });

  it('times out a hanging agent with 504 after its timeoutMs', async () => {
    await api.createAgent({ name: 'slowpoke', endpointUrl: agents.v10.url, timeoutMs: 400 });
    const started = Date.now();
    const res = await api.post<ErrorBody>('/a2a/slowpoke/invoke', { message: 'hang' });
    expect(res.status).toBe(504);
    expect(res.body.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(3000);
  });

  it('enforces rateLimitRpm with 429 and Retry-After', async () => {
    await api.createAgent({ name: 'limited', endpointUrl: agents.v10.url, rateLimitRpm: 2 });
    const statuses: number[] = [];
    let last: { headers: Headers; body: ErrorBody } | undefined;
    for (let i = 0; i < 3; i++) {
      const res = await api.post<ErrorBody>('/a2a/limited/invoke', { message: 'ping' });
      statuses.push(res.status);
      last = res;
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(last?.body.code).toBe('RATE_LIMIT_EXCEEDED');
    expect(Number(last?.headers.get('retry-after'))).toBeGreaterThan(0);
  });

  it('records lastInteraction on the catalog (written behind, off the hot path)', async () => {
    await api.post('/a2a/hello/invoke', { message: 'ping' });
    const agent = (await api.get<{ items: AgentRead[] }>('/a2a?q=hello')).body.items.find(
      (a) => a.name === 'hello',
    )!;
    await new Promise((r) => setTimeout(r, 2500));
    const after = await api.get<AgentRead>(`/a2a/${agent.id}`);
    expect(after.body.lastInteraction).not.toBeNull();
  });

  it('answers 100 concurrent calls to a hanging agent with clean timeouts and keeps serving', async () => {
    await api.createAgent({ name: 'hanger', endpointUrl: agents.v10.url, timeoutMs: 1000 });
    const started = Date.now();
    const calls = Array.from({ length: 100 }, () =>
      api.post<ErrorBody>('/a2a/hanger/invoke', { message: 'hang' }),
    );
    const healthy = await api.post<TaskBody>('/a2a/hello/invoke', { message: 'ping' });
    expect(healthy.status).toBe(200);
    expect((await api.get('/ready', { token: null })).status).toBe(200);
    const results = await Promise.all(calls);
    // Once the breaker opens, the rest are refused at once with 503 instead of waiting.
    expect(
      results.every(
        (r) =>
          (r.status === 504 && r.body.code === 'TIMEOUT') ||
          (r.status === 503 && r.body.code === 'AGENT_UNAVAILABLE'),
      ),
    ).toBe(true);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect((await api.post<TaskBody>('/a2a/hello/invoke', { message: 'ping' })).status).toBe(200);
  });
});

describe('circuit breaker', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  beforeAll(async () => {
    agent = await startHelloAgentProcess('1.0');
    api = await TestApi.start({
      A2A_CIRCUIT_FAILURE_THRESHOLD: '2',
      A2A_CIRCUIT_COOLDOWN_MS: '400',
      A2A_MAX_RETRIES: '0',
    });
    await api.reset();
    await api.post('/a2a', validAgent({ name: 'flaky', endpointUrl: agent.url }));
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
  });

  it('opens after consecutive failures, refuses at once, then lets a trial through after the cool-down', async () => {
    expect((await api.post('/a2a/flaky/invoke', { message: 'error:500' })).status).toBe(502);
    expect((await api.post('/a2a/flaky/invoke', { message: 'error:500' })).status).toBe(502);
    const open = await api.post<ErrorBody>('/a2a/flaky/invoke', { message: 'ping' });
    expect(open.status).toBe(503);
    expect(open.body.code).toBe('AGENT_UNAVAILABLE');
    expect(Number(open.headers.get('retry-after'))).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 500));
    expect((await api.post('/a2a/flaky/invoke', { message: 'ping' })).status).toBe(200);
    expect((await api.post('/a2a/flaky/invoke', { message: 'ping' })).status).toBe(200);
  });
});
