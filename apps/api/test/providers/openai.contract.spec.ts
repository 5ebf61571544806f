import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import type { FakeServer } from './fakes/fake-http';
import { OPENAI_KEY, startOpenAIFake } from './fakes/openai.fake';
import { answerText, callsOf, streamedText, type InvokeBody } from './provider-contract';

describe('provider openai: an OpenAI-compatible chat API through the gateway', () => {
  let api: TestApi;
  let fake: FakeServer;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'gpt',
      endpointUrl: `${fake.url}/v1`,
      provider: 'openai',
      providerConfig: { model: 'gpt-test', systemPrompt: 'Be brief.' },
      authType: 'bearer',
      auth: { token: OPENAI_KEY },
      timeoutMs: 5000,
      ...overrides,
    });

  beforeAll(async () => {
    fake = await startOpenAIFake();
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
    const res = await register();
    expect(res.status).toBe(201);
    expect(res.body.providerConfig).toEqual({
      model: 'gpt-test',
      systemPrompt: 'Be brief.',
      historyTurns: 20,
    });
  });

  it.each([
    [{}, 'providerConfig.model'],
    [{ model: 'gpt-test', temperature: 5 }, 'providerConfig.temperature'],
    [{ model: 'gpt-test', deployment: 'x' }, 'providerConfig'],
  ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
    const res = await register({ providerConfig });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
    expect(res.body.message).toContain('openai');
  });

  it('checks providerConfig again when an update changes the provider', async () => {
    const created = await register();
    const res = await api.request<ErrorBody>('PUT', `/a2a/${created.body.id}`, {
      body: { provider: 'anthropic' },
    });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain('providerConfig.model');
  });

  it('invokes: the answer is an A2A message with the usage the provider reported', async () => {
    await register();
    const res = await api.post<InvokeBody>('/a2a/gpt/invoke', { message: 'hello' });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe('echo: hello (user turns: 1, system: yes)');
    expect(res.body.message?.metadata?.usage).toEqual({
      inputTokens: 20,
      outputTokens: 7,
      model: 'gpt-test',
    });
    const sent = fake.requests[0].body as { model: string; messages: unknown[]; stream?: boolean };
    expect(sent.model).toBe('gpt-test');
    expect(sent.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'hello' },
    ]);
    expect(callsOf(api, 'gpt')).toMatchObject({
      invocations: 1,
      failures: 0,
      inputTokens: 20,
      outputTokens: 7,
    });
  });

  it('keeps the conversation per contextId and per caller', async () => {
    await register();
    const first = await api.post<InvokeBody>('/a2a/gpt/invoke', { message: 'one' });
    const contextId = first.body.message?.contextId as string;
    expect(contextId).toBeTruthy();
    const second = await api.post<InvokeBody>('/a2a/gpt/invoke', { message: 'two', contextId });
    expect(answerText(second.body)).toBe('echo: two (user turns: 2, system: yes)');
    expect((fake.requests[1].body as { messages: unknown[] }).messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'one' },
      { role: 'assistant', content: 'echo: one (user turns: 1, system: yes)' },
      { role: 'user', content: 'two' },
    ]);
    // Another user reusing the contextId starts from nothing: history is never shared across callers.
    const other = await api.createUser('other@example.com', 'admin');
    const theirs = await api.post<InvokeBody>(
      '/a2a/gpt/invoke',
      { message: 'three', contextId },
      { token: other },
    );
    expect(answerText(theirs.body)).toBe('echo: three (user turns: 1, system: yes)');
  });

  it('streams the deltas as artifact chunks of a task that stays readable', async () => {
    await register();
    const res = await api.sse('/a2a/gpt/stream', { message: 'stream me' });
    expect(res.status).toBe(200);
    const streamed = streamedText(res.events);
    expect(streamed.text).toBe('echo: stream me (user turns: 1, system: yes)');
    expect(streamed.state).toBe('TASK_STATE_COMPLETED');
    expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
    const sent = fake.requests[0].body as { stream: boolean; stream_options: unknown };
    expect(sent).toMatchObject({ stream: true, stream_options: { include_usage: true } });

    const task = await api.get<InvokeBody['task']>(`/a2a/gpt/tasks/${streamed.taskId}`);
    expect(task.status).toBe(200);
    expect(task.body?.status.state).toBe('TASK_STATE_COMPLETED');
    expect(task.body?.metadata?.usage).toMatchObject({ inputTokens: 20 });
    expect(callsOf(api, 'gpt')).toMatchObject({ inputTokens: 20 });
  });

  it('answers A2A clients through the proxy, with a card made from the catalog', async () => {
    await register({ description: 'A chat model' });
    const card = await api.get<{ name: string; description: string; capabilities: { streaming: boolean } }>(
      '/a2a/gpt/.well-known/agent-card.json',
    );
    expect(card.status).toBe(200);
    expect(card.body).toMatchObject({
      name: 'gpt',
      description: 'A chat model',
      capabilities: { streaming: true },
    });
    const rpc = await api.post<{ result: InvokeBody }>(
      '/a2a/gpt/jsonrpc',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'via rpc' }] } },
      },
      { headers: { 'a2a-version': '1.0' } },
    );
    expect(rpc.status).toBe(200);
    expect(answerText(rpc.body.result)).toBe('echo: via rpc (user turns: 1, system: yes)');
  });

  it.each([
    ['fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
    ['fault:500', 502, 'UPSTREAM_ERROR'],
    ['fault:503', 502, 'UPSTREAM_ERROR'],
    ['fault:malformed', 502, 'PROTOCOL_ERROR'],
    ['fault:shape', 502, 'PROTOCOL_ERROR'],
  ])('maps the provider answering %s to %i %s, naming the provider', async (text, status, code) => {
    await register();
    const res = await api.post<ErrorBody>('/a2a/gpt/invoke', { message: text });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toContain('OpenAI-compatible');
    if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
    expect(callsOf(api, 'gpt').failures).toBe(1);
    expect((await api.post('/a2a/gpt/invoke', { message: 'still fine' })).status).toBe(200);
  });

  it('retries a 503 before giving up, and never leaks the key', async () => {
    await register();
    const res = await api.post<ErrorBody>('/a2a/gpt/invoke', { message: 'fault:503' });
    expect(res.status).toBe(502);
    expect(fake.requests.length).toBeGreaterThan(1);
    expect(res.text).not.toContain(OPENAI_KEY);
  });

  it('reports a wrong key as an authentication error', async () => {
    await register({ auth: { token: 'sk-wrong' } });
    const res = await api.post<ErrorBody>('/a2a/gpt/invoke', { message: 'hi' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('AUTHENTICATION_ERROR');
    expect(res.text).not.toContain('sk-wrong');
  });
});
