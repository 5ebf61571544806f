import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import type { FakeRequest, FakeServer } from './fakes/fake-http';
import {
  answerText,
  callsOf,
  expectFaultMapped,
  FAULT_MAPPINGS,
  proxySend,
  streamedText,
  type InvokeBody,
  type Usage,
} from './provider-contract';

/**
 * The contract every chat-style provider (OpenAI-compatible, Anthropic) keeps through the real gateway.
 * Their fakes answer `echo: <last user text> (user turns: N, system: yes|no)`, so the tests can see what
 * the adapter sent.
 */
export interface ChatProviderCase {
  provider: 'openai' | 'anthropic';
  /** How errors name the provider. */
  label: string;
  startFake(): Promise<FakeServer>;
  /** The registration body for an agent on `fake` (name "chat", system prompt "Be brief."). */
  agent(fake: FakeServer): Record<string, unknown>;
  /** The same agent with a wrong key. */
  wrongKey: Record<string, unknown>;
  /** providerConfig as stored after registration (defaults filled in). */
  storedConfig: Record<string, unknown>;
  /** providerConfigs that must be refused, with the field the 400 names. */
  badConfigs: [Record<string, unknown>, string][];
  /** The conversation the fake received: [role, text] pairs, system prompt included. */
  conversation(request: FakeRequest): [string, string][];
  /** What the first one-turn call reports (the fakes count tokens deterministically). */
  usage: Usage;
  /** Assertions on the streaming request's body. */
  streamRequest(request: FakeRequest): void;
}

export function describeChatProvider(c: ChatProviderCase) {
  describe(`provider ${c.provider}: ${c.label} through the gateway`, () => {
    let api: TestApi;
    let fake: FakeServer;
    const register = (overrides: Record<string, unknown> = {}) =>
      api.post<AgentRead & ErrorBody>('/a2a', { ...c.agent(fake), timeoutMs: 5000, ...overrides });
    const reply = (text: string, turns: number) => `echo: ${text} (user turns: ${turns}, system: yes)`;

    beforeAll(async () => {
      fake = await c.startFake();
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
      expect(res.body.providerConfig).toEqual(c.storedConfig);
    });

    it.each(c.badConfigs)('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
      const res = await register({ providerConfig });
      expect(res.status).toBe(400);
      expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
      expect(res.body.message).toContain(c.provider);
    });

    it('checks providerConfig again when an update changes the provider', async () => {
      const created = await register();
      const other = c.provider === 'openai' ? 'anthropic' : 'openai';
      const res = await api.request<ErrorBody>('PUT', `/a2a/${created.body.id}`, {
        body: { provider: other },
      });
      expect(res.status).toBe(400);
      expect(res.body.details?.issues?.map((i) => i.path)).toContain('providerConfig.model');
    });

    it('invokes: the answer is an A2A message with the usage the provider reported', async () => {
      await register();
      const res = await api.post<InvokeBody>('/a2a/chat/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      expect(answerText(res.body)).toBe(reply('hello', 1));
      expect(res.body.message?.metadata?.usage).toEqual(c.usage);
      expect(c.conversation(fake.requests[0])).toEqual([
        ['system', 'Be brief.'],
        ['user', 'hello'],
      ]);
      expect(callsOf(api, 'chat')).toEqual({
        invocations: 1,
        failures: 0,
        inputTokens: c.usage.inputTokens,
        outputTokens: c.usage.outputTokens,
      });
    });

    it('keeps the conversation per contextId and per caller', async () => {
      await register();
      const first = await api.post<InvokeBody>('/a2a/chat/invoke', { message: 'one' });
      const contextId = first.body.message?.contextId as string;
      expect(contextId).toBeTruthy();
      const second = await api.post<InvokeBody>('/a2a/chat/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe(reply('two', 2));
      expect(c.conversation(fake.requests[1])).toEqual([
        ['system', 'Be brief.'],
        ['user', 'one'],
        ['assistant', reply('one', 1)],
        ['user', 'two'],
      ]);
      // Another user reusing the contextId starts from nothing: history is never shared across callers.
      const other = await api.createUser('other@example.com', 'admin');
      const theirs = await api.post<InvokeBody>(
        '/a2a/chat/invoke',
        { message: 'three', contextId },
        { token: other },
      );
      expect(answerText(theirs.body)).toBe(reply('three', 1));
    });

    it('streams the deltas as artifact chunks of a task that stays readable', async () => {
      await register();
      const res = await api.sse('/a2a/chat/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe(reply('stream me', 1));
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      c.streamRequest(fake.requests[0]);

      const task = await api.get<InvokeBody['task']>(`/a2a/chat/tasks/${streamed.taskId}`);
      expect(task.status).toBe(200);
      expect(task.body?.status.state).toBe('TASK_STATE_COMPLETED');
      expect(task.body?.metadata?.usage).toMatchObject({ inputTokens: c.usage.inputTokens });
      expect(callsOf(api, 'chat')).toMatchObject({ inputTokens: c.usage.inputTokens });
    });

    it('answers A2A clients through the proxy, with a card made from the catalog', async () => {
      await register({ description: 'A chat model' });
      const card = await api.get<{ name: string; description: string; capabilities: { streaming: boolean } }>(
        '/a2a/chat/.well-known/agent-card.json',
      );
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({
        name: 'chat',
        description: 'A chat model',
        capabilities: { streaming: true },
      });
      const rpc = await proxySend(api, 'chat', 'via rpc');
      expect(rpc.status).toBe(200);
      expect(answerText(rpc.body.result)).toBe(reply('via rpc', 1));
    });

    it.each(FAULT_MAPPINGS)(
      'maps the provider answering %s to %i %s, naming the provider',
      async (...fault) => {
        await register();
        await expectFaultMapped(api, 'chat', c.label, fault);
      },
    );

    it('fails a stream cleanly when the provider fails mid-way, and keeps serving', async () => {
      await register();
      const res = await api.sse('/a2a/chat/stream', { message: 'fault:500' });
      expect(res.events.at(-1)?.event).toBe('error');
      expect(JSON.stringify(res.events.at(-1)?.data)).toContain('UPSTREAM_ERROR');
      expect((await api.post('/a2a/chat/invoke', { message: 'after' })).status).toBe(200);
    });

    it('retries a 503 before giving up, and never leaks the key', async () => {
      await register();
      const res = await api.post<ErrorBody>('/a2a/chat/invoke', { message: 'fault:503' });
      expect(res.status).toBe(502);
      expect(fake.requests.length).toBeGreaterThan(1);
      expect(res.text).not.toMatch(/sk-/);
    });

    it('reports a wrong key as an authentication error', async () => {
      await register(c.wrongKey);
      const res = await api.post<ErrorBody>('/a2a/chat/invoke', { message: 'hi' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('AUTHENTICATION_ERROR');
      expect(res.body.message).toContain(c.label);
      expect(res.text).not.toMatch(/sk-/);
    });
  });
}
