import { A2AErrorCode } from '../../errors/a2a-error';
import {
  answerText,
  contractSetup,
  describeProviderContract,
  failureOf,
  type AgentFixture,
} from '../testing/provider-contract';
import type { FakeServer } from '../testing/fake-http';
import { CUSTOM_TOKEN, startCustomFake } from './custom.fake';

const agent = (fake: FakeServer): AgentFixture => ({
  name: 'legacy',
  url: `${fake.url}/`,
  provider: 'custom',
  authType: 'headers',
  auth: { headers: { 'X-Custom-Token': CUSTOM_TOKEN } },
});

describeProviderContract({
  provider: 'custom',
  variant: 'ContextForge’s format',
  startFake: startCustomFake,
  agent,
  storedConfig: { format: 'contextforge', interactionType: 'query' },
  badConfigs: [
    [{ format: 'template' }, 'providerConfig.requestTemplate'],
    [{ format: 'template', requestTemplate: {} }, 'providerConfig.responsePath'],
    [{ format: 'xml' }, 'providerConfig.format'],
    [{ responsePath: 'a..b' }, 'providerConfig.responsePath'],
  ],
  wrongCredentials: () => ({ authType: 'headers', auth: { headers: { 'X-Custom-Token': 'not-the-token' } } }),
  secrets: [CUSTOM_TOKEN],
  reply: (text) => `echo: ${text} (query)`,
  messageCalls: (fake) => fake.requests,
  expectRequest: (request, text) => {
    expect(`${request.method} ${request.path}`).toBe('POST /');
    expect(request.headers['x-custom-token']).toBe(CUSTOM_TOKEN);
    expect(request.body).toEqual({
      interaction_type: 'query',
      parameters: { query: text },
      protocol_version: '1.0',
    });
  },
  answersTask: false,
  // The agent does not stream: a stream is a one-chunk task.
  streamChunks: 1,
  conversations: 'none',
  card: { name: 'legacy', streaming: false },
  faults: [
    ['fault:429', A2AErrorCode.RateLimitExceeded],
    ['fault:500', A2AErrorCode.UpstreamError],
    ['fault:503', A2AErrorCode.UpstreamError],
    ['fault:malformed', A2AErrorCode.ProtocolError],
  ],
  slow: { text: 'fault:hang', onTheWire: true },
});

describe('provider custom: what only plain JSON agents do', () => {
  const t = contractSetup({ startFake: startCustomFake, agent });
  const templated = (responsePath = 'data.answer'): Partial<AgentFixture> => ({
    name: 'templated',
    url: `${t.fake.url}/template`,
    providerConfig: {
      format: 'template',
      requestTemplate: { input: { question: '{{text}}' }, session: '{{contextId}}' },
      responsePath,
    },
  });

  it('sends the caller’s interaction type in ContextForge’s format', async () => {
    const name = t.register();
    const answer = await t.gateway.send(name, {
      message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'status?' }] },
      metadata: { interactionType: 'health_check' },
    });
    expect(answerText(answer)).toBe('echo: status? (health_check)');
    expect(t.fake.requests[0].body).toMatchObject({ interaction_type: 'health_check' });
  });

  it('hands a structured answer back as an A2A data part', async () => {
    const name = t.register();
    const answer = await t.gateway.send(name, {
      messageId: 'm1',
      role: 'ROLE_USER',
      parts: [{ data: { list: true } }],
    });
    expect('message' in answer && answer.message.parts).toEqual([
      { data: { items: [{ id: 1 }, { id: 2 }] }, mediaType: 'application/json' },
    ]);
    expect(t.fake.requests[0].body).toMatchObject({ parameters: { list: true } });
  });

  it('fills a request template and reads the answer at responsePath', async () => {
    const name = t.register(templated());
    const answer = await t.gateway.sendMessage(name, 'why?', { contextId: 'ctx-1' });
    expect(answerText(answer)).toBe('echo: why? [ctx-1]');
    expect(t.fake.requests[0].body).toEqual({ input: { question: 'why?' }, session: 'ctx-1' });
  });

  it('reports an answer missing at responsePath as a protocol error', async () => {
    const name = t.register(templated('data.missing'));
    const error = await failureOf(t.gateway.sendMessage(name, 'x'));
    expect(error.code).toBe(A2AErrorCode.ProtocolError);
    expect(error.message).toContain('responsePath "data.missing"');
    expect(error.message).toContain('Custom JSON');
  });
});
