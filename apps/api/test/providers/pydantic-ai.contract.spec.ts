import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import { PYDANTIC_TOKEN, startPydanticAIFake, type PydanticAIFake } from './fakes/pydantic-ai.fake';
import {
  answerText,
  callsOf,
  streamedText,
  type InvokeBody,
  proxySend,
  FAULT_MAPPINGS,
  expectFaultMapped,
} from './provider-contract';

type Task = NonNullable<InvokeBody['task']> & { history?: { role: string; contextId?: string }[] };
type Rpc = { method: string; params: { message?: Record<string, unknown>; id?: string } };

describe('provider pydantic-ai: a Pydantic AI agent served by FastA2A through the gateway', () => {
  let api: TestApi;
  let fake: PydanticAIFake;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'pyd',
      endpointUrl: fake.url,
      provider: 'pydantic-ai',
      providerConfig: { pollIntervalMs: 50 },
      authType: 'bearer',
      auth: { token: PYDANTIC_TOKEN },
      timeoutMs: 5000,
      ...overrides,
    });
  const rpcCalls = () => fake.requests.filter((r) => r.method === 'POST').map((r) => r.body as Rpc);

  beforeAll(async () => {
    fake = await startPydanticAIFake();
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    fake.requests.length = 0;
  });
  afterAll(async () => {
    await api.close();
    await fake.close();
  });

  it('registers with its config checked and defaults filled in', async () => {
    const res = await register({ providerConfig: {} });
    expect(res.status).toBe(201);
    expect(res.body.providerConfig).toEqual({ pollIntervalMs: 500 });
  });

  it.each([
    [{ pollIntervalMs: 10 }, 'providerConfig.pollIntervalMs'],
    [{ pollIntervalMs: 'fast' }, 'providerConfig.pollIntervalMs'],
    [{ pollIntervalMs: 100, model: 'x' }, 'providerConfig'],
  ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
    const res = await register({ providerConfig });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
    expect(res.body.message).toContain('pydantic-ai');
  });

  it('invokes: sends a FastA2A message, polls the submitted task and answers it completed', async () => {
    await register();
    const res = await api.post<{ task: Task }>('/a2a/pyd/invoke', { message: 'hello' });
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(answerText(res.body)).toBe('echo: hello (turns: 1)');
    const calls = rpcCalls();
    expect(calls[0].method).toBe('message/send');
    expect(calls.slice(1).every((c) => c.method === 'tasks/get')).toBe(true);
    expect(calls.length).toBeGreaterThan(1);
    // FastA2A's shapes: kind on the message and its parts, no nulls anywhere.
    expect(calls[0].params.message).toMatchObject({
      kind: 'message',
      role: 'user',
      parts: [{ kind: 'text' }],
    });
    expect(fake.requests.every((r) => !r.raw.toString().includes('null'))).toBe(true);
    expect(callsOf(api, 'pyd')).toMatchObject({ invocations: 1, failures: 0 });
  });

  it('proves the fake refuses what FastA2A refuses: a null optional field, a part without kind', async () => {
    const post = (message: object) =>
      fetch(fake.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${PYDANTIC_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message } }),
      }).then((r) => r.json());
    const valid = { kind: 'message', role: 'user', messageId: 'm1', parts: [{ kind: 'text', text: 'x' }] };
    expect(await post({ ...valid, contextId: null })).toMatchObject({ error: { code: -32600 } });
    expect(await post({ ...valid, parts: [{ text: 'x' }] })).toMatchObject({ error: { code: -32600 } });
    expect(await post(valid)).toMatchObject({ result: { kind: 'task', status: { state: 'submitted' } } });
  });

  it('keeps the conversation per contextId and per caller, showing callers only their own contextId', async () => {
    await register();
    const first = await api.post<{ task: Task }>('/a2a/pyd/invoke', { message: 'one' });
    const contextId = first.body.task.contextId;
    const second = await api.post<{ task: Task }>('/a2a/pyd/invoke', { message: 'two', contextId });
    expect(answerText(second.body)).toBe('echo: two (turns: 2)');
    expect(second.body.task.contextId).toBe(contextId);
    expect(second.body.task.history?.every((m) => m.contextId === contextId)).toBe(true);
    // FastA2A keys the conversation by the contextId it is sent: one scoped to the caller, not theirs.
    const upstream = fake.tasks.get(second.body.task.id)?.contextId as string;
    expect(upstream).not.toBe(contextId);
    expect(upstream.endsWith(`:${contextId}`)).toBe(true);

    const other = await api.createUser('other@example.com', 'admin');
    const theirs = await api.post<{ task: Task }>(
      '/a2a/pyd/invoke',
      { message: 'three', contextId },
      { token: other },
    );
    expect(answerText(theirs.body)).toBe('echo: three (turns: 1)');
    expect(theirs.body.task.contextId).toBe(contextId);
    // …and cannot read the first caller's task.
    const peek = await api.get<ErrorBody>(`/a2a/pyd/tasks/${second.body.task.id}`, { token: other });
    expect(peek.status).toBe(404);
  });

  it('answers the submitted task at once with returnImmediately; the task is then followed by id', async () => {
    await register();
    const res = await api.post<{ task: Task }>('/a2a/pyd/invoke', {
      message: 'later',
      configuration: { returnImmediately: true },
    });
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_SUBMITTED');
    expect(rpcCalls().map((c) => c.method)).toEqual(['message/send']);
    const done = await api.get<Task>(`/a2a/pyd/tasks/${res.body.task.id}/wait?timeoutMs=3000`);
    expect(done.status).toBe(200);
    expect(done.body.status.state).toBe('TASK_STATE_COMPLETED');
    expect(answerText({ task: done.body })).toBe('echo: later (turns: 1)');
    expect(done.body.contextId).toBe(res.body.task.contextId);
  });

  it('streams by polling: the task, its state changes and its artifact, never calling message/stream', async () => {
    await register();
    const res = await api.sse('/a2a/pyd/stream', { message: 'stream me' });
    expect(res.status).toBe(200);
    const streamed = streamedText(res.events);
    expect(streamed.text).toBe('echo: stream me (turns: 1)');
    expect(streamed.state).toBe('TASK_STATE_COMPLETED');
    const kinds = res.events.map((e) => e.event);
    expect(kinds[0]).toBe('task');
    expect(kinds).toContain('artifact-update');
    expect(kinds[kinds.length - 1]).toBe('status-update');
    const states = res.events
      .map((e) => (e.data as { statusUpdate?: { status: { state: string } } }).statusUpdate?.status.state)
      .filter(Boolean);
    expect(states).toEqual(['TASK_STATE_WORKING', 'TASK_STATE_COMPLETED']);
    expect(rpcCalls().some((c) => c.method === 'message/stream')).toBe(false);

    const task = await api.get<Task>(`/a2a/pyd/tasks/${streamed.taskId}`);
    expect(task.status).toBe(200);
    expect(task.body.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('lets an A2A client re-attach to a running task (SubscribeToTask), by polling too', async () => {
    await register();
    const started = await api.post<{ task: Task }>('/a2a/pyd/invoke', {
      message: 'fault:slow subscribe',
      configuration: { returnImmediately: true },
    });
    const res = await api.sse(
      '/a2a/pyd/jsonrpc',
      { jsonrpc: '2.0', id: 2, method: 'SubscribeToTask', params: { id: started.body.task.id } },
      { headers: { 'a2a-version': '1.0' } },
    );
    expect(res.status).toBe(200);
    const results = res.events.map((e) => e.data.result as Record<string, unknown>);
    const streamed = streamedText(results.map((data) => ({ data })));
    expect(streamed.taskId).toBe(started.body.task.id);
    expect(streamed.state).toBe('TASK_STATE_COMPLETED');
    expect(streamed.text).toBe('echo: fault:slow subscribe (turns: 1)');
  });

  it('sends data parts as JSON text, since Pydantic AI fails a task that has one', async () => {
    await register();
    const res = await api.post<{ task: Task }>('/a2a/pyd/invoke', {
      message: { parts: [{ data: { city: 'Oslo' } }] },
    });
    expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(answerText(res.body)).toBe('echo: {"city":"Oslo"} (turns: 1)');
    expect(rpcCalls()[0].params.message?.parts).toEqual([{ kind: 'text', text: '{"city":"Oslo"}' }]);
  });

  it('reports a task the agent failed as a FAILED task', async () => {
    await register();
    const res = await api.post<{ task: Task }>('/a2a/pyd/invoke', { message: 'fault:fail' });
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_FAILED');
  });

  it('cancels through tasks/cancel: a finished task is not cancelable, a running one says what FastA2A says', async () => {
    await register();
    const done = await api.post<{ task: Task }>('/a2a/pyd/invoke', { message: 'quick' });
    const late = await api.post<ErrorBody>(`/a2a/pyd/tasks/${done.body.task.id}/cancel`);
    expect(late.status).toBe(409);
    expect(late.body.code).toBe('TASK_NOT_CANCELABLE');

    const slow = await api.post<{ task: Task }>('/a2a/pyd/invoke', {
      message: 'fault:slow',
      configuration: { returnImmediately: true },
    });
    const res = await api.post<Task>(`/a2a/pyd/tasks/${slow.body.task.id}/cancel`);
    expect(res.status).toBe(200);
    // Pydantic AI's worker ignores cancels: the task keeps going, and the answer does not pretend otherwise.
    expect(['TASK_STATE_SUBMITTED', 'TASK_STATE_WORKING']).toContain(res.body.status.state);
    expect(rpcCalls().some((c) => c.method === 'tasks/cancel' && c.params.id === slow.body.task.id)).toBe(
      true,
    );
  });

  it('stops polling at the agent timeout', async () => {
    await register({ timeoutMs: 400 });
    const started = Date.now();
    const res = await api.post<ErrorBody>('/a2a/pyd/invoke', { message: 'fault:slow' });
    expect(res.status).toBe(504);
    expect(res.body.code).toBe('TIMEOUT');
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('answers A2A clients through the proxy, with FastA2A’s card and streaming on', async () => {
    await register();
    const card = await api.get<{ name: string; capabilities: { streaming: boolean } }>(
      '/a2a/pyd/.well-known/agent-card.json',
    );
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({ name: 'echo_agent', capabilities: { streaming: true } });
    expect(fake.requests.some((r) => r.path === '/.well-known/agent.json')).toBe(true);
    const rpc = await proxySend(api, 'pyd', 'via rpc');
    expect(rpc.status).toBe(200);
    expect(answerText(rpc.body.result)).toBe('echo: via rpc (turns: 1)');
  });

  it.each(FAULT_MAPPINGS)(
    'maps the provider answering %s to %i %s, naming the provider',
    async (...fault) => {
      await register();
      await expectFaultMapped(api, 'pyd', 'Pydantic AI', fault);
    },
  );

  it('maps a JSON-RPC error of the agent (unknown task) to 404 TASK_NOT_FOUND', async () => {
    await register();
    const first = await api.post<{ task: Task }>('/a2a/pyd/invoke', { message: 'hello' });
    fake.tasks.delete(first.body.task.id);
    const res = await api.get<ErrorBody>(`/a2a/pyd/tasks/${first.body.task.id}`);
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('TASK_NOT_FOUND');
    expect(res.body.message).toContain('Pydantic AI');
    // The agent's JSON-RPC error, as it sent it.
    expect(res.body.details?.rpcError).toEqual({ code: -32001, message: 'Task not found', dialect: '0.3' });
  });

  it('reports a wrong token as an authentication error, never leaking it', async () => {
    await register({ auth: { token: 'wrong-token' } });
    const res = await api.post<ErrorBody>('/a2a/pyd/invoke', { message: 'hi' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('AUTHENTICATION_ERROR');
    expect(res.text).not.toContain('wrong-token');
  });
});
