import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import { ASSISTANT_ID, LANGGRAPH_KEY, startLangGraphFake, type LangGraphFake } from './fakes/langgraph.fake';
import { answerText, callsOf, streamedText, type InvokeBody, proxySend } from './provider-contract';

type Task = NonNullable<InvokeBody['task']> & { history?: { contextId?: string }[] };
type Rpc = { method: string; params: { id?: string; contextId?: string; message?: { contextId?: string } } };
type RunBody = {
  assistant_id: string;
  input: unknown;
  if_not_exists: string;
  on_disconnect: string;
  stream_mode?: string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A REST stream read event by event, so a test can act (cancel) while it runs. */
async function openStream(api: TestApi, path: string, body: unknown) {
  const res = await fetch(api.baseUrl + path, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: 'text/event-stream',
      authorization: `Bearer ${api.adminToken}`,
    },
    body: JSON.stringify(body),
  });
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const events: { event?: string; data: Record<string, any> }[] = [];
  const pump = async (until: () => boolean) => {
    while (!until()) {
      const { done, value } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const event = /^event: (.*)$/m.exec(block)?.[1];
        const data = block
          .split('\n')
          .filter((l) => l.startsWith('data: '))
          .map((l) => l.slice(6))
          .join('\n');
        events.push({ event, data: JSON.parse(data) });
      }
    }
  };
  return {
    events,
    /** Read until the first `task` event; its id. */
    async taskId(): Promise<string> {
      await pump(() => events.some((e) => e.data.task));
      return events.find((e) => e.data.task)?.data.task.id;
    },
    async rest() {
      await pump(() => false);
      return events;
    },
  };
}

async function eventually(check: () => boolean, ms = 2000) {
  const until = Date.now() + ms;
  while (!check() && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  return check();
}

describe('provider langgraph: a LangGraph Agent Server through the gateway', () => {
  let api: TestApi;
  let fake: LangGraphFake;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'lg',
      endpointUrl: fake.url,
      provider: 'langgraph',
      providerConfig: { assistantId: ASSISTANT_ID },
      authType: 'api-key',
      auth: { apiKey: LANGGRAPH_KEY, headerName: 'X-Api-Key' },
      timeoutMs: 5000,
      ...overrides,
    });
  const runsMode = { providerConfig: { assistantId: ASSISTANT_ID, mode: 'runs' } };
  const rpcCalls = () =>
    fake.requests.filter((r) => r.path === `/a2a/${ASSISTANT_ID}`).map((r) => r.body as Rpc);
  const runCalls = (kind: 'wait' | 'stream') => fake.requests.filter((r) => r.path.endsWith(`/runs/${kind}`));
  const cardProbes = () => fake.requests.filter((r) => r.path === '/.well-known/agent-card.json');

  beforeAll(async () => {
    fake = await startLangGraphFake();
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    fake.requests.length = 0;
    fake.setA2A(true);
  });
  afterAll(async () => {
    await api.close();
    await fake.close();
  });

  it('registers with its config checked and defaults filled in', async () => {
    const res = await register();
    expect(res.status).toBe(201);
    expect(res.body.providerConfig).toEqual({ assistantId: ASSISTANT_ID, mode: 'auto' });
  });

  it.each([
    [{}, 'providerConfig.assistantId'],
    [{ assistantId: 'my agent' }, 'providerConfig.assistantId'],
    [{ assistantId: ASSISTANT_ID, mode: 'graphql' }, 'providerConfig.mode'],
    [{ assistantId: ASSISTANT_ID, model: 'x' }, 'providerConfig'],
  ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
    const res = await register({ providerConfig });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
    expect(res.body.message).toContain('langgraph');
  });

  describe('through its A2A endpoint (auto, when the server has one)', () => {
    it('invokes with message/send on a thread scoped to the caller, probing the endpoint once', async () => {
      await register();
      const res = await api.post<{ task: Task }>('/a2a/lg/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText(res.body)).toBe('echo: hello (turns: 1)');
      const [call] = rpcCalls();
      expect(call.method).toBe('message/send');
      const threadId = call.params.message?.contextId as string;
      expect(threadId).toMatch(UUID);
      // The caller sees their own contextId, never the LangGraph thread.
      expect(res.body.task.contextId).not.toBe(threadId);
      expect(res.body.task.history?.every((m) => m.contextId === res.body.task.contextId)).toBe(true);
      expect(fake.requests.every((r) => r.headers['x-api-key'] === LANGGRAPH_KEY)).toBe(true);

      await api.post('/a2a/lg/invoke', { message: 'again' });
      expect(cardProbes()).toHaveLength(1);
      expect(cardProbes()[0].query.get('assistant_id')).toBe(ASSISTANT_ID);
      expect(callsOf(api, 'lg')).toMatchObject({ invocations: 2, failures: 0 });
    });

    it('keeps one thread per contextId and per caller', async () => {
      await register();
      const first = await api.post<{ task: Task }>('/a2a/lg/invoke', { message: 'one' });
      const contextId = first.body.task.contextId;
      const second = await api.post<{ task: Task }>('/a2a/lg/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe('echo: two (turns: 2)');
      const other = await api.createUser('other@example.com', 'admin');
      const theirs = await api.post<{ task: Task }>(
        '/a2a/lg/invoke',
        { message: 'three', contextId },
        { token: other },
      );
      expect(answerText(theirs.body)).toBe('echo: three (turns: 1)');
      const threads = rpcCalls().map((c) => c.params.message?.contextId);
      expect(threads[0]).toBe(threads[1]);
      expect(threads[2]).not.toBe(threads[0]);
    });

    it('streams the growing status messages as artifact chunks; GetTask reads the run back', async () => {
      await register();
      const res = await api.sse('/a2a/lg/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe('echo: stream me (turns: 1)');
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events[0].event).toBe('task');
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      expect(rpcCalls()[0].method).toBe('message/stream');

      const task = await api.get<Task>(`/a2a/lg/tasks/${streamed.taskId}`);
      expect(task.status).toBe(200);
      expect(task.body.status.state).toBe('TASK_STATE_COMPLETED');
      expect(task.body.contextId).toBe((res.events[0].data.task as Task).contextId);
      expect(answerText({ task: task.body })).toBe('echo: stream me (turns: 1)');
      const get = rpcCalls().find((c) => c.method === 'tasks/get');
      expect(get?.params).toMatchObject({
        id: streamed.taskId,
        contextId: rpcCalls()[0].params.message?.contextId,
      });
    });

    it('cancels a streamed run through the runs API (the A2A endpoint cannot)', async () => {
      await register();
      const stream = await openStream(api, '/a2a/lg/stream', { message: 'fault:slow take your time' });
      const taskId = await stream.taskId();
      const res = await api.post<Task>(`/a2a/lg/tasks/${taskId}/cancel`);
      expect(res.status).toBe(200);
      expect(res.body.status.state).toBe('TASK_STATE_CANCELED');
      const events = await stream.rest();
      expect(events[events.length - 1].data.statusUpdate?.status.state).toBe('TASK_STATE_CANCELED');
      const threadId = rpcCalls()[0].params.message?.contextId;
      expect(fake.requests.some((r) => r.path === `/threads/${threadId}/runs/${taskId}/cancel`)).toBe(true);
      expect(fake.runs.get(taskId)?.status).toBe('interrupted');
      expect((await api.get<Task>(`/a2a/lg/tasks/${taskId}`)).body.status.state).toBe('TASK_STATE_CANCELED');
      const again = await api.post<ErrorBody>(`/a2a/lg/tasks/${taskId}/cancel`);
      expect(again.status).toBe(409);
    });

    it('answers a run that raised as a FAILED task, and refuses file parts as the caller’s mistake', async () => {
      await register();
      const failed = await api.post<{ task: Task }>('/a2a/lg/invoke', { message: 'fault:error' });
      expect(failed.status).toBe(200);
      expect(failed.body.task.status.state).toBe('TASK_STATE_FAILED');

      const file = await api.post<ErrorBody>('/a2a/lg/invoke', {
        message: { parts: [{ url: 'https://example.com/report.pdf', mediaType: 'application/pdf' }] },
      });
      expect(file.status).toBe(400);
      expect(file.body.code).toBe('INVALID_REQUEST');
      expect(file.body.message).toContain('LangGraph');
    });

    it('keeps what it probed until the agent changes', async () => {
      const created = await register();
      expect((await api.post('/a2a/lg/invoke', { message: 'hi' })).status).toBe(200);
      fake.setA2A(false);
      const stale = await api.post<ErrorBody>('/a2a/lg/invoke', { message: 'hi' });
      expect(stale.status).toBe(502);
      expect(stale.body.message).toContain('404');
      await api.put(`/a2a/${created.body.id}`, { description: 'moved to an older server' });
      const res = await api.post<InvokeBody>('/a2a/lg/invoke', { message: 'hi' });
      expect(res.status).toBe(200);
      expect(res.body.message).toBeDefined();
      expect(cardProbes()).toHaveLength(2);
    });

    it('answers A2A clients through the proxy with the card LangGraph serves', async () => {
      await register();
      const card = await api.get<{ name: string; capabilities: { streaming: boolean } }>(
        '/a2a/lg/.well-known/agent-card.json',
      );
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({ name: 'agent', capabilities: { streaming: true } });
      const rpc = await proxySend(api, 'lg', 'via rpc');
      expect(rpc.status).toBe(200);
      expect(answerText(rpc.body.result)).toBe('echo: via rpc (turns: 1)');
    });
  });

  describe('through the threads/runs API', () => {
    it('falls back to runs/wait when the server has no A2A endpoint, reporting the run’s tokens', async () => {
      fake.setA2A(false);
      await register();
      const res = await api.post<InvokeBody>('/a2a/lg/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      expect(answerText(res.body)).toBe('echo: hello (turns: 1)');
      expect(res.body.message?.metadata?.usage).toEqual({
        inputTokens: 12,
        outputTokens: 4,
        model: 'fake-model',
      });
      const [run] = runCalls('wait');
      expect(run.path).toMatch(/^\/threads\/[0-9a-f-]{36}\/runs\/wait$/);
      expect(run.body as RunBody).toMatchObject({
        assistant_id: ASSISTANT_ID,
        input: { messages: [{ role: 'user', content: 'hello' }] },
        if_not_exists: 'create',
        on_disconnect: 'cancel',
      });
      expect(rpcCalls()).toHaveLength(0);
      expect(callsOf(api, 'lg')).toMatchObject({
        invocations: 1,
        failures: 0,
        inputTokens: 12,
        outputTokens: 4,
      });
    });

    it('keeps one thread per contextId and per caller; only this run’s tokens count', async () => {
      await register(runsMode);
      const first = await api.post<InvokeBody>('/a2a/lg/invoke', { message: 'one' });
      const contextId = first.body.message?.contextId as string;
      const second = await api.post<InvokeBody>('/a2a/lg/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe('echo: two (turns: 2)');
      expect(second.body.message?.contextId).toBe(contextId);
      // The thread holds 4 messages now; only the new AI message's usage is this call's.
      expect(second.body.message?.metadata?.usage).toMatchObject({ inputTokens: 36, outputTokens: 4 });
      const other = await api.createUser('other@example.com', 'admin');
      const theirs = await api.post<InvokeBody>(
        '/a2a/lg/invoke',
        { message: 'three', contextId },
        { token: other },
      );
      expect(answerText(theirs.body)).toBe('echo: three (turns: 1)');
      const [a, b, c] = runCalls('wait').map((r) => r.path);
      expect(a).toBe(b);
      expect(c).not.toBe(a);
      expect(a).not.toContain(contextId);
      expect(cardProbes()).toHaveLength(0);
    });

    it('streams the model’s tokens as artifact chunks of a task that stays readable', async () => {
      await register(runsMode);
      const res = await api.sse('/a2a/lg/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe('echo: stream me (turns: 1)');
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      expect((runCalls('stream')[0].body as RunBody).stream_mode).toEqual(['messages-tuple', 'values']);

      const task = await api.get<Task>(`/a2a/lg/tasks/${streamed.taskId}`);
      expect(task.body.status.state).toBe('TASK_STATE_COMPLETED');
      expect(task.body.metadata?.usage).toMatchObject({ inputTokens: 12, outputTokens: 5 });
      expect(callsOf(api, 'lg')).toMatchObject({ inputTokens: 12, outputTokens: 5 });
    });

    it('cancels a streamed run by hanging up, which LangGraph turns into a cancel (on_disconnect)', async () => {
      await register(runsMode);
      const stream = await openStream(api, '/a2a/lg/stream', { message: 'fault:slow take your time' });
      const taskId = await stream.taskId();
      const res = await api.post<Task>(`/a2a/lg/tasks/${taskId}/cancel`);
      expect(res.status).toBe(200);
      expect(res.body.status.state).toBe('TASK_STATE_CANCELED');
      const events = await stream.rest();
      expect(events[events.length - 1].data.statusUpdate?.status.state).toBe('TASK_STATE_CANCELED');
      const run = [...fake.runs.values()].at(-1);
      expect(await eventually(() => run?.status === 'interrupted')).toBe(true);
    });

    it('reports a run that raised as an agent error, on both paths', async () => {
      await register(runsMode);
      const res = await api.post<ErrorBody>('/a2a/lg/invoke', { message: 'fault:error' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('AGENT_ERROR');
      expect(res.body.message).toContain('LangGraph');
      expect(res.body.message).toContain('ValueError: the graph failed');
      const stream = await api.sse('/a2a/lg/stream', { message: 'fault:error' });
      const last = stream.events[stream.events.length - 1];
      expect(last.event).toBe('error');
      expect(last.data).toMatchObject({ code: 'AGENT_ERROR' });
    });

    it('answers A2A clients through the proxy, with a card made from the catalog', async () => {
      await register({ ...runsMode, description: 'A graph' });
      const card = await api.get<{ name: string; description: string }>(
        '/a2a/lg/.well-known/agent-card.json',
      );
      expect(card.body).toMatchObject({ name: 'lg', description: 'A graph' });
      expect(cardProbes()).toHaveLength(0);
    });
  });

  it('refuses mode "a2a" on a server without the A2A endpoint, naming LangGraph', async () => {
    fake.setA2A(false);
    await register({ providerConfig: { assistantId: ASSISTANT_ID, mode: 'a2a' } });
    const res = await api.post<ErrorBody>('/a2a/lg/invoke', { message: 'hi' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('UPSTREAM_ERROR');
    expect(res.body.message).toContain('LangGraph');
    expect(runCalls('wait')).toHaveLength(0);
  });

  it.each([
    ['auto', 'fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
    ['auto', 'fault:500', 502, 'UPSTREAM_ERROR'],
    ['auto', 'fault:malformed', 502, 'PROTOCOL_ERROR'],
    ['auto', 'fault:shape', 502, 'PROTOCOL_ERROR'],
    ['runs', 'fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
    ['runs', 'fault:500', 502, 'UPSTREAM_ERROR'],
    ['runs', 'fault:503', 502, 'UPSTREAM_ERROR'],
    ['runs', 'fault:malformed', 502, 'PROTOCOL_ERROR'],
    ['runs', 'fault:shape', 502, 'PROTOCOL_ERROR'],
  ])(
    '(mode %s) maps the provider answering %s to %i %s, naming the provider',
    async (mode, text, status, code) => {
      await register({ providerConfig: { assistantId: ASSISTANT_ID, mode } });
      const res = await api.post<ErrorBody>('/a2a/lg/invoke', { message: text });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain('LangGraph');
      if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
      expect(callsOf(api, 'lg').failures).toBe(1);
      expect((await api.post('/a2a/lg/invoke', { message: 'still fine' })).status).toBe(200);
    },
  );

  it('reports a wrong API key as an authentication error, never leaking it', async () => {
    await register({ auth: { apiKey: 'lsv2_wrong', headerName: 'X-Api-Key' } });
    const res = await api.post<ErrorBody>('/a2a/lg/invoke', { message: 'hi' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('AUTHENTICATION_ERROR');
    expect(res.text).not.toContain('lsv2_wrong');
  });
});
