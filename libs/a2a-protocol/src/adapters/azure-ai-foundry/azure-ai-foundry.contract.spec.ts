import { A2AErrorCode } from '../../errors/a2a-error';
import type { StreamEvent, Task } from '../../types/a2a.schemas';
import type { FakeRequest } from '../testing/fake-http';
import {
  answerText,
  collect,
  contractSetup,
  describeProviderContract,
  eventually,
  failureOf,
  FAULT_CODES,
  streamedText,
  type AgentFixture,
  type ProviderContract,
} from '../testing/provider-contract';
import { FOUNDRY, startFoundryFake, type FoundryFake } from './azure-ai-foundry.fake';

const entra = (fake: FoundryFake, overrides: Record<string, unknown> = {}) => ({
  authType: 'azure-entra' as const,
  auth: {
    tenantId: FOUNDRY.tenantId,
    clientId: FOUNDRY.clientId,
    clientSecret: FOUNDRY.clientSecret,
    // MSAL only talks to https authorities: the fake serves HTTPS with a certificate the gateway trusts.
    authorityHost: fake.url,
    ...overrides,
  },
});
const responsesAgent = (fake: FoundryFake): AgentFixture => ({
  name: 'foundry',
  url: fake.projectUrl,
  provider: 'azure-ai-foundry',
  providerConfig: { agentName: FOUNDRY.agentName },
  ...entra(fake),
});
const threadsAgent = (fake: FoundryFake): AgentFixture => ({
  ...responsesAgent(fake),
  name: 'classic',
  providerConfig: { api: 'threads', agentName: FOUNDRY.assistantId },
});
const calls = (fake: FoundryFake, match: (r: FakeRequest) => boolean) => fake.requests.filter(match);
const foundryCalls = (fake: FoundryFake) => calls(fake, (r) => r.path.startsWith(FOUNDRY.project));
const tokenCalls = (fake: FoundryFake) => calls(fake, (r) => r.path.endsWith('/oauth2/v2.0/token'));
const JWT = /^Bearer [\w-]+\.[\w-]+\.[\w-]+$/;
const taskOf = (answer: unknown) => (answer as { task: Task }).task;

const common: Pick<
  ProviderContract<FoundryFake>,
  | 'provider'
  | 'startFake'
  | 'ca'
  | 'badConfigs'
  | 'wrongCredentials'
  | 'secrets'
  | 'streamChunks'
  | 'conversations'
  | 'faults'
  | 'slow'
> = {
  provider: 'azure-ai-foundry',
  startFake: startFoundryFake,
  ca: (fake) => [fake.certificate],
  badConfigs: [
    [{}, 'providerConfig.agentName'],
    [{ agentName: 'echo-agent', api: 'assistants' }, 'providerConfig.api'],
    [{ api: 'threads', agentName: 'echo-agent' }, 'providerConfig.agentName'],
    [{ api: 'threads', agentName: 'asst_1', agentVersion: '2' }, 'providerConfig.agentVersion'],
    [{ agentName: 'echo-agent', apiVersion: '2025-05-01' }, 'providerConfig.apiVersion'],
    [{ agentName: 'echo-agent', model: 'gpt-4o' }, 'providerConfig'],
  ],
  wrongCredentials: (fake) => entra(fake, { clientSecret: 'wrong-secret' }),
  secrets: [FOUNDRY.clientSecret],
  streamChunks: 4,
  conversations: 'per-caller',
  faults: FAULT_CODES,
  slow: { text: 'fault:hang', onTheWire: true },
};

describeProviderContract<FoundryFake>({
  ...common,
  variant: 'Responses API',
  agent: responsesAgent,
  storedConfig: { api: 'responses', agentName: FOUNDRY.agentName },
  reply: (text, turns) => `echo: ${text} (agent: echo-agent, turns: ${turns})`,
  messageCalls: (fake) => calls(fake, (r) => r.path.endsWith('/openai/v1/responses')),
  expectRequest: (request, text, stream) => {
    expect(`${request.method} ${request.path}`).toBe(`POST ${FOUNDRY.project}/openai/v1/responses`);
    expect(request.headers.authorization).toMatch(JWT);
    expect(request.body).toEqual({
      agent_reference: { type: 'agent_reference', name: FOUNDRY.agentName },
      input: text,
      conversation: expect.stringMatching(/^conv_/),
      ...(stream ? { stream: true } : {}),
    });
  },
  usage: { inputTokens: 10, outputTokens: 6, model: 'gpt-4.1-mini' },
  answersTask: false,
  card: { name: 'foundry', streaming: true },
});

describeProviderContract<FoundryFake>({
  ...common,
  variant: 'threads/runs API',
  agent: threadsAgent,
  storedConfig: { api: 'threads', agentName: FOUNDRY.assistantId },
  reply: (text, turns) => `echo: ${text} (thread messages: ${turns})`,
  messageCalls: (fake) =>
    calls(fake, (r) => r.method === 'POST' && /\/threads(\/thread_\w+)?\/runs$/.test(r.path)),
  expectRequest: (request, text, stream) => {
    expect(`${request.method} ${request.path}?${request.query}`).toBe(
      `POST ${FOUNDRY.project}/threads/runs?api-version=v1`,
    );
    expect(request.headers.authorization).toMatch(JWT);
    expect(request.body).toEqual({
      assistant_id: FOUNDRY.assistantId,
      metadata: { a2a_context_id: expect.any(String) },
      thread: { messages: [{ role: 'user', content: text }] },
      ...(stream ? { stream: true } : {}),
    });
  },
  usage: { inputTokens: 10, outputTokens: 5, model: 'gpt-4o-mini' },
  answersTask: true,
  card: { name: 'classic', streaming: true },
});

describe('provider azure-ai-foundry: what only Foundry Agent Service does', () => {
  const t = contractSetup<FoundryFake>({
    startFake: startFoundryFake,
    agent: responsesAgent,
    ca: (fake) => [fake.certificate],
  });
  const registerClassic = (overrides: Partial<AgentFixture> = {}) =>
    t.register({ ...threadsAgent(t.fake), ...overrides });
  const later = (text: string) => ({
    message: { messageId: `m-${text}`, role: 'ROLE_USER' as const, parts: [{ text }] },
    configuration: { returnImmediately: true },
  });

  describe('Responses API', () => {
    it('asks Entra ID for a client-credentials token, then opens a conversation and a response', async () => {
      const name = t.register();
      await t.gateway.sendMessage(name, 'hello');
      expect(Object.fromEntries(t.fake.tokenRequests.at(-1) ?? [])).toMatchObject({
        grant_type: 'client_credentials',
        client_id: FOUNDRY.clientId,
        client_secret: FOUNDRY.clientSecret,
        scope: FOUNDRY.scope,
      });
      const [conversation, response] = foundryCalls(t.fake);
      expect(conversation.path).toBe(`${FOUNDRY.project}/openai/v1/conversations`);
      expect(response.path).toBe(`${FOUNDRY.project}/openai/v1/responses`);
    });

    it('reuses one token until it is refused, then gets a fresh one', async () => {
      const name = t.register();
      await t.gateway.sendMessage(name, 'one');
      const issued = t.fake.tokensIssued();
      await t.gateway.sendMessage(name, 'two');
      expect(t.fake.tokensIssued()).toBe(issued);
      t.fake.revokeTokens();
      expect(answerText(await t.gateway.sendMessage(name, 'three'))).toContain('echo: three');
      expect(t.fake.tokensIssued()).toBe(issued + 1);
      // The refused call, then the same call with the new token.
      const [refused, retried] = calls(t.fake, (r) => r.path.endsWith('/responses')).slice(-2);
      expect(refused.headers.authorization).not.toBe(retried.headers.authorization);
    });

    it('keeps one Foundry conversation per contextId and per caller', async () => {
      const name = t.register();
      const first = await t.gateway.sendMessage(name, 'one', { callerId: 'alice' });
      const contextId = 'message' in first ? first.message.contextId : undefined;
      await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId });
      const sent = calls(t.fake, (r) => r.path.endsWith('/responses')).map(
        (r) => (r.body as { conversation: string }).conversation,
      );
      expect(sent[1]).toBe(sent[0]);
      expect(calls(t.fake, (r) => r.path.endsWith('/conversations'))).toHaveLength(1);
    });

    it('names the agent version when one is configured', async () => {
      const name = t.register({ providerConfig: { agentName: FOUNDRY.agentName, agentVersion: '3' } });
      expect(answerText(await t.gateway.sendMessage(name, 'hi'))).toBe(
        'echo: hi (agent: echo-agent@3, turns: 1)',
      );
    });

    it('reports a failed response as the agent failing, in a call and in a stream', async () => {
      const name = t.register();
      const error = await failureOf(t.gateway.sendMessage(name, 'agent:fail'));
      expect(error.code).toBe(A2AErrorCode.UpstreamError);
      expect(error.message).toContain('Azure AI Foundry');
      expect(error.message).toContain('The agent run failed.');
      const streamed = await failureOf(collect(t.gateway.sendMessageStream(name, 'agent:fail')));
      expect(streamed.code).toBe(A2AErrorCode.UpstreamError);
    });

    it('accepts a project API key in the api-key header instead of a token', async () => {
      const name = t.register({
        authType: 'api-key',
        auth: { apiKey: FOUNDRY.apiKey, headerName: 'api-key' },
      });
      expect(answerText(await t.gateway.sendMessage(name, 'keyed'))).toBe(
        'echo: keyed (agent: echo-agent, turns: 1)',
      );
      expect(foundryCalls(t.fake)[0].headers['api-key']).toBe(FOUNDRY.apiKey);
      expect(tokenCalls(t.fake)).toHaveLength(0);
    });

    it('reports a wrong API key as an authentication error', async () => {
      const name = t.register({
        authType: 'api-key',
        auth: { apiKey: 'not-the-key', headerName: 'api-key' },
      });
      const error = await failureOf(t.gateway.sendMessage(name, 'hi'));
      expect(error.code).toBe(A2AErrorCode.AuthenticationError);
      expect(error.message).not.toContain('not-the-key');
    });

    it('reports a wrong client secret with Entra’s reason, before calling Foundry', async () => {
      const name = t.register(entra(t.fake, { clientSecret: 'wrong-secret' }));
      const error = await failureOf(t.gateway.sendMessage(name, 'hi'));
      expect(error.code).toBe(A2AErrorCode.AuthenticationError);
      expect(error.message).toContain('Microsoft Entra ID');
      expect(error.message).toContain('AADSTS7000215');
      expect(error.message).not.toContain('wrong-secret');
      expect(foundryCalls(t.fake)).toHaveLength(0);
    });
  });

  describe('threads/runs API', () => {
    it('polls the run until it completes and reads its messages; the task id names thread and run', async () => {
      const name = registerClassic();
      const task = taskOf(await t.gateway.sendMessage(name, 'hello'));
      expect(task.id).toMatch(/^thread_\w+:run_\w+$/);
      const polls = foundryCalls(t.fake).filter((r) => r.method === 'GET' && /\/runs\/run_\w+$/.test(r.path));
      expect(polls.length).toBeGreaterThanOrEqual(2);
      const read = foundryCalls(t.fake).find((r) => r.path.endsWith('/messages'));
      expect(read?.query.get('run_id')).toBe(task.id.split(':')[1]);
      expect((foundryCalls(t.fake)[0].body as { metadata: object }).metadata).toEqual({
        a2a_context_id: task.contextId,
      });
    });

    it('continues the thread of a contextId with additional_messages; another caller gets another thread', async () => {
      const name = registerClassic();
      const first = taskOf(await t.gateway.sendMessage(name, 'one', { callerId: 'alice' }));
      const second = taskOf(
        await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId: first.contextId }),
      );
      expect(second.contextId).toBe(first.contextId);
      const thread = first.id.split(':')[0];
      const continued = calls(
        t.fake,
        (r) => r.method === 'POST' && r.path.endsWith(`/threads/${thread}/runs`),
      );
      expect(continued).toHaveLength(1);
      expect(continued[0].body).toMatchObject({ additional_messages: [{ role: 'user', content: 'two' }] });
      const theirs = taskOf(
        await t.gateway.sendMessage(name, 'three', { callerId: 'bob', contextId: first.contextId }),
      );
      expect(theirs.id.split(':')[0]).not.toBe(thread);
    });

    it('returns at once when asked, and the task is followed to its answer (usage counted once)', async () => {
      const name = registerClassic();
      const started = taskOf(await t.gateway.send(name, later('later')));
      expect(started.status.state).toBe('TASK_STATE_SUBMITTED');
      const done = await t.gateway.waitForTask(name, started.id, 4_000);
      expect(done.status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText({ task: done })).toBe('echo: later (thread messages: 1)');
      expect(done.contextId).toBe(started.contextId);
      await t.gateway.getTask(name, started.id);
      expect(t.stats(name)).toMatchObject({ inputTokens: 10, outputTokens: 5 });
    });

    it('cancels a running task through Foundry, and refuses to cancel a finished one', async () => {
      const name = registerClassic();
      const started = taskOf(await t.gateway.send(name, later('run:slow')));
      const canceled = await t.gateway.cancelTask(name, started.id);
      expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
      expect(calls(t.fake, (r) => r.method === 'POST' && r.path.endsWith('/cancel'))).toHaveLength(1);
      const again = await failureOf(t.gateway.cancelTask(name, started.id));
      expect(again.code).toBe(A2AErrorCode.TaskNotCancelable);
    });

    it('reports a failed run as a failed task with Foundry’s reason', async () => {
      const name = registerClassic();
      const task = taskOf(await t.gateway.sendMessage(name, 'run:fail'));
      expect(task.status.state).toBe('TASK_STATE_FAILED');
      expect(answerText({ message: task.status.message! })).toBe(
        'The run failed (server_error): Sorry, something went wrong.',
      );
    });

    it('asks the caller for function tool outputs (input required) and resumes the run with them', async () => {
      const name = registerClassic();
      const asked = taskOf(await t.gateway.sendMessage(name, 'run:tool'));
      expect(asked.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
      expect(answerText({ message: asked.status.message! })).toContain(
        'get_weather({"city":"Paris"}) [call_weather1]',
      );
      const missing = await failureOf(t.gateway.sendMessage(name, 'it is sunny', { taskId: asked.id }));
      expect(missing.code).toBe(A2AErrorCode.InvalidRequest);
      expect(missing.message).toContain('tool_outputs');
      const answered = await t.gateway.send(name, {
        messageId: 'm-tools',
        role: 'ROLE_USER',
        taskId: asked.id,
        parts: [{ data: { tool_outputs: [{ tool_call_id: 'call_weather1', output: 'sunny' }] } }],
      });
      expect(taskOf(answered).id).toBe(asked.id);
      expect(taskOf(answered).status.state).toBe('TASK_STATE_COMPLETED');
      expect(answerText(answered)).toBe('echo: run:tool (thread messages: 1) (get_weather said: sunny)');
      const finished = await failureOf(t.gateway.sendMessage(name, 'more', { taskId: asked.id }));
      expect(finished.code).toBe(A2AErrorCode.UnsupportedOperation);
    });

    it('streams the run: its task submitted first, the final state with usage; the run reads back', async () => {
      const name = registerClassic();
      const events = await collect(t.gateway.sendMessageStream(name, 'stream me'));
      expect(events[0]).toMatchObject({ task: { status: { state: 'TASK_STATE_SUBMITTED' } } });
      expect(events.at(-1)).toMatchObject({ statusUpdate: { metadata: { usage: { inputTokens: 10 } } } });
      const task = await t.gateway.getTask(name, taskOf(events[0]).id);
      expect(answerText({ task })).toBe('echo: stream me (thread messages: 1)');
      expect(t.stats(name).inputTokens).toBe(10);
    });

    it('ends a stream as canceled when its task is canceled', async () => {
      const name = registerClassic();
      const seen: StreamEvent[] = [];
      const done = (async () => {
        for await (const event of t.gateway.sendMessageStream(name, 'run:slow')) seen.push(event);
      })();
      expect(await eventually(() => seen.length > 0)).toBe(true);
      const canceled = await t.gateway.cancelTask(name, taskOf(seen[0]).id);
      expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
      await done;
      expect(streamedText(seen).state).toBe('TASK_STATE_CANCELED');
    });

    it('re-attaches to a running task (SubscribeToTask) until it completes', async () => {
      const name = registerClassic();
      const started = taskOf(await t.gateway.send(name, later('follow me')));
      const events = await collect(t.gateway.subscribeToTask(name, started.id));
      expect(events[0]).toMatchObject({ task: { id: started.id } });
      expect(streamedText(events)).toMatchObject({
        text: 'echo: follow me (thread messages: 1)',
        state: 'TASK_STATE_COMPLETED',
      });
    });
  });
});
