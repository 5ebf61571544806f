import { A2AErrorCode } from '../../errors/a2a-error';
import type { Task } from '../../types/a2a.schemas';
import type { FakeServer } from '../testing/fake-http';
import {
  answerText,
  collect,
  contractSetup,
  describeProviderContract,
  failureOf,
  FAULT_CODES,
  streamedText,
  type AgentFixture,
} from '../testing/provider-contract';
import { PYDANTIC_TOKEN, startPydanticAIFake, type PydanticAIFake } from './pydantic-ai.fake';

type Rpc = { method: string; params: { message?: Record<string, unknown>; id?: string } };

const agent = (fake: FakeServer): AgentFixture => ({
  name: 'pyd',
  url: fake.url,
  provider: 'pydantic-ai',
  providerConfig: { pollIntervalMs: 50 },
  authType: 'bearer',
  auth: { token: PYDANTIC_TOKEN },
});
const rpcCalls = (fake: FakeServer) =>
  fake.requests.filter((r) => r.method === 'POST').map((r) => r.body as Rpc);
const taskOf = (answer: unknown) => (answer as { task: Task }).task;

describeProviderContract<PydanticAIFake>({
  provider: 'pydantic-ai',
  variant: 'served by FastA2A',
  startFake: startPydanticAIFake,
  agent,
  storedConfig: { pollIntervalMs: 50 },
  badConfigs: [
    [{ pollIntervalMs: 10 }, 'providerConfig.pollIntervalMs'],
    [{ pollIntervalMs: 'fast' }, 'providerConfig.pollIntervalMs'],
    [{ pollIntervalMs: 100, model: 'x' }, 'providerConfig'],
  ],
  wrongCredentials: () => ({ authType: 'bearer', auth: { token: 'wrong-token' } }),
  secrets: [PYDANTIC_TOKEN],
  reply: (text, turns) => `echo: ${text} (turns: ${turns})`,
  messageCalls: (fake) =>
    fake.requests.filter((r) => r.method === 'POST' && (r.body as Rpc).method === 'message/send'),
  // A stream is polled too: FastA2A answers message/stream with a 500.
  expectRequest: (request, text) => {
    expect(request.headers.authorization).toBe(`Bearer ${PYDANTIC_TOKEN}`);
    // FastA2A's shapes: kind on the message and its parts, no nulls anywhere.
    expect((request.body as Rpc).params.message).toMatchObject({
      kind: 'message',
      role: 'user',
      parts: [{ kind: 'text', text }],
    });
    expect(request.raw.toString()).not.toContain('null');
  },
  answersTask: true,
  streamChunks: 1,
  conversations: 'per-caller',
  card: { name: 'echo_agent', streaming: true },
  faults: FAULT_CODES,
  slow: { text: 'fault:hang', onTheWire: true },
});

describe('provider pydantic-ai: what only FastA2A agents do', () => {
  const t = contractSetup<PydanticAIFake>({ startFake: startPydanticAIFake, agent });

  it('polls the submitted task until it completes', async () => {
    const name = t.register();
    const answer = await t.gateway.sendMessage(name, 'hello');
    expect(taskOf(answer).status.state).toBe('TASK_STATE_COMPLETED');
    const calls = rpcCalls(t.fake);
    expect(calls[0].method).toBe('message/send');
    expect(calls.length).toBeGreaterThan(1);
    expect(calls.slice(1).every((c) => c.method === 'tasks/get')).toBe(true);
  });

  it('proves the fake refuses what FastA2A refuses: a null optional field, a part without kind', async () => {
    const post = (message: object) =>
      fetch(t.fake.url, {
        method: 'POST',
        headers: { authorization: `Bearer ${PYDANTIC_TOKEN}`, 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message } }),
      }).then((r) => r.json());
    const valid = { kind: 'message', role: 'user', messageId: 'm1', parts: [{ kind: 'text', text: 'x' }] };
    expect(await post({ ...valid, contextId: null })).toMatchObject({ error: { code: -32600 } });
    expect(await post({ ...valid, parts: [{ text: 'x' }] })).toMatchObject({ error: { code: -32600 } });
    expect(await post(valid)).toMatchObject({ result: { kind: 'task', status: { state: 'submitted' } } });
  });

  it('sends FastA2A a contextId scoped to the caller, showing callers only their own', async () => {
    const name = t.register();
    const first = taskOf(await t.gateway.sendMessage(name, 'one', { callerId: 'alice' }));
    const second = taskOf(
      await t.gateway.sendMessage(name, 'two', { callerId: 'alice', contextId: first.contextId }),
    );
    expect(second.contextId).toBe(first.contextId);
    expect(second.history?.every((m) => m.contextId === first.contextId)).toBe(true);
    const upstream = t.fake.tasks.get(second.id)?.contextId as string;
    expect(upstream).not.toBe(first.contextId);
    expect(upstream.endsWith(`:${first.contextId}`)).toBe(true);
    // Another caller cannot read the first caller's task.
    const peek = await failureOf(t.gateway.getTask(name, second.id, { callerId: 'bob' }));
    expect(peek.code).toBe(A2AErrorCode.TaskNotFound);
  });

  it('answers the submitted task at once with returnImmediately; the task is then followed by id', async () => {
    const name = t.register();
    const started = taskOf(
      await t.gateway.send(name, {
        message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'later' }] },
        configuration: { returnImmediately: true },
      }),
    );
    expect(started.status.state).toBe('TASK_STATE_SUBMITTED');
    expect(rpcCalls(t.fake).map((c) => c.method)).toEqual(['message/send']);
    const done = await t.gateway.waitForTask(name, started.id, 3_000);
    expect(done.status.state).toBe('TASK_STATE_COMPLETED');
    expect(answerText({ task: done })).toBe('echo: later (turns: 1)');
    expect(done.contextId).toBe(started.contextId);
  });

  it('streams by polling: the task, its state changes and its artifact, never calling message/stream', async () => {
    const name = t.register();
    const events = await collect(t.gateway.sendMessageStream(name, 'stream me'));
    const kinds = events.map((e) => Object.keys(e)[0]);
    expect(kinds[0]).toBe('task');
    expect(kinds).toContain('artifactUpdate');
    expect(kinds.at(-1)).toBe('statusUpdate');
    const states = events.flatMap((e) => ('statusUpdate' in e ? [e.statusUpdate.status.state] : []));
    expect(states).toEqual(['TASK_STATE_WORKING', 'TASK_STATE_COMPLETED']);
    expect(rpcCalls(t.fake).some((c) => c.method === 'message/stream')).toBe(false);
  });

  it('re-attaches to a running task (SubscribeToTask) by polling too', async () => {
    const name = t.register();
    const started = taskOf(
      await t.gateway.send(name, {
        message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'fault:slow subscribe' }] },
        configuration: { returnImmediately: true },
      }),
    );
    const streamed = streamedText(await collect(t.gateway.subscribeToTask(name, started.id)));
    expect(streamed).toMatchObject({
      taskId: started.id,
      state: 'TASK_STATE_COMPLETED',
      text: 'echo: fault:slow subscribe (turns: 1)',
    });
  });

  it('sends data parts as JSON text, since Pydantic AI fails a task that has one', async () => {
    const name = t.register();
    const answer = await t.gateway.send(name, {
      messageId: 'm1',
      role: 'ROLE_USER',
      parts: [{ data: { city: 'Oslo' } }],
    });
    expect(taskOf(answer).status.state).toBe('TASK_STATE_COMPLETED');
    expect(answerText(answer)).toBe('echo: {"city":"Oslo"} (turns: 1)');
    expect(rpcCalls(t.fake)[0].params.message?.parts).toEqual([{ kind: 'text', text: '{"city":"Oslo"}' }]);
  });

  it('reports a task the agent failed as a FAILED task', async () => {
    const name = t.register();
    expect(taskOf(await t.gateway.sendMessage(name, 'fault:fail')).status.state).toBe('TASK_STATE_FAILED');
  });

  it('cancels through tasks/cancel: a finished task is not cancelable, a running one says what FastA2A says', async () => {
    const name = t.register();
    const done = taskOf(await t.gateway.sendMessage(name, 'quick'));
    const late = await failureOf(t.gateway.cancelTask(name, done.id));
    expect(late.code).toBe(A2AErrorCode.TaskNotCancelable);
    const slow = taskOf(
      await t.gateway.send(name, {
        message: { messageId: 'm2', role: 'ROLE_USER', parts: [{ text: 'fault:slow' }] },
        configuration: { returnImmediately: true },
      }),
    );
    const canceled = await t.gateway.cancelTask(name, slow.id);
    // Pydantic AI's worker ignores cancels: the task keeps going, and the answer does not pretend otherwise.
    expect(['TASK_STATE_SUBMITTED', 'TASK_STATE_WORKING']).toContain(canceled.status.state);
    expect(rpcCalls(t.fake).some((c) => c.method === 'tasks/cancel' && c.params.id === slow.id)).toBe(true);
  });

  it('stops polling at the agent timeout', async () => {
    const name = t.register({ timeoutMs: 400 });
    const started = Date.now();
    const error = await failureOf(t.gateway.sendMessage(name, 'fault:slow'));
    expect(error.code).toBe(A2AErrorCode.Timeout);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('reads FastA2A’s card where FastA2A serves it', async () => {
    const name = t.register();
    await t.gateway.agentCard(name);
    expect(t.fake.requests.some((r) => r.path === '/.well-known/agent.json')).toBe(true);
  });

  it('keeps the agent’s JSON-RPC error (unknown task) as TASK_NOT_FOUND, naming the provider', async () => {
    const name = t.register();
    const first = taskOf(await t.gateway.sendMessage(name, 'hello'));
    t.fake.tasks.delete(first.id);
    const error = await failureOf(t.gateway.getTask(name, first.id));
    expect(error.code).toBe(A2AErrorCode.TaskNotFound);
    expect(error.message).toContain('Pydantic AI');
    expect(error.details.rpcError).toEqual({ code: -32001, message: 'Task not found', dialect: '0.3' });
  });
});
