import type { AgentRead } from '@switchboard/api-contract';
import { CustomFormatName1765370000000 } from '../../src/database/migrations/1765370000000-custom-format-name';
import { TestApi, type ErrorBody } from '../harness';
import type { FakeServer } from './fakes/fake-http';
import { CUSTOM_TOKEN, startCustomFake } from './fakes/custom.fake';
import { answerText, callsOf, streamedText, type InvokeBody } from './provider-contract';

describe('provider custom: plain JSON agents (ContextForge’s format and request templates) through the gateway', () => {
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
  const templated = {
    name: 'templated',
    endpointUrl: '',
    providerConfig: {
      format: 'template',
      requestTemplate: { input: { question: '{{text}}' }, session: '{{contextId}}' },
      responsePath: 'data.answer',
    },
  };

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

  it('speaks ContextForge’s format, interaction type included', async () => {
    expect((await register()).body.providerConfig).toEqual({
      format: 'contextforge',
      interactionType: 'query',
    });
    const res = await api.post<InvokeBody>('/a2a/legacy/invoke', {
      parameters: { query: 'status?' },
      interactionType: 'health_check',
    });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe('echo: status? (health_check)');
    expect(fake.requests[0].body).toEqual({
      interaction_type: 'health_check',
      parameters: { query: 'status?' },
      protocol_version: '1.0',
    });
    expect(callsOf(api, 'legacy')).toMatchObject({ invocations: 1, failures: 0 });
  });

  it('takes the format’s old name, seed000, and stores it as contextforge', async () => {
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
    const res = await api.post<InvokeBody>('/a2a/legacy/invoke', { parameters: { query: 'still?' } });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe('echo: still? (query)');
  });

  it('hands a structured answer back as an A2A data part', async () => {
    await register();
    const res = await api.post<{ message: { parts: { data?: unknown }[] } }>('/a2a/legacy/invoke', {
      message: { role: 'ROLE_USER', parts: [{ data: { list: true } }] },
    });
    expect(res.status).toBe(200);
    expect(res.body.message.parts).toEqual([
      { data: { items: [{ id: 1 }, { id: 2 }] }, mediaType: 'application/json' },
    ]);
  });

  it('fills a request template and reads the answer at responsePath', async () => {
    await register({ ...templated, endpointUrl: `${fake.url}/template` });
    const res = await api.post<InvokeBody>('/a2a/templated/invoke', { message: 'why?', contextId: 'ctx-1' });
    expect(res.status).toBe(200);
    expect(answerText(res.body)).toBe('echo: why? [ctx-1]');
    expect(fake.requests[0].body).toEqual({ input: { question: 'why?' }, session: 'ctx-1' });
  });

  it('streams as a one-chunk task (the agent does not stream)', async () => {
    await register();
    const res = await api.sse('/a2a/legacy/stream', { message: 'once' });
    const streamed = streamedText(res.events);
    expect(streamed).toMatchObject({ text: 'echo: once (query)', state: 'TASK_STATE_COMPLETED' });
    const card = await api.get<{ capabilities: { streaming: boolean } }>(
      '/a2a/legacy/.well-known/agent-card.json',
    );
    expect(card.body.capabilities.streaming).toBe(false);
  });

  it.each([
    [{ format: 'template' }, 'providerConfig.requestTemplate'],
    [{ format: 'template', requestTemplate: {} }, 'providerConfig.responsePath'],
    [{ format: 'xml' }, 'providerConfig.format'],
    [{ responsePath: 'a..b' }, 'providerConfig.responsePath'],
  ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
    const res = await register({ providerConfig });
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
  });

  it.each([
    ['fault:401', 502, 'AUTHENTICATION_ERROR'],
    ['fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
    ['fault:500', 502, 'UPSTREAM_ERROR'],
    ['fault:malformed', 502, 'PROTOCOL_ERROR'],
  ])('maps the agent answering %s to %i %s, naming the provider', async (text, status, code) => {
    await register();
    const res = await api.post<ErrorBody>('/a2a/legacy/invoke', { message: text });
    expect(res.status).toBe(status);
    expect(res.body.code).toBe(code);
    expect(res.body.message).toContain('Custom JSON');
    expect(res.text).not.toContain(CUSTOM_TOKEN);
    expect(callsOf(api, 'legacy').failures).toBe(1);
  });

  it('reports an answer missing at responsePath as a protocol error', async () => {
    await register({
      ...templated,
      endpointUrl: `${fake.url}/template`,
      providerConfig: { ...templated.providerConfig, responsePath: 'data.missing' },
    });
    const res = await api.post<ErrorBody>('/a2a/templated/invoke', { message: 'x' });
    expect(res.status).toBe(502);
    expect(res.body).toMatchObject({ code: 'PROTOCOL_ERROR' });
    expect(res.body.message).toContain('responsePath "data.missing"');
  });
});
