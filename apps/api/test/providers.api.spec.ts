import type { AgentRead } from '@switchboard/api-contract';
import {
  CUSTOM_TOKEN,
  OPENAI_KEY,
  startCustomFake,
  startOpenAIFake,
  type FakeServer,
} from '@switchboard/a2a-protocol/testing';
import { CustomFormatName1765370000000 } from '../src/database/migrations/1765370000000-custom-format-name';
import { TestApi, type ErrorBody } from './harness';

// What only the API adds to a provider agent; the adapters' own contract (wire format, text, streaming,
// faults, credentials, timeouts) is checked in libs/a2a-protocol (`*.contract.spec.ts`).

type Answer = {
  message?: { contextId?: string; parts: { text?: string }[]; metadata?: { usage?: unknown } };
};
const textOf = (answer: Answer | undefined) =>
  (answer?.message?.parts ?? []).map((p) => p.text ?? '').join('');
const reply = (text: string, turns: number) => `echo: ${text} (user turns: ${turns}, system: yes)`;

describe('provider agents through the API (an OpenAI-compatible one)', () => {
  let api: TestApi;
  let fake: FakeServer;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'chat',
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

  it('stores providerConfig with its defaults, refuses a bad one naming the field, and checks it again when the provider changes', async () => {
    const created = await register();
    expect(created.status).toBe(201);
    expect(created.body.providerConfig).toEqual({
      model: 'gpt-test',
      systemPrompt: 'Be brief.',
      historyTurns: 20,
    });
    const bad = await register({ name: 'bad', providerConfig: { model: 'gpt-test', temperature: 5 } });
    expect(bad.status).toBe(400);
    expect(bad.body.details?.issues?.map((i) => i.path)).toContain('providerConfig.temperature');
    expect(bad.body.message).toContain('openai');
    const switched = await api.request<ErrorBody>('PUT', `/a2a/${created.body.id}`, {
      body: { provider: 'anthropic' },
    });
    expect(switched.status).toBe(400);
    expect(switched.body.details?.issues?.map((i) => i.path)).toContain('providerConfig.model');
  });

  it('invokes over REST with the usage the provider reported, and keeps each signed-in caller’s conversation apart', async () => {
    await register();
    const first = await api.post<Answer>('/a2a/chat/invoke', { message: 'one' });
    expect(first.status).toBe(200);
    expect(textOf(first.body)).toBe(reply('one', 1));
    expect(first.body.message?.metadata?.usage).toEqual({
      inputTokens: 20,
      outputTokens: 7,
      model: 'gpt-test',
    });
    const contextId = first.body.message?.contextId;
    const second = await api.post<Answer>('/a2a/chat/invoke', { message: 'two', contextId });
    expect(textOf(second.body)).toBe(reply('two', 2));
    const other = await api.createUser('other@example.com', 'admin');
    const theirs = await api.post<Answer>(
      '/a2a/chat/invoke',
      { message: 'three', contextId },
      { token: other },
    );
    expect(textOf(theirs.body)).toBe(reply('three', 1));
  });

  it.each([
    ['fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
    ['fault:500', 502, 'UPSTREAM_ERROR'],
    ['fault:malformed', 502, 'PROTOCOL_ERROR'],
  ])(
    'answers the provider’s %s as HTTP %i %s, naming the provider, never the key',
    async (text, status, code) => {
      await register();
      const res = await api.post<ErrorBody>('/a2a/chat/invoke', { message: text });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain('OpenAI-compatible');
      if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
      expect(res.text).not.toContain(OPENAI_KEY);
    },
  );

  it('answers A2A clients through the proxy, with a card made from the catalog', async () => {
    await register({ description: 'A chat model' });
    const card = await api.get<{ name: string; description: string; capabilities: { streaming: boolean } }>(
      '/a2a/chat/.well-known/agent-card.json',
    );
    expect(card.body).toMatchObject({
      name: 'chat',
      description: 'A chat model',
      capabilities: { streaming: true },
    });
    const rpc = await api.post<{ result: Answer }>(
      '/a2a/chat/jsonrpc',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'via rpc' }] } },
      },
      { headers: { 'a2a-version': '1.0' } },
    );
    expect(rpc.status).toBe(200);
    expect(textOf(rpc.body.result)).toBe(reply('via rpc', 1));
  });
});

describe('a custom (ContextForge-format) agent through the API: the format’s old name', () => {
  let api: TestApi;
  let fake: FakeServer;
  const register = (overrides: Record<string, unknown> = {}) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name: 'legacy',
      endpointUrl: `${fake.url}/`,
      provider: 'custom',
      authType: 'headers',
      auth: { headers: { 'X-Custom-Token': CUSTOM_TOKEN } },
      timeoutMs: 5000,
      ...overrides,
    });
  const invoke = (query: string) =>
    api.post<Answer>('/a2a/legacy/invoke', { parameters: { query } });

  beforeAll(async () => {
    fake = await startCustomFake();
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

  it('takes seed000 and stores it as contextforge; an unknown format is a 400 naming it', async () => {
    const res = await register({ providerConfig: { format: 'seed000' } });
    expect(res.status).toBe(201);
    expect(res.body.providerConfig).toEqual({ format: 'contextforge', interactionType: 'query' });
    const bad = await register({ name: 'bad', providerConfig: { format: 'seed001' } });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('providerConfig.format');
  });

  it('renames seed000 in stored agents (migration), and those agents answer as before', async () => {
    const { id } = (await register()).body;
    // As an agent saved before the rename was stored.
    await api.db.query(
      `UPDATE agents SET provider_config = jsonb_set(provider_config, '{format}', '"seed000"') WHERE id = $1`,
      [id],
    );
    const runner = api.db.createQueryRunner();
    try {
      await new CustomFormatName1765370000000().up(runner);
    } finally {
      await runner.release();
    }
    const [row] = await api.db.query(`SELECT provider_config FROM agents WHERE id = $1`, [id]);
    expect(row.provider_config).toEqual({ format: 'contextforge', interactionType: 'query' });
    const res = await invoke('still?');
    expect(res.status).toBe(200);
    expect(textOf(res.body)).toBe('echo: still? (query)');
  });
});
