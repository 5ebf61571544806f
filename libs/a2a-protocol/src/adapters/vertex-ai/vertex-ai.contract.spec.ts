import { A2AErrorCode } from '../../errors/a2a-error';
import type { Task } from '../../types/a2a.schemas';
import type { FakeRequest } from '../testing/fake-http';
import {
  answerText,
  collect,
  contractSetup,
  describeProviderContract,
  failureOf,
  FAULT_CODES,
  streamedText,
  usageOf,
  type AgentFixture,
  type ProviderContract,
} from '../testing/provider-contract';
import {
  CLOUD_PLATFORM,
  GOOGLE_TOKEN_AUD,
  serviceAccountKey,
  startVertexFake,
  type VertexFake,
} from './vertex-ai.fake';

const EMAIL = 'gateway@fake-project.iam.gserviceaccount.com';
const ENGINE_PATH = '/projects/fake-project/locations/us-central1/reasoningEngines';

type Fake = VertexFake & { key: ReturnType<typeof serviceAccountKey> };
type QueryBody = { class_method: string; input: Record<string, unknown> };

/** The fake engine API with a service-account key it trusts. */
async function startFake(): Promise<Fake> {
  const fake = await startVertexFake({
    projectId: 'fake-project',
    location: 'us-central1',
    engines: { 'a2a-engine': 'a2a', 'adk-engine': 'adk', 'lc-engine': 'langchain', 'my-engine': 'custom' },
  });
  const key = serviceAccountKey(EMAIL, `${fake.url}/token`);
  fake.trust(EMAIL, key.publicKey);
  return Object.assign(fake, { key });
}

const agent =
  (name: string, providerConfig: Record<string, unknown>) =>
  (fake: Fake): AgentFixture => ({
    name,
    url: fake.url,
    provider: 'vertex-ai',
    providerConfig: { projectId: 'fake-project', location: 'us-central1', ...providerConfig },
    authType: 'google-service-account',
    auth: { credentialsJson: fake.key.credentialsJson },
  });
const a2aAgent = agent('vx', { reasoningEngineId: 'a2a-engine' });
const adkAgent = agent('adk', { reasoningEngineId: 'adk-engine', mode: 'query' });
/** The calls to the engine API (token requests left out). */
const engineCalls = (fake: Fake) => fake.requests.filter((r) => r.path !== '/token');
const tokenCalls = (fake: Fake) => fake.requests.filter((r) => r.path === '/token');
const bodyOf = (r: FakeRequest) => r.body as QueryBody;
const stranger = (fake: Fake) => ({
  authType: 'google-service-account' as const,
  auth: { credentialsJson: serviceAccountKey(EMAIL, `${fake.url}/token`).credentialsJson },
});
const bearerOfLastToken = (fake: Fake, request: FakeRequest) =>
  expect(request.headers.authorization).toBe(`Bearer ${fake.issued.at(-1)?.token}`);

const common: Pick<
  ProviderContract<Fake>,
  | 'provider'
  | 'startFake'
  | 'badConfigs'
  | 'wrongCredentials'
  | 'secrets'
  | 'streamChunks'
  | 'conversations'
  | 'slow'
> & { faults: ProviderContract<Fake>['faults'] } = {
  provider: 'vertex-ai',
  startFake,
  badConfigs: [
    [{}, 'providerConfig.projectId'],
    [{ projectId: 'p', location: 'l' }, 'providerConfig.reasoningEngineId'],
    [{ projectId: 'p', location: 'l', reasoningEngineId: 'e', mode: 'rest' }, 'providerConfig.mode'],
    [{ projectId: 'p', location: 'l', reasoningEngineId: 'e', template: 'ag2' }, 'providerConfig.template'],
    [
      { projectId: 'p', location: 'l', reasoningEngineId: 'e', classMethod: 'two words' },
      'providerConfig.classMethod',
    ],
    [{ projectId: 'p', location: 'l', reasoningEngineId: 'e', model: 'gemini' }, 'providerConfig'],
  ],
  wrongCredentials: stranger,
  secrets: ['PRIVATE KEY'],
  streamChunks: 4,
  conversations: 'per-caller',
  faults: [['fault:401', A2AErrorCode.AuthenticationError], ...FAULT_CODES],
  slow: { text: 'fault:hang', onTheWire: true },
};

const defaults = {
  template: 'adk',
  classMethod: 'query',
  streamClassMethod: 'stream_query',
  historyTurns: 20,
};

describeProviderContract<Fake>({
  ...common,
  variant: 'mode a2a: an engine deployed from the A2A template',
  // The engine is an A2A agent: its context is keyed by the contextId as the caller sent it, as for any
  // A2A agent behind the gateway (ADK sessions in mode query are the caller's own).
  conversations: 'as-sent',
  agent: a2aAgent,
  storedConfig: {
    projectId: 'fake-project',
    location: 'us-central1',
    reasoningEngineId: 'a2a-engine',
    mode: 'a2a',
    ...defaults,
  },
  reply: (text, turn) => `echo: ${text} (context turn ${turn})`,
  messageCalls: (fake) => fake.requests.filter((r) => /\/a2a\/v1\/message:(send|stream)$/.test(r.path)),
  expectRequest: (request, text, stream) => {
    expect(`${request.method} ${request.path}`).toBe(
      `POST /v1beta1${ENGINE_PATH}/a2a-engine/a2a/v1/message:${stream ? 'stream' : 'send'}`,
    );
    expect(request.headers.authorization).toMatch(/^Bearer /);
    // Proto JSON: the message's parts are `content`, the role an enum; blocking so the answer is final.
    expect(request.body).toMatchObject({ message: { role: 'ROLE_USER', content: [{ text }] } });
    if (!stream) expect(request.body).toMatchObject({ configuration: { blocking: true } });
  },
  answersTask: true,
  card: { name: 'fake_agent', streaming: true },
});

describeProviderContract<Fake>({
  ...common,
  variant: 'mode query, template adk',
  agent: adkAgent,
  storedConfig: {
    projectId: 'fake-project',
    location: 'us-central1',
    reasoningEngineId: 'adk-engine',
    mode: 'query',
    ...defaults,
  },
  reply: (text, turn) => `echo: ${text} (session turn ${turn})`,
  messageCalls: (fake) => fake.requests.filter((r) => r.path.endsWith(':streamQuery')),
  expectRequest: (request, text) => {
    expect(`${request.method} ${request.path}?${request.query}`).toBe(
      `POST /v1${ENGINE_PATH}/adk-engine:streamQuery?alt=sse`,
    );
    expect(bodyOf(request)).toEqual({
      class_method: 'stream_query',
      input: {
        message: text,
        user_id: expect.stringMatching(/^switchboard-/),
        session_id: expect.any(String),
      },
    });
  },
  // The thought and the tool call are not answer text; every model call's tokens count.
  usage: { inputTokens: 30, outputTokens: 8, model: 'gemini-2.5-flash' },
  answersTask: false,
  card: { name: 'adk', streaming: true },
});

describe('provider vertex-ai: what only Vertex AI Agent Engine does', () => {
  const t = contractSetup<Fake>({ startFake, agent: a2aAgent });
  beforeEach(() => {
    t.fake.sseFraming = 'sse';
    t.fake.tokenTtlSeconds = 3600;
  });
  const registerAdk = () => t.register(adkAgent(t.fake));
  const taskOf = (answer: unknown) => (answer as { task: Task }).task;

  describe('mode a2a', () => {
    it('reads the engine’s card under v1beta1 first, and counts the ADK usage of a call and of a stream', async () => {
      const name = t.register();
      await t.gateway.sendMessage(name, 'hello');
      const [card] = engineCalls(t.fake);
      expect(`${card.method} ${card.path}`).toBe(`GET /v1beta1${ENGINE_PATH}/a2a-engine/a2a/v1/card`);
      expect(t.stats(name)).toMatchObject({ inputTokens: 12, outputTokens: 5 });
      await collect(t.gateway.sendMessageStream(name, 'stream me'));
      expect(t.stats(name)).toMatchObject({ inputTokens: 24, outputTokens: 11 });
    });

    it('follows a task that needs input: get, cancel, not cancelable twice; the context goes on', async () => {
      const name = t.register();
      const task = taskOf(await t.gateway.sendMessage(name, 'ask: weather', { callerId: 'alice' }));
      expect(task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(answerText({ message: task.status.message! })).toBe('Which city?');
      const read = await t.gateway.getTask(name, task.id, { callerId: 'alice' });
      expect(read.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(
        engineCalls(t.fake).some((r) => r.method === 'GET' && r.path.endsWith(`/a2a/v1/tasks/${task.id}`)),
      ).toBe(true);
      const canceled = await t.gateway.cancelTask(name, task.id, { callerId: 'alice' });
      expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
      const again = await failureOf(t.gateway.cancelTask(name, task.id, { callerId: 'alice' }));
      expect(again.code).toBe(A2AErrorCode.TaskNotCancelable);
      const next = await t.gateway.sendMessage(name, 'and now', {
        callerId: 'alice',
        contextId: task.contextId,
      });
      expect(answerText(next)).toBe('echo: and now (context turn 2)');
    });

    it('continues an interrupted task when the caller sends its taskId', async () => {
      const name = t.register();
      const task = taskOf(await t.gateway.sendMessage(name, 'ask: weather', { callerId: 'alice' }));
      const reply = await t.gateway.sendMessage(name, 'Paris', {
        callerId: 'alice',
        contextId: task.contextId,
        taskId: task.id,
      });
      expect(taskOf(reply).id).toBe(task.id);
      expect(answerText(reply)).toBe('echo: Paris (context turn 2, same task)');
    });

    it('reports a task the engine no longer has as TASK_NOT_FOUND', async () => {
      const name = t.register();
      const task = taskOf(await t.gateway.sendMessage(name, 'ask: weather'));
      t.fake.dropTasks();
      expect((await failureOf(t.gateway.getTask(name, task.id))).code).toBe(A2AErrorCode.TaskNotFound);
    });

    it('hands on the engine’s own card, skills included', async () => {
      const name = t.register();
      expect(await t.gateway.agentCard(name)).toMatchObject({ name: 'fake_agent', skills: [{ id: 'echo' }] });
    });
  });

  describe('mode query, template adk', () => {
    it('creates an ADK session of the caller, keyed by the contextId, before streaming the query', async () => {
      const name = registerAdk();
      const answer = await t.gateway.sendMessage(name, 'hello', { callerId: 'alice' });
      const [create, stream] = engineCalls(t.fake);
      expect(create.path).toBe(`/v1${ENGINE_PATH}/adk-engine:query`);
      expect(bodyOf(create)).toEqual({
        class_method: 'create_session',
        input: {
          user_id: expect.stringMatching(/^switchboard-/),
          state: { switchboard_context_id: 'message' in answer ? answer.message.contextId : undefined },
        },
      });
      expect(bodyOf(stream).input.user_id).toBe(bodyOf(create).input.user_id);
    });

    it('keeps one ADK session per contextId and per caller', async () => {
      const name = registerAdk();
      const first = await t.gateway.sendMessage(name, 'one', { callerId: 'alice' });
      const contextId = 'message' in first ? first.message.contextId : undefined;
      await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId });
      expect(engineCalls(t.fake).filter((r) => bodyOf(r).class_method === 'create_session')).toHaveLength(1);
      await t.gateway.sendMessage(name, 'three', { callerId: 'bob', contextId });
      expect(new Set(engineCalls(t.fake).map((r) => bodyOf(r).input.user_id)).size).toBe(2);
    });

    it('finds the session of a contextId again after the gateway forgot it', async () => {
      const name = registerAdk();
      const first = await t.gateway.sendMessage(name, 'one', { callerId: 'alice' });
      const contextId = 'message' in first ? first.message.contextId : undefined;
      // Registering the agent again (a configuration change) drops the adapter's cache, as a restart would.
      t.register({ ...adkAgent(t.fake), description: 'changed' });
      const again = await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId });
      expect(answerText(again)).toBe('echo: two (session turn 2)');
      expect(engineCalls(t.fake).map((r) => bodyOf(r).class_method)).toEqual([
        'create_session',
        'stream_query',
        'list_sessions',
        'stream_query',
      ]);
    });

    it('streams partial events without the final event repeating them; the task keeps the usage', async () => {
      const name = registerAdk();
      const events = await collect(t.gateway.sendMessageStream(name, 'stream me', { callerId: 'alice' }));
      const streamed = streamedText(events);
      expect(streamed.text).toBe('echo: stream me (session turn 1)');
      const task = await t.gateway.getTask(name, streamed.taskId!, { callerId: 'alice' });
      expect(task.metadata?.usage).toEqual({ inputTokens: 30, outputTokens: 9, model: 'gemini-2.5-flash' });
    });

    it('reads chunks sent as bare JSON lines as well as SSE frames', async () => {
      const name = registerAdk();
      t.fake.sseFraming = 'ndjson';
      expect(answerText(await t.gateway.sendMessage(name, 'plain lines'))).toBe(
        'echo: plain lines (session turn 1)',
      );
    });
  });

  describe('mode query, templates langchain and custom', () => {
    it('calls a LangChain engine with query and stream_query', async () => {
      // An endpoint URL pasted with its API version still reaches the v1 execution API.
      const name = t.register({
        ...agent('lc', { reasoningEngineId: 'lc-engine', mode: 'query', template: 'langchain' })(t.fake),
        url: `${t.fake.url}/v1beta1/`,
      });
      expect(answerText(await t.gateway.sendMessage(name, 'hello'))).toBe('echo: hello');
      expect(engineCalls(t.fake)[0].path).toBe(`/v1${ENGINE_PATH}/lc-engine:query`);
      expect(bodyOf(engineCalls(t.fake)[0])).toEqual({ class_method: 'query', input: { input: 'hello' } });
      const streamed = streamedText(await collect(t.gateway.sendMessageStream(name, 'again')));
      expect(streamed).toMatchObject({ text: 'echo: again', state: 'TASK_STATE_COMPLETED' });
      expect(bodyOf(engineCalls(t.fake)[1]).class_method).toBe('stream_query');
    });

    it('calls the class methods configured for a custom engine and replays the conversation', async () => {
      const name = t.register(
        agent('mine', {
          reasoningEngineId: 'my-engine',
          mode: 'query',
          template: 'custom',
          classMethod: 'ask',
          streamClassMethod: 'stream_ask',
        })(t.fake),
      );
      const first = await t.gateway.sendMessage(name, 'one', { callerId: 'alice' });
      expect(answerText(first)).toBe('echo: one (history turns: 0)');
      const contextId = 'message' in first ? first.message.contextId : undefined;
      const second = await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId });
      expect(answerText(second)).toBe('echo: two (history turns: 2)');
      expect(bodyOf(engineCalls(t.fake)[1])).toEqual({
        class_method: 'ask',
        input: {
          input: 'two',
          history: [
            { role: 'user', content: 'one' },
            { role: 'assistant', content: 'echo: one (history turns: 0)' },
          ],
        },
      });
      const streamed = await collect(t.gateway.sendMessageStream(name, 'three'));
      expect(streamedText(streamed).text).toBe('echo: three (history turns: 0)');
    });

    it('names the provider when the engine has no such class method', async () => {
      const name = t.register(
        agent('mine', { reasoningEngineId: 'my-engine', mode: 'query', template: 'custom' })(t.fake),
      );
      const error = await failureOf(t.gateway.sendMessage(name, 'hi'));
      expect(error.code).toBe(A2AErrorCode.UpstreamError);
      expect(error.message).toContain('Vertex AI Agent Engine');
      expect(error.message).toContain('Invocation method not found: query');
    });
  });

  it.each([
    ['a2a', a2aAgent],
    ['query', adkAgent],
  ])('(mode %s) keeps the engine’s message of an HTTP 500', async (_, fixture) => {
    const name = t.register(fixture(t.fake));
    const error = await failureOf(t.gateway.sendMessage(name, 'fault:500'));
    expect(error.message).toContain('internal failure');
  });

  describe('Google service-account auth', () => {
    // Tokens are cached per key and gateway: each test's gateway is new, and some sign in with a key of their own.
    const freshKey = () => {
      const fresh = serviceAccountKey(EMAIL, `${t.fake.url}/token`);
      t.fake.trust(EMAIL, fresh.publicKey);
      return fresh;
    };
    const withKey = (k: { credentialsJson: string }) => ({ auth: { credentialsJson: k.credentialsJson } });

    it('signs one RS256 JWT-bearer assertion and reuses the access token', async () => {
      const name = t.register();
      for (const text of ['a', 'b', 'c']) await t.gateway.sendMessage(name, text);
      expect(tokenCalls(t.fake)).toHaveLength(1);
      const form = new URLSearchParams(tokenCalls(t.fake)[0].raw.toString());
      expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      const claims = JSON.parse(
        Buffer.from(String(form.get('assertion')).split('.')[1], 'base64url').toString(),
      );
      expect(claims).toMatchObject({ iss: EMAIL, aud: GOOGLE_TOKEN_AUD, scope: CLOUD_PLATFORM });
      expect(engineCalls(t.fake)).toHaveLength(4);
      for (const call of engineCalls(t.fake)) bearerOfLastToken(t.fake, call);
    });

    it('gets a new token when the engine refuses the cached one', async () => {
      const name = registerAdk();
      await t.gateway.sendMessage(name, 'one');
      t.fake.revokeAll();
      expect(answerText(await t.gateway.sendMessage(name, 'two'))).toBe('echo: two (session turn 1)');
      expect(tokenCalls(t.fake)).toHaveLength(2);
      const fresh = `Bearer ${t.fake.issued.at(-1)?.token}`;
      expect(engineCalls(t.fake).filter((r) => r.headers.authorization === fresh)).toHaveLength(2);
    });

    it('renews a token that is about to expire', async () => {
      // google-auth-library refreshes tokens within 5 minutes of their expiry: these always are.
      t.fake.tokenTtlSeconds = 60;
      const name = t.register();
      await t.gateway.sendMessage(name, 'one');
      await t.gateway.sendMessage(name, 'two');
      expect(engineCalls(t.fake)).toHaveLength(3);
      expect(tokenCalls(t.fake)).toHaveLength(3);
      expect(new Set(engineCalls(t.fake).map((r) => r.headers.authorization)).size).toBe(3);
    });

    it('never reuses a token once the key changed', async () => {
      const [first, second] = [freshKey(), freshKey()];
      const name = t.register(withKey(first));
      await t.gateway.sendMessage(name, 'one');
      t.register(withKey(second));
      await t.gateway.sendMessage(name, 'two');
      const signers = t.fake.issued
        .slice(-2)
        .map((i) => (i.key === first.publicKey ? 'first' : i.key === second.publicKey ? 'second' : '?'));
      expect(signers).toEqual(['first', 'second']);
      bearerOfLastToken(t.fake, engineCalls(t.fake).at(-1)!);
    });

    it('reports a key the account does not have with Google’s reason, before calling the engine', async () => {
      const name = t.register(stranger(t.fake));
      const error = await failureOf(t.gateway.sendMessage(name, 'hi'));
      expect(error.code).toBe(A2AErrorCode.AuthenticationError);
      expect(error.message).toContain('Invalid JWT Signature');
      expect(error.message).not.toContain('PRIVATE KEY');
      expect(engineCalls(t.fake)).toHaveLength(0);
    });
  });

  it('answers with the usage on the message in mode query', async () => {
    const name = registerAdk();
    expect(usageOf(await t.gateway.sendMessage(name, 'hello'))).toMatchObject({ inputTokens: 30 });
  });
});
