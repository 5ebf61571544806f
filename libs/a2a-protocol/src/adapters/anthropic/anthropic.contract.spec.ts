import { describeProviderContract, FAULT_CODES } from '../testing/provider-contract';
import { ANTHROPIC_KEY, startAnthropicFake } from './anthropic.fake';

type Sent = {
  model: string;
  max_tokens: number;
  stream?: boolean;
  system?: string;
  messages: { role: string; content: string }[];
};

describeProviderContract({
  provider: 'anthropic',
  startFake: startAnthropicFake,
  agent: (fake) => ({
    name: 'chat',
    url: fake.url,
    provider: 'anthropic',
    providerConfig: { model: 'claude-test', systemPrompt: 'Be brief.' },
    authType: 'api-key',
    auth: { apiKey: ANTHROPIC_KEY, headerName: 'x-api-key' },
  }),
  storedConfig: {
    model: 'claude-test',
    systemPrompt: 'Be brief.',
    maxTokens: 1024,
    anthropicVersion: '2023-06-01',
    historyTurns: 20,
  },
  badConfigs: [
    [{}, 'providerConfig.model'],
    [{ model: 'claude-test', temperature: 1.5 }, 'providerConfig.temperature'],
    [{ model: 'claude-test', anthropicVersion: 'latest' }, 'providerConfig.anthropicVersion'],
  ],
  wrongCredentials: () => ({
    authType: 'api-key',
    auth: { apiKey: 'sk-ant-wrong', headerName: 'x-api-key' },
  }),
  secrets: [ANTHROPIC_KEY],
  reply: (text, turns) => `echo: ${text} (user turns: ${turns}, system: yes)`,
  messageCalls: (fake) => fake.requests,
  expectRequest: (request, text, stream) => {
    expect(`${request.method} ${request.path}`).toBe('POST /v1/messages');
    expect(request.headers['x-api-key']).toBe(ANTHROPIC_KEY);
    expect(request.headers['anthropic-version']).toBe('2023-06-01');
    const sent = request.body as Sent;
    expect(sent.system).toBe('Be brief.');
    expect(sent.messages).toEqual([{ role: 'user', content: text }]);
    expect(sent).toMatchObject({ model: 'claude-test', max_tokens: 1024 });
    expect(Boolean(sent.stream)).toBe(stream);
  },
  usage: { inputTokens: 12, outputTokens: 7, model: 'claude-test' },
  answersTask: false,
  streamChunks: 4,
  conversations: 'per-caller',
  card: { name: 'chat', streaming: true },
  faults: FAULT_CODES,
  slow: { text: 'fault:hang', onTheWire: true },
});
