import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from '../harness';
import type { FakeRequest } from './fakes/fake-http';
import {
  CLOUD_PLATFORM,
  GOOGLE_TOKEN_AUD,
  serviceAccountKey,
  startVertexFake,
  type VertexFake,
} from './fakes/vertex-ai.fake';
import { answerText, callsOf, streamedText, type InvokeBody, proxySend } from './provider-contract';

const EMAIL = 'gateway@fake-project.iam.gserviceaccount.com';
const ENGINE_PATH = '/projects/fake-project/locations/us-central1/reasoningEngines';

type Task = NonNullable<InvokeBody['task']> & {
  status: { state: string; message?: { parts: { text: string }[] } };
};

describe('provider vertex-ai: Vertex AI Agent Engine through the gateway', () => {
  let api: TestApi;
  let fake: VertexFake;
  let key: ReturnType<typeof serviceAccountKey>;

  const register = (
    name: string,
    providerConfig: Record<string, unknown>,
    overrides: Record<string, unknown> = {},
  ) =>
    api.post<AgentRead & ErrorBody>('/a2a', {
      name,
      endpointUrl: fake.url,
      provider: 'vertex-ai',
      providerConfig: { projectId: 'fake-project', location: 'us-central1', ...providerConfig },
      authType: 'google-service-account',
      auth: { credentialsJson: key.credentialsJson },
      timeoutMs: 5000,
      ...overrides,
    });
  const registerA2A = () => register('vx', { reasoningEngineId: 'a2a-engine' });
  const registerAdk = () => register('adk', { reasoningEngineId: 'adk-engine', mode: 'query' });

  /** The calls to the engine API (token requests left out). */
  const engineCalls = () => fake.requests.filter((r) => r.path !== '/token');
  const tokenCalls = () => fake.requests.filter((r) => r.path === '/token');
  const bodyOf = (r: FakeRequest) => r.body as { class_method: string; input: Record<string, unknown> };

  beforeAll(async () => {
    fake = await startVertexFake({
      projectId: 'fake-project',
      location: 'us-central1',
      engines: { 'a2a-engine': 'a2a', 'adk-engine': 'adk', 'lc-engine': 'langchain', 'my-engine': 'custom' },
    });
    key = serviceAccountKey(EMAIL, `${fake.url}/token`);
    fake.trust(EMAIL, key.publicKey);
    api = await TestApi.start({ A2A_RETRY_BASE_MS: '5' });
  });
  beforeEach(async () => {
    await api.reset();
    fake.requests.length = 0;
    fake.sseFraming = 'sse';
    fake.tokenTtlSeconds = 3600;
  });
  afterAll(async () => {
    await api.close();
    await fake.close();
  });

  describe('registration', () => {
    it('checks providerConfig and fills in the defaults', async () => {
      const res = await registerA2A();
      expect(res.status).toBe(201);
      expect(res.body.providerConfig).toEqual({
        projectId: 'fake-project',
        location: 'us-central1',
        reasoningEngineId: 'a2a-engine',
        mode: 'a2a',
        template: 'adk',
        classMethod: 'query',
        streamClassMethod: 'stream_query',
        historyTurns: 20,
      });
      expect(res.text).not.toContain('PRIVATE KEY');
    });

    it.each([
      [{}, 'providerConfig.projectId'],
      [{ projectId: 'p', location: 'l' }, 'providerConfig.reasoningEngineId'],
      [{ projectId: 'p', location: 'l', reasoningEngineId: 'e', mode: 'rest' }, 'providerConfig.mode'],
      [{ projectId: 'p', location: 'l', reasoningEngineId: 'e', template: 'ag2' }, 'providerConfig.template'],
      [
        { projectId: 'p', location: 'l', reasoningEngineId: 'e', classMethod: 'two words' },
        'providerConfig.classMethod',
      ],
      [{ projectId: 'p', location: 'l', reasoningEngineId: 'e', model: 'gemini' }, 'providerConfig'],
    ])('refuses providerConfig %j with 400 naming %s', async (providerConfig, path) => {
      const res = await api.post<ErrorBody>('/a2a', {
        name: 'bad',
        endpointUrl: fake.url,
        provider: 'vertex-ai',
        providerConfig,
        authType: 'google-service-account',
        auth: { credentialsJson: key.credentialsJson },
      });
      expect(res.status).toBe(400);
      expect(res.body.details?.issues?.map((i) => i.path)).toContain(path);
      expect(res.body.message).toContain('vertex-ai');
    });
  });

  describe('mode a2a: an engine deployed from the A2A template', () => {
    it('invokes through the v0.3 HTTP+JSON binding under v1beta1 and reports ADK usage', async () => {
      await registerA2A();
      const res = await api.post<InvokeBody>('/a2a/vx/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      expect(res.body.task?.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText(res.body)).toBe('echo: hello (context turn 1)');

      const [card, send] = engineCalls();
      expect(`${card.method} ${card.path}`).toBe(`GET /v1beta1${ENGINE_PATH}/a2a-engine/a2a/v1/card`);
      expect(`${send.method} ${send.path}`).toBe(
        `POST /v1beta1${ENGINE_PATH}/a2a-engine/a2a/v1/message:send`,
      );
      // Proto JSON: the message's parts are `content`, the role an enum; blocking so the answer is final.
      expect(send.body).toMatchObject({
        message: { role: 'ROLE_USER', content: [{ text: 'hello' }] },
        configuration: { blocking: true },
      });
      expect(callsOf(api, 'vx')).toMatchObject({
        invocations: 1,
        failures: 0,
        inputTokens: 12,
        outputTokens: 5,
      });
    });

    it('keeps the contextId, and follows a task that needs input: get, cancel, not cancelable twice', async () => {
      await registerA2A();
      const first = await api.post<InvokeBody>('/a2a/vx/invoke', { message: 'ask: weather' });
      const task = first.body.task as Task;
      expect(task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(task.status.message?.parts[0].text).toBe('Which city?');

      const read = await api.get<Task>(`/a2a/vx/tasks/${task.id}`);
      expect(read.status).toBe(200);
      expect(read.body.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(
        engineCalls().some((r) => r.method === 'GET' && r.path.endsWith(`/a2a/v1/tasks/${task.id}`)),
      ).toBe(true);

      const canceled = await api.post<Task>(`/a2a/vx/tasks/${task.id}/cancel`);
      expect(canceled.status).toBe(200);
      expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');
      const again = await api.post<ErrorBody>(`/a2a/vx/tasks/${task.id}/cancel`);
      expect(again.body.code).toBe('TASK_NOT_CANCELABLE');

      const next = await api.post<InvokeBody>('/a2a/vx/invoke', {
        message: 'and now',
        contextId: task.contextId,
      });
      expect(answerText(next.body)).toBe('echo: and now (context turn 2)');
    });

    it('continues an interrupted task when the caller sends its taskId', async () => {
      await registerA2A();
      const first = await api.post<InvokeBody>('/a2a/vx/invoke', { message: 'ask: weather' });
      const task = first.body.task as Task;
      const reply = await api.post<InvokeBody>('/a2a/vx/invoke', {
        message: 'Paris',
        contextId: task.contextId,
        taskId: task.id,
      });
      expect(reply.body.task?.id).toBe(task.id);
      expect(answerText(reply.body)).toBe('echo: Paris (context turn 2, same task)');
    });

    it('reports a task the engine no longer has as TASK_NOT_FOUND', async () => {
      await registerA2A();
      const first = await api.post<InvokeBody>('/a2a/vx/invoke', { message: 'ask: weather' });
      fake.dropTasks();
      const res = await api.get<ErrorBody>(`/a2a/vx/tasks/${first.body.task?.id}`);
      expect(res.status).toBe(404);
      expect(res.body.code).toBe('TASK_NOT_FOUND');
    });

    it('streams the engine’s SSE as A2A v1.0 events and counts the usage of the turn', async () => {
      await registerA2A();
      const res = await api.sse('/a2a/vx/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe('echo: stream me (context turn 1)');
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      expect(engineCalls().map((r) => r.path)).toContain(
        `/v1beta1${ENGINE_PATH}/a2a-engine/a2a/v1/message:stream`,
      );
      expect(callsOf(api, 'vx')).toMatchObject({ inputTokens: 12, outputTokens: 6 });
    });

    it('answers A2A clients through the proxy with the engine’s own card', async () => {
      await registerA2A();
      const card = await api.get<{
        name: string;
        skills: { id: string }[];
        capabilities: { streaming: boolean };
      }>('/a2a/vx/.well-known/agent-card.json', { headers: { 'a2a-version': '1.0' } });
      expect(card.status).toBe(200);
      expect(card.body).toMatchObject({
        name: 'fake_agent',
        skills: [{ id: 'echo' }],
        capabilities: { streaming: true },
      });
      const rpc = await proxySend(api, 'vx', 'via rpc');
      expect(rpc.status).toBe(200);
      expect(answerText(rpc.body.result)).toBe('echo: via rpc (context turn 1)');
    });
  });

  describe('mode query, template adk', () => {
    it('invokes through :streamQuery in an ADK session of the caller, with the usage of every model call', async () => {
      await registerAdk();
      const res = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'hello' });
      expect(res.status).toBe(200);
      // The thought and the tool call are not answer text.
      expect(answerText(res.body)).toBe('echo: hello (session turn 1)');
      expect(res.body.message?.metadata?.usage).toEqual({
        inputTokens: 30,
        outputTokens: 8,
        model: 'gemini-2.5-flash',
      });
      expect(callsOf(api, 'adk')).toMatchObject({
        invocations: 1,
        failures: 0,
        inputTokens: 30,
        outputTokens: 8,
      });

      const [create, stream] = engineCalls();
      expect(create.path).toBe(`/v1${ENGINE_PATH}/adk-engine:query`);
      expect(bodyOf(create)).toEqual({
        class_method: 'create_session',
        input: {
          user_id: expect.stringMatching(/^switchboard-/),
          state: { switchboard_context_id: res.body.message?.contextId },
        },
      });
      expect(`${stream.path}?${stream.query}`).toBe(`/v1${ENGINE_PATH}/adk-engine:streamQuery?alt=sse`);
      expect(bodyOf(stream)).toEqual({
        class_method: 'stream_query',
        input: { message: 'hello', user_id: bodyOf(create).input.user_id, session_id: expect.any(String) },
      });
    });

    it('keeps one ADK session per contextId and per caller', async () => {
      await registerAdk();
      const first = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'one' });
      const contextId = first.body.message?.contextId as string;
      const second = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe('echo: two (session turn 2)');
      expect(engineCalls().filter((r) => bodyOf(r).class_method === 'create_session')).toHaveLength(1);

      const other = await api.createUser('other@example.com', 'admin');
      const theirs = await api.post<InvokeBody>(
        '/a2a/adk/invoke',
        { message: 'three', contextId },
        { token: other },
      );
      expect(answerText(theirs.body)).toBe('echo: three (session turn 1)');
      const users = new Set(engineCalls().map((r) => bodyOf(r).input.user_id));
      expect(users.size).toBe(2);
    });

    it('finds the session of a contextId again after the gateway forgot it', async () => {
      const created = await registerAdk();
      const first = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'one' });
      const contextId = first.body.message?.contextId as string;
      // A configuration change drops the adapter's cache, as a restart would.
      expect((await api.put(`/a2a/${created.body.id}`, { description: 'changed' })).status).toBe(200);
      const again = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'two', contextId });
      expect(answerText(again.body)).toBe('echo: two (session turn 2)');
      expect(engineCalls().map((r) => bodyOf(r).class_method)).toEqual([
        'create_session',
        'stream_query',
        'list_sessions',
        'stream_query',
      ]);
    });

    it('streams partial events as artifact chunks, without the final event repeating them', async () => {
      await registerAdk();
      const res = await api.sse('/a2a/adk/stream', { message: 'stream me' });
      expect(res.status).toBe(200);
      const streamed = streamedText(res.events);
      expect(streamed.text).toBe('echo: stream me (session turn 1)');
      expect(streamed.state).toBe('TASK_STATE_COMPLETED');
      expect(res.events.filter((e) => e.data.artifactUpdate).length).toBeGreaterThan(3);
      const task = await api.get<Task & { metadata?: { usage?: unknown } }>(
        `/a2a/adk/tasks/${streamed.taskId}`,
      );
      expect(task.body.status.state).toBe('TASK_STATE_COMPLETED');
      expect(task.body.metadata?.usage).toEqual({
        inputTokens: 30,
        outputTokens: 9,
        model: 'gemini-2.5-flash',
      });
    });

    it('reads chunks sent as bare JSON lines as well as SSE frames', async () => {
      await registerAdk();
      fake.sseFraming = 'ndjson';
      const res = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'plain lines' });
      expect(res.status).toBe(200);
      expect(answerText(res.body)).toBe('echo: plain lines (session turn 1)');
    });
  });

  describe('mode query, templates langchain and custom', () => {
    it('calls a LangChain engine with query and stream_query', async () => {
      // An endpoint URL pasted with its API version still reaches the v1 execution API.
      await register(
        'lc',
        { reasoningEngineId: 'lc-engine', mode: 'query', template: 'langchain' },
        { endpointUrl: `${fake.url}/v1beta1/` },
      );
      const res = await api.post<InvokeBody>('/a2a/lc/invoke', { message: 'hello' });
      expect(answerText(res.body)).toBe('echo: hello');
      expect(engineCalls()[0].path).toBe(`/v1${ENGINE_PATH}/lc-engine:query`);
      expect(bodyOf(engineCalls()[0])).toEqual({ class_method: 'query', input: { input: 'hello' } });
      const streamed = await api.sse('/a2a/lc/stream', { message: 'again' });
      expect(streamedText(streamed.events)).toMatchObject({
        text: 'echo: again',
        state: 'TASK_STATE_COMPLETED',
      });
      expect(bodyOf(engineCalls()[1]).class_method).toBe('stream_query');
    });

    it('calls the class methods configured for a custom engine and replays the conversation', async () => {
      await register('mine', {
        reasoningEngineId: 'my-engine',
        mode: 'query',
        template: 'custom',
        classMethod: 'ask',
        streamClassMethod: 'stream_ask',
      });
      const first = await api.post<InvokeBody>('/a2a/mine/invoke', { message: 'one' });
      expect(answerText(first.body)).toBe('echo: one (history turns: 0)');
      const contextId = first.body.message?.contextId;
      const second = await api.post<InvokeBody>('/a2a/mine/invoke', { message: 'two', contextId });
      expect(answerText(second.body)).toBe('echo: two (history turns: 2)');
      expect(bodyOf(engineCalls()[1])).toEqual({
        class_method: 'ask',
        input: {
          input: 'two',
          history: [
            { role: 'user', content: 'one' },
            { role: 'assistant', content: 'echo: one (history turns: 0)' },
          ],
        },
      });
      const streamed = await api.sse('/a2a/mine/stream', { message: 'three' });
      expect(streamedText(streamed.events).text).toBe('echo: three (history turns: 0)');
    });

    it('names the provider when the engine has no such class method', async () => {
      await register('mine', { reasoningEngineId: 'my-engine', mode: 'query', template: 'custom' });
      const res = await api.post<ErrorBody>('/a2a/mine/invoke', { message: 'hi' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('UPSTREAM_ERROR');
      expect(res.body.message).toContain('Vertex AI Agent Engine');
      expect(res.body.message).toContain('Invocation method not found: query');
    });
  });

  describe('Google service-account auth', () => {
    // Tokens are cached per key for the gateway's lifetime: each test signs in with a key of its own.
    const freshKey = () => {
      const fresh = serviceAccountKey(EMAIL, `${fake.url}/token`);
      fake.trust(EMAIL, fresh.publicKey);
      return fresh;
    };
    const withKey = (k: { credentialsJson: string }) => ({ auth: { credentialsJson: k.credentialsJson } });
    const a2aEngine = { reasoningEngineId: 'a2a-engine' };

    it('signs one RS256 JWT-bearer assertion and reuses the access token', async () => {
      await register('vx', a2aEngine, withKey(freshKey()));
      for (const message of ['a', 'b', 'c'])
        expect((await api.post('/a2a/vx/invoke', { message })).status).toBe(200);
      expect(tokenCalls()).toHaveLength(1);
      const form = new URLSearchParams(tokenCalls()[0].raw.toString());
      expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
      const claims = JSON.parse(
        Buffer.from(String(form.get('assertion')).split('.')[1], 'base64url').toString(),
      );
      expect(claims).toMatchObject({ iss: EMAIL, aud: GOOGLE_TOKEN_AUD, scope: CLOUD_PLATFORM });
      const token = fake.issued.at(-1)?.token;
      expect(engineCalls()).toHaveLength(4);
      expect(engineCalls().every((r) => r.headers.authorization === `Bearer ${token}`)).toBe(true);
    });

    it('gets a new token when the engine refuses the cached one', async () => {
      await register('adk', { reasoningEngineId: 'adk-engine', mode: 'query' }, withKey(freshKey()));
      expect((await api.post('/a2a/adk/invoke', { message: 'one' })).status).toBe(200);
      fake.revokeAll();
      const res = await api.post<InvokeBody>('/a2a/adk/invoke', { message: 'two' });
      expect(res.status).toBe(200);
      expect(tokenCalls()).toHaveLength(2);
      expect(
        engineCalls().filter((r) => r.headers.authorization === `Bearer ${fake.issued.at(-1)?.token}`),
      ).toHaveLength(2);
    });

    it('renews a token that is about to expire', async () => {
      // google-auth-library refreshes tokens within 5 minutes of their expiry: these always are.
      fake.tokenTtlSeconds = 60;
      await register('vx', a2aEngine, withKey(freshKey()));
      await api.post('/a2a/vx/invoke', { message: 'one' });
      await api.post('/a2a/vx/invoke', { message: 'two' });
      expect(engineCalls()).toHaveLength(3);
      expect(tokenCalls()).toHaveLength(3);
      expect(new Set(engineCalls().map((r) => r.headers.authorization)).size).toBe(3);
    });

    it('never reuses a token once the key changed', async () => {
      const first = freshKey();
      const second = freshKey();
      const created = await register('vx', a2aEngine, withKey(first));
      await api.post('/a2a/vx/invoke', { message: 'one' });
      const updated = await api.put(`/a2a/${created.body.id}`, {
        authType: 'google-service-account',
        ...withKey(second),
      });
      expect(updated.status).toBe(200);
      expect((await api.post('/a2a/vx/invoke', { message: 'two' })).status).toBe(200);
      const signers = fake.issued
        .slice(-2)
        .map((t) => (t.key === first.publicKey ? 'first' : t.key === second.publicKey ? 'second' : '?'));
      expect(signers).toEqual(['first', 'second']);
      expect(engineCalls().at(-1)?.headers.authorization).toBe(`Bearer ${fake.issued.at(-1)?.token}`);
    });

    it('reports a key the account does not have as an authentication error, without leaking it', async () => {
      const stranger = serviceAccountKey(EMAIL, `${fake.url}/token`);
      await register('vx', a2aEngine, withKey(stranger));
      const res = await api.post<ErrorBody>('/a2a/vx/invoke', { message: 'hi' });
      expect(res.status).toBe(502);
      expect(res.body.code).toBe('AUTHENTICATION_ERROR');
      expect(res.body.message).toContain('Invalid JWT Signature');
      expect(res.text).not.toContain('PRIVATE KEY');
      expect(engineCalls()).toHaveLength(0);
    });
  });

  describe('errors', () => {
    it.each([
      ['a2a-engine', 'fault:401', 502, 'AUTHENTICATION_ERROR'],
      ['a2a-engine', 'fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
      ['a2a-engine', 'fault:500', 502, 'UPSTREAM_ERROR'],
      ['a2a-engine', 'fault:503', 502, 'UPSTREAM_ERROR'],
      ['a2a-engine', 'fault:malformed', 502, 'PROTOCOL_ERROR'],
      ['a2a-engine', 'fault:shape', 502, 'PROTOCOL_ERROR'],
      ['adk-engine', 'fault:401', 502, 'AUTHENTICATION_ERROR'],
      ['adk-engine', 'fault:429', 429, 'RATE_LIMIT_EXCEEDED'],
      ['adk-engine', 'fault:500', 502, 'UPSTREAM_ERROR'],
      ['adk-engine', 'fault:503', 502, 'UPSTREAM_ERROR'],
      ['adk-engine', 'fault:malformed', 502, 'PROTOCOL_ERROR'],
      ['adk-engine', 'fault:shape', 502, 'PROTOCOL_ERROR'],
    ])('maps %s answering %s to %i %s, naming the provider', async (engine, text, status, code) => {
      await register('vx', { reasoningEngineId: engine, mode: engine === 'a2a-engine' ? 'a2a' : 'query' });
      const res = await api.post<ErrorBody>('/a2a/vx/invoke', { message: text });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      expect(res.body.message).toContain('Vertex AI Agent Engine');
      if (status === 429) expect(res.headers.get('retry-after')).toBe('7');
      if (text === 'fault:500') expect(res.body.message).toContain('internal failure');
      expect(callsOf(api, 'vx').failures).toBe(1);
      expect((await api.post('/a2a/vx/invoke', { message: 'still fine' })).status).toBe(200);
    });

    it('retries a 503 before giving up', async () => {
      await registerAdk();
      const res = await api.post<ErrorBody>('/a2a/adk/invoke', { message: 'fault:503' });
      expect(res.status).toBe(502);
      expect(engineCalls().filter((r) => r.path.endsWith(':streamQuery')).length).toBeGreaterThan(1);
    });
  });
});
