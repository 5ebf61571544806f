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
  usageOf,
  type AgentFixture,
  type ProviderContract,
} from '../testing/provider-contract';
import { ASSISTANT_ID, LANGGRAPH_KEY, startLangGraphFake, type LangGraphFake } from './langgraph.fake';

type Rpc = {
  method: string;
  params: { id?: string; contextId?: string; message?: { contextId?: string; parts?: unknown[] } };
};
type RunBody = {
  assistant_id: string;
  input: unknown;
  if_not_exists: string;
  on_disconnect: string;
  stream_mode?: string[];
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const agent = (fake: { url: string }): AgentFixture => ({
  name: 'lg',
  url: fake.url,
  provider: 'langgraph',
  providerConfig: { assistantId: ASSISTANT_ID },
  authType: 'api-key',
  auth: { apiKey: LANGGRAPH_KEY, headerName: 'X-Api-Key' },
});
const runsMode = { providerConfig: { assistantId: ASSISTANT_ID, mode: 'runs' } };
const rpcRequests = (fake: LangGraphFake) => fake.requests.filter((r) => r.path === `/a2a/${ASSISTANT_ID}`);
const rpcCalls = (fake: LangGraphFake) => rpcRequests(fake).map((r) => r.body as Rpc);
const runCalls = (fake: LangGraphFake, kind?: 'wait' | 'stream') =>
  fake.requests.filter((r) => /\/runs\/(wait|stream)$/.test(r.path) && (!kind || r.path.endsWith(kind)));
const cardProbes = (fake: LangGraphFake) =>
  fake.requests.filter((r) => r.path === '/.well-known/agent-card.json');
const taskOf = (answer: unknown) => (answer as { task: Task }).task;

const common: Omit<
  ProviderContract<LangGraphFake>,
  'variant' | 'agent' | 'storedConfig' | 'messageCalls' | 'expectRequest' | 'answersTask' | 'card'
> = {
  provider: 'langgraph',
  startFake: startLangGraphFake,
  badConfigs: [
    [{}, 'providerConfig.assistantId'],
    [{ assistantId: 'my agent' }, 'providerConfig.assistantId'],
    [{ assistantId: ASSISTANT_ID, mode: 'graphql' }, 'providerConfig.mode'],
    [{ assistantId: ASSISTANT_ID, model: 'x' }, 'providerConfig'],
  ],
  wrongCredentials: () => ({ authType: 'api-key', auth: { apiKey: 'lsv2_wrong', headerName: 'X-Api-Key' } }),
  secrets: [LANGGRAPH_KEY],
  reply: (text, turns) => `echo: ${text} (turns: ${turns})`,
  streamChunks: 4,
  conversations: 'per-caller',
  faults: FAULT_CODES,
  slow: { text: 'fault:hang', onTheWire: true },
};

describeProviderContract<LangGraphFake>({
  ...common,
  variant: 'its A2A endpoint, found by probing',
  agent,
  storedConfig: { assistantId: ASSISTANT_ID, mode: 'auto' },
  messageCalls: rpcRequests,
  expectRequest: (request: FakeRequest, text, stream) => {
    expect(request.headers['x-api-key']).toBe(LANGGRAPH_KEY);
    const rpc = request.body as Rpc;
    expect(rpc.method).toBe(stream ? 'message/stream' : 'message/send');
    expect(rpc.params.message).toMatchObject({ role: 'user', parts: [{ kind: 'text', text }] });
    // The LangGraph thread is a UUID the gateway derives per caller and contextId.
    expect(rpc.params.message?.contextId).toMatch(UUID);
  },
  answersTask: true,
  card: { name: 'agent', streaming: true },
});

describeProviderContract<LangGraphFake>({
  ...common,
  variant: 'the threads/runs API',
  agent: (fake) => ({ ...agent(fake), ...runsMode }),
  storedConfig: { assistantId: ASSISTANT_ID, mode: 'runs' },
  messageCalls: (fake) => runCalls(fake),
  expectRequest: (request, text, stream) => {
    expect(request.headers['x-api-key']).toBe(LANGGRAPH_KEY);
    expect(request.path).toMatch(new RegExp(`^/threads/[0-9a-f-]{36}/runs/${stream ? 'stream' : 'wait'}$`));
    expect(request.body as RunBody).toMatchObject({
      assistant_id: ASSISTANT_ID,
      input: { messages: [{ role: 'user', content: text }] },
      if_not_exists: 'create',
      on_disconnect: 'cancel',
    });
    if (stream) expect((request.body as RunBody).stream_mode).toEqual(['messages-tuple', 'values']);
  },
  usage: { inputTokens: 12, outputTokens: 4, model: 'fake-model' },
  answersTask: false,
  card: { name: 'lg', streaming: true },
});

describe('provider langgraph: what only LangGraph Agent Servers do', () => {
  const t = contractSetup<LangGraphFake>({ startFake: startLangGraphFake, agent });
  beforeEach(() => t.fake.setA2A(true));

  /** A stream read as a client reads it (continuously); resolves once the answer has started arriving. */
  async function openStream(name: string, text: string) {
    const seen: StreamEvent[] = [];
    const done = (async () => {
      for await (const event of t.gateway.sendMessageStream(name, text, { callerId: 'alice' }))
        seen.push(event);
      return seen;
    })();
    expect(await eventually(() => seen.some((e) => 'artifactUpdate' in e))).toBe(true);
    const first = seen[0];
    return { taskId: 'task' in first ? first.task.id : '', rest: () => done };
  }

  describe('through its A2A endpoint', () => {
    it('keeps the LangGraph thread to itself: the caller sees their own contextId; probes the card once', async () => {
      const name = t.register();
      const task = taskOf(await t.gateway.sendMessage(name, 'hello', { callerId: 'alice' }));
      const threadId = rpcCalls(t.fake)[0].params.message?.contextId;
      expect(task.contextId).not.toBe(threadId);
      expect(task.history?.every((m) => m.contextId === task.contextId)).toBe(true);
      await t.gateway.sendMessage(name, 'again', { callerId: 'alice' });
      expect(cardProbes(t.fake)).toHaveLength(1);
      expect(cardProbes(t.fake)[0].query.get('assistant_id')).toBe(ASSISTANT_ID);
      expect(t.stats(name)).toMatchObject({ invocations: 2, failures: 0 });
    });

    it('keeps one thread per contextId and per caller', async () => {
      const name = t.register();
      const first = taskOf(await t.gateway.sendMessage(name, 'one', { callerId: 'alice' }));
      await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId: first.contextId });
      await t.gateway.sendMessage(name, 'three', { callerId: 'bob', contextId: first.contextId });
      const threads = rpcCalls(t.fake).map((c) => c.params.message?.contextId);
      expect(threads[0]).toBe(threads[1]);
      expect(threads[2]).not.toBe(threads[0]);
    });

    it('reads a streamed run back with tasks/get on its thread', async () => {
      const name = t.register();
      const events = await collect(t.gateway.sendMessageStream(name, 'stream me', { callerId: 'alice' }));
      expect(Object.keys(events[0])).toEqual(['task']);
      const taskId = taskOf(events[0]).id;
      const task = await t.gateway.getTask(name, taskId, { callerId: 'alice' });
      expect(task.contextId).toBe(taskOf(events[0]).contextId);
      expect(answerText({ task })).toBe('echo: stream me (turns: 1)');
      const get = rpcCalls(t.fake).find((c) => c.method === 'tasks/get');
      expect(get?.params).toMatchObject({
        id: taskId,
        contextId: rpcCalls(t.fake)[0].params.message?.contextId,
      });
    });

    it('cancels a streamed run through the runs API (the A2A endpoint cannot)', async () => {
      const name = t.register();
      const stream = await openStream(name, 'fault:slow take your time');
      const canceled = await t.gateway.cancelTask(name, stream.taskId, { callerId: 'alice' });
      expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
      const rest = await stream.rest();
      const last = rest.at(-1);
      expect(last && 'statusUpdate' in last && last.statusUpdate.status.state).toBe('TASK_STATE_CANCELED');
      const threadId = rpcCalls(t.fake)[0].params.message?.contextId;
      expect(
        t.fake.requests.some((r) => r.path === `/threads/${threadId}/runs/${stream.taskId}/cancel`),
      ).toBe(true);
      expect(t.fake.runs.get(stream.taskId)?.status).toBe('interrupted');
      const again = await t.gateway.getTask(name, stream.taskId, { callerId: 'alice' });
      expect(again.status.state).toBe('TASK_STATE_CANCELED');
      const twice = await failureOf(t.gateway.cancelTask(name, stream.taskId, { callerId: 'alice' }));
      expect(twice.code).toBe(A2AErrorCode.TaskNotCancelable);
    });

    it('ends a canceled stream CANCELED even for a client that reads it slowly', async () => {
      const name = t.register();
      const events = t.gateway.sendMessageStream(name, 'fault:slow take your time', { callerId: 'alice' });
      const reader = events[Symbol.asyncIterator]();
      const first = (await reader.next()).value as StreamEvent;
      // Let the agent's first events pile up unread before the cancel.
      await new Promise((resolve) => setTimeout(resolve, 200));
      await t.gateway.cancelTask(name, taskOf(first).id, { callerId: 'alice' });
      const rest: StreamEvent[] = [];
      for (let next = await reader.next(); !next.done; next = await reader.next()) rest.push(next.value);
      const last = rest.at(-1);
      expect(last && 'statusUpdate' in last && last.statusUpdate.status.state).toBe('TASK_STATE_CANCELED');
    });

    it('answers a run that raised as a FAILED task, and refuses file parts as the caller’s mistake', async () => {
      const name = t.register();
      expect(taskOf(await t.gateway.sendMessage(name, 'fault:error')).status.state).toBe('TASK_STATE_FAILED');
      const file = await failureOf(
        t.gateway.send(name, {
          messageId: 'm1',
          role: 'ROLE_USER',
          parts: [{ url: 'https://example.com/report.pdf', mediaType: 'application/pdf' }],
        }),
      );
      expect(file.code).toBe(A2AErrorCode.InvalidRequest);
      expect(file.message).toContain('LangGraph');
    });

    it('keeps what it probed until the agent changes', async () => {
      const name = t.register();
      await t.gateway.sendMessage(name, 'hi');
      t.fake.setA2A(false);
      const stale = await failureOf(t.gateway.sendMessage(name, 'hi'));
      expect(stale.code).toBe(A2AErrorCode.UpstreamError);
      expect(stale.message).toContain('404');
      // Registering the agent again (a catalog update) makes the adapter forget what it probed.
      t.register({ description: 'moved to an older server' });
      const answer = await t.gateway.sendMessage(name, 'hi');
      expect('message' in answer).toBe(true);
      expect(cardProbes(t.fake)).toHaveLength(2);
    });
  });

  describe('through the threads/runs API', () => {
    it('falls back to runs/wait when the server has no A2A endpoint', async () => {
      t.fake.setA2A(false);
      const name = t.register();
      const answer = await t.gateway.sendMessage(name, 'hello');
      expect(answerText(answer)).toBe('echo: hello (turns: 1)');
      expect(usageOf(answer)).toEqual({ inputTokens: 12, outputTokens: 4, model: 'fake-model' });
      expect(runCalls(t.fake, 'wait')).toHaveLength(1);
      expect(rpcCalls(t.fake)).toHaveLength(0);
    });

    it('keeps one thread per contextId and per caller; only this run’s tokens count', async () => {
      const name = t.register(runsMode);
      const first = await t.gateway.sendMessage(name, 'one', { callerId: 'alice' });
      const contextId = 'message' in first ? first.message.contextId : undefined;
      const second = await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId });
      expect('message' in second && second.message.contextId).toBe(contextId);
      // The thread holds 4 messages now; only the new AI message's usage is this call's.
      expect(usageOf(second)).toMatchObject({ inputTokens: 36, outputTokens: 4 });
      await t.gateway.sendMessage(name, 'three', { callerId: 'bob', contextId });
      const [a, b, c] = runCalls(t.fake, 'wait').map((r) => r.path);
      expect(a).toBe(b);
      expect(c).not.toBe(a);
      expect(a).not.toContain(contextId);
      expect(cardProbes(t.fake)).toHaveLength(0);
    });

    it('counts the streamed run’s tokens', async () => {
      const name = t.register(runsMode);
      const events = await collect(t.gateway.sendMessageStream(name, 'stream me', { callerId: 'alice' }));
      const task = await t.gateway.getTask(name, taskOf(events[0]).id, { callerId: 'alice' });
      expect(task.metadata?.usage).toMatchObject({ inputTokens: 12, outputTokens: 5 });
      expect(t.stats(name)).toMatchObject({ inputTokens: 12, outputTokens: 5 });
    });

    it('cancels a streamed run by hanging up, which LangGraph turns into a cancel (on_disconnect)', async () => {
      const name = t.register(runsMode);
      const stream = await openStream(name, 'fault:slow take your time');
      const canceled = await t.gateway.cancelTask(name, stream.taskId, { callerId: 'alice' });
      expect(canceled.status.state).toBe('TASK_STATE_CANCELED');
      const last = (await stream.rest()).at(-1);
      expect(last && 'statusUpdate' in last && last.statusUpdate.status.state).toBe('TASK_STATE_CANCELED');
      const run = [...t.fake.runs.values()].at(-1);
      expect(await eventually(() => run?.status === 'interrupted')).toBe(true);
    });

    it('reports a run that raised as an agent error, on both paths', async () => {
      const name = t.register(runsMode);
      const error = await failureOf(t.gateway.sendMessage(name, 'fault:error'));
      expect(error.code).toBe(A2AErrorCode.AgentError);
      expect(error.message).toContain('LangGraph');
      expect(error.message).toContain('ValueError: the graph failed');
      const streamed = await failureOf(collect(t.gateway.sendMessageStream(name, 'fault:error')));
      expect(streamed.code).toBe(A2AErrorCode.AgentError);
    });

    it('makes the card from the catalog without probing', async () => {
      const name = t.register({ ...runsMode, description: 'A graph' });
      expect(await t.gateway.agentCard(name)).toMatchObject({ name: 'lg', description: 'A graph' });
      expect(cardProbes(t.fake)).toHaveLength(0);
    });
  });

  it('refuses mode "a2a" on a server without the A2A endpoint, naming LangGraph', async () => {
    t.fake.setA2A(false);
    const name = t.register({ providerConfig: { assistantId: ASSISTANT_ID, mode: 'a2a' } });
    const error = await failureOf(t.gateway.sendMessage(name, 'hi'));
    expect(error.code).toBe(A2AErrorCode.UpstreamError);
    expect(error.message).toContain('LangGraph');
    expect(runCalls(t.fake, 'wait')).toHaveLength(0);
  });
});
