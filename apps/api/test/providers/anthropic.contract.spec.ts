import { ANTHROPIC_KEY, startAnthropicFake } from './fakes/anthropic.fake';
import { describeChatProvider } from './chat-provider.contract';

type Sent = { system?: string; messages: { role: string; content: string }[] };

describeChatProvider({
  provider: 'anthropic',
  label: 'Anthropic',
  startFake: startAnthropicFake,
  agent: (fake) => ({
    name: 'chat',
    endpointUrl: fake.url,
    provider: 'anthropic',
    providerConfig: { model: 'claude-test', systemPrompt: 'Be brief.' },
    authType: 'api-key',
    auth: { apiKey: ANTHROPIC_KEY, headerName: 'x-api-key' },
  }),
  wrongKey: { auth: { apiKey: 'sk-ant-wrong', headerName: 'x-api-key' } },
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
  conversation: (request) => {
    const sent = request.body as Sent;
    return [
      ...(sent.system ? ([['system', sent.system]] as [string, string][]) : []),
      ...sent.messages.map((m): [string, string] => [m.role, m.content]),
    ];
  },
  usage: { inputTokens: 12, outputTokens: 7, model: 'claude-test' },
  streamRequest: (request) =>
    expect(request.body).toMatchObject({ model: 'claude-test', stream: true, max_tokens: 1024 }),
});
