import { OPENAI_KEY, startOpenAIFake } from './fakes/openai.fake';
import { describeChatProvider } from './chat-provider.contract';

type Sent = { messages: { role: string; content: string }[] };

describeChatProvider({
  provider: 'openai',
  label: 'OpenAI-compatible',
  startFake: startOpenAIFake,
  agent: (fake) => ({
    name: 'chat',
    endpointUrl: `${fake.url}/v1`,
    provider: 'openai',
    providerConfig: { model: 'gpt-test', systemPrompt: 'Be brief.' },
    authType: 'bearer',
    auth: { token: OPENAI_KEY },
  }),
  wrongKey: { auth: { token: 'sk-wrong' } },
  storedConfig: { model: 'gpt-test', systemPrompt: 'Be brief.', historyTurns: 20 },
  badConfigs: [
    [{}, 'providerConfig.model'],
    [{ model: 'gpt-test', temperature: 5 }, 'providerConfig.temperature'],
    [{ model: 'gpt-test', deployment: 'x' }, 'providerConfig'],
  ],
  conversation: (request) => (request.body as Sent).messages.map((m) => [m.role, m.content]),
  usage: { inputTokens: 20, outputTokens: 7, model: 'gpt-test' },
  streamRequest: (request) =>
    expect(request.body).toMatchObject({
      model: 'gpt-test',
      stream: true,
      stream_options: { include_usage: true },
    }),
});
