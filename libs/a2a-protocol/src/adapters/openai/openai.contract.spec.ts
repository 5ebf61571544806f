import { describeProviderContract, FAULT_CODES } from '../testing/provider-contract';
import { OPENAI_KEY, startOpenAIFake } from './openai.fake';

type Sent = { model: string; stream?: boolean; messages: { role: string; content: string }[] };

describeProviderContract({
  provider: 'openai',
  startFake: startOpenAIFake,
  agent: (fake) => ({
    name: 'chat',
    url: `${fake.url}/v1`,
    provider: 'openai',
    providerConfig: { model: 'gpt-test', systemPrompt: 'Be brief.' },
    authType: 'bearer',
    auth: { token: OPENAI_KEY },
  }),
  storedConfig: { model: 'gpt-test', systemPrompt: 'Be brief.', historyTurns: 20 },
  badConfigs: [
    [{}, 'providerConfig.model'],
    [{ model: 'gpt-test', temperature: 5 }, 'providerConfig.temperature'],
    [{ model: 'gpt-test', deployment: 'x' }, 'providerConfig'],
  ],
  wrongCredentials: () => ({ authType: 'bearer', auth: { token: 'sk-wrong-0123456789' } }),
  secrets: [OPENAI_KEY],
  reply: (text, turns) => `echo: ${text} (user turns: ${turns}, system: yes)`,
  messageCalls: (fake) => fake.requests,
  expectRequest: (request, text, stream) => {
    expect(`${request.method} ${request.path}`).toBe('POST /v1/chat/completions');
    expect(request.headers.authorization).toBe(`Bearer ${OPENAI_KEY}`);
    expect(request.headers['content-type']).toContain('application/json');
    const sent = request.body as Sent;
    expect(sent.messages.map((m) => [m.role, m.content])).toEqual([
      ['system', 'Be brief.'],
      ['user', text],
    ]);
    expect(sent.model).toBe('gpt-test');
    if (stream) expect(sent).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    else expect(sent.stream).toBeFalsy();
  },
  usage: { inputTokens: 20, outputTokens: 7, model: 'gpt-test' },
  answersTask: false,
  streamChunks: 4,
  conversations: 'per-caller',
  card: { name: 'chat', streaming: true },
  faults: FAULT_CODES,
  slow: { text: 'fault:hang', onTheWire: true },
});
