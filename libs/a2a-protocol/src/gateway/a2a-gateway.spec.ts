/**
 * The gateway's own pipeline logic (resolve → enabled → rate limit → breaker → adapter with timeout and
 * retries → record), against a small in-test ProviderAdapter. Real agents over HTTP are exercised by the
 * API's invocation tests; here the adapter only scripts what an agent "did".
 */
import type { AdapterContext, ProviderAdapter } from '../adapters/provider-adapter';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type {
  AgentCard,
  ListTasksRequest,
  ListTasksResponse,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
  TaskState,
} from '../types/a2a.schemas';
import { A2AGateway, type A2AGatewayOptions } from './a2a-gateway';
import { toA2AError } from './call-errors';
import { AgentConfig } from './agent-config';
import { A2AMessage, Parts } from './messages';
import { AgentState, type InvocationRecord } from './ports';
import { TASK_SNAPSHOT_LIMITS } from './task-snapshot';

// ---- helpers -----------------------------------------------------------------------------------------

const task = (id: string, state: TaskState = 'TASK_STATE_WORKING', contextId = 'ctx-1'): Task => ({
  id,
  contextId,
  status: { state },
});

const statusUpdate = (taskId: string, state: TaskState): StreamEvent => ({
  statusUpdate: { taskId, contextId: 'ctx-1', status: { state } },
});

const card: AgentCard = {
  name: 'stub',
  description: 'stub agent',
  supportedInterfaces: [{ url: 'http://agent.test/', protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
  version: '1.0.0',
  capabilities: {},
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: [],
};

interface Handlers {
  send?: (ctx: AdapterContext, request: SendMessageRequest) => Promise<SendMessageResponse>;
  stream?: (ctx: AdapterContext, request: SendMessageRequest) => AsyncIterable<StreamEvent>;
  getTask?: (ctx: AdapterContext, taskId: string) => Promise<Task>;
  cancelTask?: (ctx: AdapterContext, taskId: string) => Promise<Task>;
  subscribe?: (ctx: AdapterContext, taskId: string) => AsyncIterable<StreamEvent>;
  healthCheck?: (ctx: AdapterContext) => Promise<void>;
}

type Op = 'send' | 'stream' | 'getTask' | 'cancelTask' | 'subscribe' | 'card' | 'healthCheck';

/** A ProviderAdapter whose behaviour each test scripts; it records every call and the context it got. */
class StubAdapter implements ProviderAdapter {
  readonly provider = 'a2a' as const;
  readonly calls: { op: Op; ctx: AdapterContext; arg?: unknown }[] = [];
  readonly forgotten: string[] = [];
  handlers: Handlers = {};

  count(op?: Op) {
    return this.calls.filter((c) => op === undefined || c.op === op).length;
  }

  send(ctx: AdapterContext, request: SendMessageRequest) {
    this.calls.push({ op: 'send', ctx, arg: request });
    return this.handlers.send
      ? this.handlers.send(ctx, request)
      : Promise.resolve({ task: task('task-1', 'TASK_STATE_COMPLETED') });
  }
  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    this.calls.push({ op: 'stream', ctx, arg: request });
    if (this.handlers.stream) {
      yield* this.handlers.stream(ctx, request);
      return;
    }
    yield { task: task('task-s', 'TASK_STATE_SUBMITTED') };
    yield statusUpdate('task-s', 'TASK_STATE_COMPLETED');
  }
  getTask(ctx: AdapterContext, taskId: string) {
    this.calls.push({ op: 'getTask', ctx, arg: taskId });
    return this.handlers.getTask ? this.handlers.getTask(ctx, taskId) : Promise.resolve(task(taskId));
  }
  cancelTask(ctx: AdapterContext, taskId: string) {
    this.calls.push({ op: 'cancelTask', ctx, arg: taskId });
    return this.handlers.cancelTask
      ? this.handlers.cancelTask(ctx, taskId)
      : Promise.resolve(task(taskId, 'TASK_STATE_CANCELED'));
  }
  async *subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    this.calls.push({ op: 'subscribe', ctx, arg: taskId });
    if (this.handlers.subscribe) {
      yield* this.handlers.subscribe(ctx, taskId);
      return;
    }
    yield statusUpdate(taskId, 'TASK_STATE_COMPLETED');
  }
  card(ctx: AdapterContext) {
    this.calls.push({ op: 'card', ctx });
    return Promise.resolve(card);
  }
  healthCheck(ctx: AdapterContext) {
    this.calls.push({ op: 'healthCheck', ctx });
    return this.handlers.healthCheck ? this.handlers.healthCheck(ctx) : Promise.resolve();
  }
  forget(agentName: string) {
    this.forgotten.push(agentName);
  }
}

/** A clock the test moves by hand (`now` option of the gateway). */
class Clock {
  t = 1_700_000_000_000;
  readonly now = () => this.t;
  advance(ms: number) {
    this.t += ms;
  }
}

const gateways: A2AGateway[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  await Promise.all(gateways.splice(0).map((g) => g.close()));
});

function setup(options: A2AGatewayOptions & { agents?: AgentConfig[] } = {}) {
  const adapter = new StubAdapter();
  const records: InvocationRecord[] = [];
  const { agents = [new AgentConfig('echo', 'http://agent.test/')], ...rest } = options;
  const gateway = new A2AGateway({
    adapters: [adapter],
    metrics: { record: (r) => records.push(r) },
    retry: { baseDelayMs: 1, maxDelayMs: 1 },
    ...rest,
  });
  gateways.push(gateway);
  for (const agent of agents) gateway.registerAgent(agent);
  return { gateway, adapter, records };
}

/** The A2AError a call (promise, or function that throws synchronously or rejects) ends with. */
async function errorOf(run: Promise<unknown> | (() => unknown)): Promise<A2AError> {
  let outcome: unknown;
  try {
    await (typeof run === 'function' ? run() : run);
  } catch (error) {
    outcome = error;
  }
  if (!(outcome instanceof A2AError)) {
    throw new Error(`expected an A2AError, got ${outcome === undefined ? 'success' : String(outcome)}`);
  }
  return outcome;
}

async function collect(stream: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const event of stream) out.push(event);
  return out;
}

/** Settles only when the call's signal aborts, with the signal's reason (what a well-behaved adapter does). */
const untilAborted = <T>(ctx: AdapterContext) =>
  new Promise<T>((_, reject) => {
    if (ctx.signal.aborted) return reject(ctx.signal.reason);
    ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason), { once: true });
  });

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A promise the test resolves or rejects by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const connectionError = (retryable?: boolean) =>
  new A2AError(A2AErrorCode.ConnectionError, 'Could not reach agent "echo" (ECONNREFUSED)', {
    agentName: 'echo',
    ...(retryable === undefined ? {} : { retryable }),
  });

// ---- resolve / enabled ---------------------------------------------------------------------------------

describe('A2AGateway: agent lookup', () => {
  const calls: [string, (g: A2AGateway, name: string) => unknown][] = [
    ['sendMessage', (g, n) => g.sendMessage(n, 'hi')],
    ['send', (g, n) => g.send(n, A2AMessage.send('hi'))],
    ['sendMessageStream', (g, n) => collect(g.sendMessageStream(n, 'hi'))],
    ['getTask', (g, n) => g.getTask(n, 'task-1')],
    ['cancelTask', (g, n) => g.cancelTask(n, 'task-1')],
    ['subscribeToTask', (g, n) => collect(g.subscribeToTask(n, 'task-1'))],
    ['waitForTask', (g, n) => g.waitForTask(n, 'task-1', 1_000)],
    ['agentCard', (g, n) => g.agentCard(n)],
    ['getAgent', (g, n) => g.getAgent(n)],
    ['listTasks', (g, n) => g.listTasks(n, {})],
    ['agentState', (g, n) => g.agentState(n)],
    ['setAgentState', (g, n) => g.setAgentState(n, AgentState.Healthy)],
  ];

  it.each(calls)('%s of an unknown agent → AGENT_NOT_FOUND, nothing sent', async (_, call) => {
    const { gateway, adapter } = setup();
    const error = await errorOf(() => call(gateway, 'nobody'));
    expect(error.code).toBe(A2AErrorCode.AgentNotFound);
    expect(error.agentName).toBe('nobody');
    expect(adapter.count()).toBe(0);
  });

  it.each([
    ['sendMessage', (g: A2AGateway) => g.sendMessage('off', 'hi')],
    ['send', (g: A2AGateway) => g.send('off', A2AMessage.send('hi'))],
    ['sendMessageStream', (g: A2AGateway) => collect(g.sendMessageStream('off', 'hi'))],
  ])('%s to a disabled agent → AGENT_DISABLED, nothing sent', async (_, call) => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('off', 'http://agent.test/').withEnabled(false)],
    });
    const error = await errorOf(() => call(gateway));
    expect(error.code).toBe(A2AErrorCode.AgentDisabled);
    expect(adapter.count()).toBe(0);
  });

  it.each([
    ['getTask', (g: A2AGateway) => g.getTask('off', 'task-1')],
    ['cancelTask', (g: A2AGateway) => g.cancelTask('off', 'task-1')],
    ['subscribeToTask', (g: A2AGateway) => collect(g.subscribeToTask('off', 'task-1'))],
    ['agentCard', (g: A2AGateway) => g.agentCard('off')],
  ])('%s of a disabled agent still works (its tasks may predate the switch)', async (_, call) => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('off', 'http://agent.test/').withEnabled(false)],
    });
    await call(gateway);
    expect(adapter.count()).toBe(1);
  });

  it('finds agents by slug as well as by name', async () => {
    const { gateway } = setup({ agents: [new AgentConfig('Support Agent', 'http://agent.test/')] });
    expect(gateway.getAgent('support-agent').name).toBe('Support Agent');
    await expect(gateway.sendMessage('support-agent', 'hi')).resolves.toHaveProperty('task');
    expect(gateway.stats().agents['Support Agent'].invocations).toBe(1);
  });

  it('refuses an agent whose provider has no adapter (UNSUPPORTED_OPERATION)', async () => {
    const { gateway } = setup({
      agents: [new AgentConfig('lg', 'http://agent.test/').withProvider('langgraph')],
    });
    expect((await errorOf(gateway.sendMessage('lg', 'hi'))).code).toBe(A2AErrorCode.UnsupportedOperation);
  });

  it('registerAgent replaces by name and tells the adapter to forget; unregisterAgent removes', () => {
    const { gateway, adapter } = setup();
    gateway.registerAgent(new AgentConfig('echo', 'http://other.test/'));
    expect(gateway.getAgent('echo').url).toBe('http://other.test/');
    expect(gateway.listAgents()).toHaveLength(1);
    expect(gateway.unregisterAgent('echo')).toBe(true);
    expect(gateway.unregisterAgent('echo')).toBe(false);
    expect(adapter.forgotten).toEqual(['echo', 'echo', 'echo']);
    expect(gateway.listAgents()).toEqual([]);
  });

  it('fromConfig registers the configured agents', async () => {
    const adapter = new StubAdapter();
    const gateway = A2AGateway.fromConfig({
      adapters: [adapter],
      agents: [new AgentConfig('a', 'http://a.test/'), new AgentConfig('b', 'http://b.test/')],
    });
    gateways.push(gateway);
    expect(gateway.listAgents().map((a) => a.name)).toEqual(['a', 'b']);
  });
});

// ---- requests ------------------------------------------------------------------------------------------

describe('A2AGateway: what the adapter receives', () => {
  it('sendMessage sends a user text message with a fresh id', async () => {
    const { gateway, adapter } = setup();
    await gateway.sendMessage('echo', 'hello');
    await gateway.sendMessage('echo', 'hello');
    const [a, b] = adapter.calls.map((c) => c.arg as SendMessageRequest);
    expect(a.message).toMatchObject({ role: 'ROLE_USER', parts: [{ text: 'hello' }] });
    expect(a.message.messageId).not.toBe(b.message.messageId);
  });

  it('send passes an A2AMessage (multi-part, configuration) as its request; contextId/taskId options win', async () => {
    const { gateway, adapter } = setup();
    const message = A2AMessage.send('describe', Parts.data({ n: 1 }))
      .withConfiguration({ returnImmediately: true })
      .withConfig({ temperature: 0 });
    await gateway.send('echo', message, { contextId: 'ctx-9' });
    const request = adapter.calls[0].arg as SendMessageRequest;
    expect(request).toEqual({
      ...message.request,
      message: { ...message.request.message, contextId: 'ctx-9' },
    });
    expect(request.configuration).toEqual({ returnImmediately: true });
    expect(request.metadata).toEqual({ temperature: 0 });
    expect(message.request.message.contextId).toBeUndefined(); // the caller's message is not mutated
  });

  it('send accepts a bare Message and a SendMessage request', async () => {
    const { gateway, adapter } = setup();
    const message = A2AMessage.send('x').request.message;
    await gateway.send('echo', message);
    await gateway.send('echo', { message, metadata: { a: 1 } });
    expect(adapter.calls.map((c) => c.arg)).toEqual([{ message }, { message, metadata: { a: 1 } }]);
  });

  it('gives the adapter the agent, an open signal and a fetch bound to the agent', async () => {
    const { gateway, adapter } = setup();
    await gateway.sendMessage('echo', 'hi');
    const { ctx } = adapter.calls[0];
    expect(ctx.agent.name).toBe('echo');
    expect(ctx.signal.aborted).toBe(false);
    expect(typeof ctx.fetch).toBe('function');
  });
});

// ---- rate limiting -------------------------------------------------------------------------------------

describe('A2AGateway: rate limit (token bucket per agent)', () => {
  it('lets `rpm` calls through at once, then refuses with retryAfterMs until the bucket refills', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(2)],
    });
    await gateway.sendMessage('echo', '1');
    await gateway.sendMessage('echo', '2');

    // 2 per minute = one token every 30 s.
    const refused = await errorOf(gateway.sendMessage('echo', '3'));
    expect(refused.code).toBe(A2AErrorCode.RateLimitExceeded);
    expect(refused.details.retryAfterMs).toBe(30_000);
    expect(refused.message).toMatch(/retry in 30 s/);
    expect(adapter.count()).toBe(2);

    clock.advance(12_000); // 0.4 token
    const later = await errorOf(gateway.sendMessage('echo', '3'));
    expect(later.details.retryAfterMs).toBe(18_000);
    expect(later.message).toMatch(/retry in 18 s/);

    clock.advance(18_000); // 1 token
    await expect(gateway.sendMessage('echo', '3')).resolves.toBeDefined();
    expect((await errorOf(gateway.sendMessage('echo', '4'))).details.retryAfterMs).toBe(30_000);
  });

  it.each([
    // rpm, ms since the bucket was emptied, expected Retry-After in ms (ceil of the time to one token)
    [60, 0, 1_000],
    [60, 250, 750],
    [7, 0, 8_572], // 60000/7 = 8571.43 → ceil
    [1, 59_999, 1],
  ])('rpm %i, %i ms after emptying: retryAfterMs %i', async (rpm, elapsed, retryAfterMs) => {
    const clock = new Clock();
    const { gateway } = setup({
      now: clock.now,
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(rpm)],
    });
    for (let i = 0; i < rpm; i++) await gateway.sendMessage('echo', `${i}`);
    clock.advance(elapsed);
    const error = await errorOf(gateway.sendMessage('echo', 'one more'));
    expect(error.code).toBe(A2AErrorCode.RateLimitExceeded);
    expect(error.details.retryAfterMs).toBe(retryAfterMs);
    expect(error.message).toContain(`retry in ${Math.ceil(retryAfterMs / 1000)} s`);
  });

  it('refills continuously but never beyond the per-minute capacity', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(3)],
    });
    clock.advance(10 * 60_000); // a long idle time: still only 3 tokens
    for (let i = 0; i < 3; i++) await gateway.sendMessage('echo', `${i}`);
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.RateLimitExceeded);
    clock.advance(20_000); // exactly one token at 3/min
    await gateway.sendMessage('echo', 'y');
    expect(adapter.count()).toBe(4);
  });

  it('limits each agent separately, and agents without a limit not at all', async () => {
    const clock = new Clock();
    const { gateway } = setup({
      now: clock.now,
      agents: [
        new AgentConfig('a', 'http://a.test/').withRateLimit(1),
        new AgentConfig('b', 'http://b.test/').withRateLimit(1),
        new AgentConfig('free', 'http://free.test/'),
      ],
    });
    await gateway.sendMessage('a', 'x');
    await gateway.sendMessage('b', 'x');
    for (let i = 0; i < 50; i++) await gateway.sendMessage('free', 'x');
    expect((await errorOf(gateway.sendMessage('a', 'x'))).code).toBe(A2AErrorCode.RateLimitExceeded);
  });

  it('also limits streams and task calls', async () => {
    const clock = new Clock();
    const { gateway } = setup({
      now: clock.now,
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(1)],
    });
    await collect(gateway.sendMessageStream('echo', 'x'));
    expect((await errorOf(collect(gateway.sendMessageStream('echo', 'x')))).code).toBe(
      A2AErrorCode.RateLimitExceeded,
    );
    expect((await errorOf(gateway.getTask('echo', 't'))).code).toBe(A2AErrorCode.RateLimitExceeded);
  });
});

// ---- circuit breaker -----------------------------------------------------------------------------------

describe('A2AGateway: circuit breaker', () => {
  function failing(threshold = 3, cooldownMs = 10_000) {
    const clock = new Clock();
    const env = setup({
      now: clock.now,
      breaker: { failureThreshold: threshold, cooldownMs },
      retry: { maxRetries: 0 },
    });
    env.adapter.handlers.send = () => Promise.reject(connectionError());
    return { ...env, clock };
  }

  it('opens after failureThreshold consecutive failures and refuses with AGENT_UNAVAILABLE + retryAfterMs', async () => {
    const { gateway, adapter, clock } = failing(3, 10_000);
    for (let i = 0; i < 2; i++) {
      expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.ConnectionError);
    }
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.ConnectionError);
    expect(gateway.agentState('echo')).toBe(AgentState.Unhealthy);
    expect(adapter.count()).toBe(3);

    clock.advance(2_500);
    const refused = await errorOf(gateway.sendMessage('echo', 'x'));
    expect(refused.code).toBe(A2AErrorCode.AgentUnavailable);
    expect(refused.details).toEqual({ agentName: 'echo', retryAfterMs: 7_500 });
    expect(refused.message).toMatch(/8 s/);
    // Every kind of call is refused, nothing reaches the agent.
    expect((await errorOf(gateway.getTask('echo', 't'))).code).toBe(A2AErrorCode.AgentUnavailable);
    expect((await errorOf(collect(gateway.sendMessageStream('echo', 'x')))).code).toBe(
      A2AErrorCode.AgentUnavailable,
    );
    expect(adapter.count()).toBe(3);
  });

  it('counts consecutive failures only: a success in between resets the count', async () => {
    const { gateway, adapter } = failing(3);
    const fail = () => Promise.reject(connectionError());
    const ok = () => Promise.resolve({ task: task('t', 'TASK_STATE_COMPLETED') });
    for (const outcome of [fail, fail, ok, fail, fail]) {
      adapter.handlers.send = outcome;
      await gateway.sendMessage('echo', 'x').catch(() => undefined);
    }
    adapter.handlers.send = ok;
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
  });

  it('half-open after the cooldown: one trial at a time; its success closes the circuit', async () => {
    const { gateway, adapter, clock } = failing(1, 10_000);
    await errorOf(gateway.sendMessage('echo', 'x'));
    clock.advance(10_000);

    const trial = deferred<SendMessageResponse>();
    adapter.handlers.send = () => trial.promise;
    const trialCall = gateway.sendMessage('echo', 'trial');
    await delay(0);
    const concurrent = await errorOf(gateway.sendMessage('echo', 'concurrent'));
    expect(concurrent.code).toBe(A2AErrorCode.AgentUnavailable);
    expect(concurrent.details.retryAfterMs).toBe(10_000);
    expect(adapter.count()).toBe(2); // the failure and the trial

    trial.resolve({ task: task('t', 'TASK_STATE_COMPLETED') });
    await expect(trialCall).resolves.toBeDefined();
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded); // closed, recovering
    adapter.handlers.send = undefined;
    await expect(gateway.sendMessage('echo', 'a')).resolves.toBeDefined();
    await expect(gateway.sendMessage('echo', 'b')).resolves.toBeDefined();
    expect(gateway.agentState('echo')).toBe(AgentState.Healthy); // 3 good answers in a row
  });

  it('a failed trial opens the circuit again for a full cooldown (even below the threshold)', async () => {
    const { gateway, adapter, clock } = failing(3, 10_000);
    for (let i = 0; i < 3; i++) await errorOf(gateway.sendMessage('echo', 'x'));
    clock.advance(10_000);
    expect((await errorOf(gateway.sendMessage('echo', 'trial'))).code).toBe(A2AErrorCode.ConnectionError);
    expect(adapter.count()).toBe(4);
    clock.advance(9_999);
    const refused = await errorOf(gateway.sendMessage('echo', 'x'));
    expect(refused.code).toBe(A2AErrorCode.AgentUnavailable);
    expect(refused.details.retryAfterMs).toBe(1);
    clock.advance(1);
    adapter.handlers.send = undefined;
    await expect(gateway.sendMessage('echo', 'second trial')).resolves.toBeDefined();
  });

  it('a trial that never reports back is released after another cooldown', async () => {
    const { gateway, adapter, clock } = failing(1, 10_000);
    await errorOf(gateway.sendMessage('echo', 'x'));
    clock.advance(10_000);
    adapter.handlers.send = untilAborted; // reports back only when the test ends it
    const caller = new AbortController();
    const stuck = gateway.sendMessage('echo', 'trial', { signal: caller.signal });
    void stuck.catch(() => undefined);
    await delay(0);
    clock.advance(5_000);
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).details.retryAfterMs).toBe(5_000);
    clock.advance(5_000);
    adapter.handlers.send = undefined;
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
    caller.abort();
    await stuck.catch(() => undefined);
  });

  const counting: [string, unknown][] = [
    ['TIMEOUT', A2AError.timeout('echo', 10)],
    ['CONNECTION_ERROR', connectionError()],
    ['PROTOCOL_ERROR', new A2AError(A2AErrorCode.ProtocolError, 'bad JSON')],
    ['RESPONSE_TOO_LARGE', new A2AError(A2AErrorCode.ResponseTooLarge, 'big')],
    ['UPSTREAM_ERROR 500', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 500 })],
    ['UPSTREAM_ERROR 502', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 502 })],
    ['UPSTREAM_ERROR 503', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 503 })],
    ['UPSTREAM_ERROR 504', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 504 })],
    ['UPSTREAM_ERROR without status', new A2AError(A2AErrorCode.UpstreamError, 'x')],
    ['a plain Error (read as PROTOCOL_ERROR)', new TypeError('Unexpected token < in JSON')],
  ];
  const notCounting: [string, unknown][] = [
    ['UPSTREAM_ERROR 400', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 400 })],
    ['UPSTREAM_ERROR 404', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 404 })],
    ['UPSTREAM_ERROR 429', new A2AError(A2AErrorCode.UpstreamError, 'x', { status: 429 })],
    ['AUTHENTICATION_ERROR', new A2AError(A2AErrorCode.AuthenticationError, 'x', { status: 401 })],
    ['TASK_NOT_FOUND', new A2AError(A2AErrorCode.TaskNotFound, 'x')],
    ['TASK_NOT_CANCELABLE', new A2AError(A2AErrorCode.TaskNotCancelable, 'x')],
    ['AGENT_ERROR', new A2AError(A2AErrorCode.AgentError, 'x')],
    ['UNSUPPORTED_OPERATION', new A2AError(A2AErrorCode.UnsupportedOperation, 'x')],
    ['INVALID_REQUEST', new A2AError(A2AErrorCode.InvalidRequest, 'x')],
    ['OUTBOUND_URL_NOT_ALLOWED', new A2AError(A2AErrorCode.OutboundUrlNotAllowed, 'x')],
    ['CANCELED', new A2AError(A2AErrorCode.Canceled, 'x')],
  ];

  it.each(counting)('%s counts against the agent', async (_, thrown) => {
    const { gateway, adapter } = failing(1);
    adapter.handlers.send = () => Promise.reject(thrown);
    await errorOf(gateway.sendMessage('echo', 'x'));
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.AgentUnavailable);
    expect(adapter.count()).toBe(1);
  });

  it.each(notCounting)('%s does not count against the agent', async (_, thrown) => {
    const { gateway, adapter } = failing(1);
    adapter.handlers.send = () => Promise.reject(thrown);
    for (let i = 0; i < 3; i++) await errorOf(gateway.sendMessage('echo', 'x'));
    expect(adapter.count()).toBe(3);
    expect(gateway.listAvailableAgents().map((a) => a.name)).toEqual(['echo']);
  });

  it('counts one failure per call, not per retry attempt', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      breaker: { failureThreshold: 2 },
      retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 },
    });
    adapter.handlers.send = () => Promise.reject(connectionError(true));
    await errorOf(gateway.sendMessage('echo', 'x'));
    expect(adapter.count()).toBe(4);
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded); // 1 failure < threshold 2
    await errorOf(gateway.sendMessage('echo', 'x'));
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.AgentUnavailable);
  });

  it('stream failures move the breaker too', async () => {
    const { gateway, adapter } = failing(1);
    adapter.handlers.stream = async function* () {
      yield* [];
      throw connectionError();
    };
    await errorOf(collect(gateway.sendMessageStream('echo', 'x')));
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.AgentUnavailable);
  });

  it('marks a slow success Degraded, a fast one Healthy', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      breaker: { degradedLatencyMs: 1_000, recoverySuccesses: 1 },
    });
    adapter.handlers.send = async () => {
      clock.advance(1_001);
      return { task: task('t', 'TASK_STATE_COMPLETED') };
    };
    await gateway.sendMessage('echo', 'x');
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
    adapter.handlers.send = undefined;
    await gateway.sendMessage('echo', 'x');
    expect(gateway.agentState('echo')).toBe(AgentState.Healthy);
  });

  // BUG (see report): a half-open trial that ends with an error that does not count against the agent
  // (the agent answered 4xx / task-not-found, or the caller went away) reports neither success nor
  // failure to the breaker, so `trialStartedAt` stays set and every call is refused for another full
  // cooldown although the agent just answered. Remove `.failing` once fixed.
  it('a trial that ends with a non-counting error releases the half-open slot', async () => {
    const { gateway, adapter, clock } = failing(1, 10_000);
    await errorOf(gateway.sendMessage('echo', 'x'));
    clock.advance(10_000);
    adapter.handlers.getTask = () => Promise.reject(new A2AError(A2AErrorCode.TaskNotFound, 'no such task'));
    expect((await errorOf(gateway.getTask('echo', 'gone'))).code).toBe(A2AErrorCode.TaskNotFound);
    adapter.handlers.send = undefined;
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
  });
});

// ---- retries -------------------------------------------------------------------------------------------

describe('A2AGateway: retries', () => {
  /** The adapter throws `errors` in turn, then succeeds. */
  function flaky(errors: unknown[], options: A2AGatewayOptions = {}) {
    const env = setup({ retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 }, ...options });
    const queue = [...errors];
    const next = () => (queue.length ? Promise.reject(queue.shift()) : undefined);
    env.adapter.handlers.send = () => next() ?? Promise.resolve({ task: task('t', 'TASK_STATE_COMPLETED') });
    env.adapter.handlers.getTask = (_, id) => next() ?? Promise.resolve(task(id, 'TASK_STATE_COMPLETED'));
    env.adapter.handlers.cancelTask = (_, id) => next() ?? Promise.resolve(task(id, 'TASK_STATE_CANCELED'));
    return env;
  }

  it('retries an error marked retryable and records one successful invocation with its attempts', async () => {
    const { gateway, adapter, records } = flaky([connectionError(true), connectionError(true)]);
    await expect(gateway.sendMessage('echo', 'x')).resolves.toHaveProperty('task');
    expect(adapter.count()).toBe(3);
    expect(records).toEqual([expect.objectContaining({ operation: 'send', ok: true, attempts: 3 })]);
    expect(gateway.stats().agents.echo).toMatchObject({ invocations: 1, failures: 0 });
    // The retried request is the same message (same messageId: the agent can deduplicate).
    const ids = adapter.calls.map((c) => (c.arg as SendMessageRequest).message.messageId);
    expect(new Set(ids).size).toBe(1);
  });

  it.each([
    ['retryable: false', connectionError(false)],
    ['retryable absent', connectionError()],
    [
      'retryable: "yes" (not strictly true)',
      new A2AError(A2AErrorCode.ConnectionError, 'x', { retryable: 'yes' }),
    ],
    ['a plain Error', new Error('boom')],
  ])('does not retry an error with %s', async (_, error) => {
    const { gateway, adapter } = flaky([error]);
    await errorOf(gateway.sendMessage('echo', 'x'));
    expect(adapter.count()).toBe(1);
  });

  it.each([0, 1, 3])('stops after maxRetries = %i and throws the last error', async (maxRetries) => {
    const errors = Array.from(
      { length: 10 },
      (_, i) => new A2AError(A2AErrorCode.UpstreamError, `attempt ${i}`, { status: 503, retryable: true }),
    );
    const { gateway, adapter, records } = flaky(errors, {
      retry: { maxRetries, baseDelayMs: 1, maxDelayMs: 1 },
    });
    const error = await errorOf(gateway.sendMessage('echo', 'x'));
    expect(error.message).toBe(`attempt ${maxRetries}`);
    expect(adapter.count()).toBe(maxRetries + 1);
    expect(records).toEqual([
      expect.objectContaining({ ok: false, attempts: maxRetries + 1, errorCode: A2AErrorCode.UpstreamError }),
    ]);
  });

  it('retries getTask', async () => {
    const { gateway, adapter } = flaky([connectionError(true)]);
    await expect(gateway.getTask('echo', 't')).resolves.toMatchObject({ id: 't' });
    expect(adapter.count('getTask')).toBe(2);
  });

  it('never retries cancelTask', async () => {
    const { gateway, adapter } = flaky([connectionError(true)]);
    expect((await errorOf(gateway.cancelTask('echo', 't'))).code).toBe(A2AErrorCode.ConnectionError);
    expect(adapter.count('cancelTask')).toBe(1);
  });

  it('waits a jittered backoff between attempts (backoffDelay with Math.random)', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const { gateway } = flaky([connectionError(true), connectionError(true)], {
      retry: { maxRetries: 2, baseDelayMs: 40, maxDelayMs: 1_000 },
    });
    const started = Date.now();
    await gateway.sendMessage('echo', 'x');
    // floor(0.999·40) + floor(0.999·80) = 39 + 79 ms at least.
    expect(Date.now() - started).toBeGreaterThanOrEqual(110);
  });

  it('retries a stream that fails before its first event', async () => {
    const { gateway, adapter } = setup({ retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 } });
    let opened = 0;
    adapter.handlers.stream = async function* () {
      if (++opened < 3) throw connectionError(true);
      yield statusUpdate('t', 'TASK_STATE_COMPLETED');
    };
    expect(await collect(gateway.sendMessageStream('echo', 'x'))).toHaveLength(1);
    expect(adapter.count('stream')).toBe(3);
  });

  it('does not retry a stream once an event was delivered', async () => {
    const { gateway, adapter } = setup({ retry: { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    adapter.handlers.stream = async function* () {
      yield statusUpdate('t', 'TASK_STATE_WORKING');
      throw connectionError(true);
    };
    const seen: StreamEvent[] = [];
    const error = await errorOf(
      (async () => {
        for await (const event of gateway.sendMessageStream('echo', 'x')) seen.push(event);
      })(),
    );
    expect(error.code).toBe(A2AErrorCode.ConnectionError);
    expect(seen).toHaveLength(1);
    expect(adapter.count('stream')).toBe(1);
  });

  it('retries subscribeToTask before its first event too', async () => {
    const { gateway, adapter } = setup({ retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    let opened = 0;
    adapter.handlers.subscribe = async function* (_, id) {
      if (++opened === 1) throw connectionError(true);
      yield statusUpdate(id, 'TASK_STATE_COMPLETED');
    };
    expect(await collect(gateway.subscribeToTask('echo', 't'))).toHaveLength(1);
    expect(adapter.count('subscribe')).toBe(2);
  });

  // BUG (see report): when the caller aborts during the backoff sleep, `sleep` rejects with the raw
  // signal reason and that escapes `call()` from inside its catch block: the caller gets a DOMException
  // instead of A2AError CANCELED, and the failure is never recorded (stats, metrics). Remove `.failing`
  // once fixed.
  it('a caller abort during the backoff ends the call with CANCELED and is recorded', async () => {
    jest.spyOn(Math, 'random').mockReturnValue(0.999);
    const { gateway, adapter, records } = flaky([connectionError(true)], {
      retry: { maxRetries: 3, baseDelayMs: 5_000, maxDelayMs: 5_000 },
    });
    const caller = new AbortController();
    const call = gateway.sendMessage('echo', 'x', { signal: caller.signal });
    await delay(20);
    caller.abort();
    const error = await errorOf(call);
    expect(adapter.count()).toBe(1);
    expect(error.code).toBe(A2AErrorCode.Canceled);
    expect(records).toHaveLength(1);
  });
});

// ---- timeouts and cancellation ------------------------------------------------------------------------

describe('A2AGateway: timeouts and caller aborts', () => {
  it('aborts the adapter’s signal with an A2AError TIMEOUT after agent.timeoutMs', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withTimeout(60)],
    });
    let abortedAfter = -1;
    const started = Date.now();
    adapter.handlers.send = (ctx) => {
      ctx.signal.addEventListener('abort', () => (abortedAfter = Date.now() - started));
      return untilAborted(ctx);
    };
    const error = await errorOf(gateway.sendMessage('echo', 'x'));
    expect(error.code).toBe(A2AErrorCode.Timeout);
    expect(error.details).toMatchObject({ agentName: 'echo', timeoutMs: 60 });
    expect(abortedAfter).toBeGreaterThanOrEqual(55);
    const reason = adapter.calls[0].ctx.signal.reason as A2AError;
    expect(A2AError.is(reason, A2AErrorCode.Timeout)).toBe(true);
    expect(adapter.count()).toBe(1); // a timeout is not retried: the agent may have acted
  });

  it('reads a non-A2A abort error from the adapter as the signal’s reason (TIMEOUT)', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withTimeout(30)],
    });
    adapter.handlers.send = (ctx) =>
      new Promise((_, reject) =>
        ctx.signal.addEventListener('abort', () =>
          reject(new DOMException('This operation was aborted', 'AbortError')),
        ),
      );
    expect((await errorOf(gateway.sendMessage('echo', 'x'))).code).toBe(A2AErrorCode.Timeout);
  });

  it('each attempt gets its own timer (a retry is not cut short by the first attempt’s clock)', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withTimeout(80)],
      retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 1 },
    });
    let n = 0;
    adapter.handlers.send = async (ctx) => {
      await delay(50);
      if (++n === 1) throw connectionError(true);
      // ~100 ms since the call began, ~50 ms into this attempt: within this attempt's 80 ms.
      if (ctx.signal.aborted) throw ctx.signal.reason;
      return { task: task('t', 'TASK_STATE_COMPLETED') };
    };
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
  });

  it('a stream’s idle timer restarts on every event', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withTimeout(100)],
    });
    adapter.handlers.stream = async function* (ctx) {
      for (let i = 0; i < 5; i++) {
        await delay(50); // 250 ms in all, never 100 ms without an event
        if (ctx.signal.aborted) throw ctx.signal.reason;
        yield statusUpdate('t', 'TASK_STATE_WORKING');
      }
      yield statusUpdate('t', 'TASK_STATE_COMPLETED');
    };
    expect(await collect(gateway.sendMessageStream('echo', 'x'))).toHaveLength(6);
  });

  it('a stream that goes quiet for timeoutMs ends with TIMEOUT after the events it delivered', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withTimeout(60)],
    });
    adapter.handlers.stream = async function* (ctx) {
      yield statusUpdate('t', 'TASK_STATE_WORKING');
      await untilAborted(ctx);
    };
    const seen: StreamEvent[] = [];
    const error = await errorOf(
      (async () => {
        for await (const event of gateway.sendMessageStream('echo', 'x')) seen.push(event);
      })(),
    );
    expect(error.code).toBe(A2AErrorCode.Timeout);
    expect(seen).toHaveLength(1);
  });

  it.each([
    ['send', (g: A2AGateway, signal: AbortSignal) => g.sendMessage('echo', 'x', { signal })],
    ['getTask', (g: A2AGateway, signal: AbortSignal) => g.getTask('echo', 't', { signal })],
    ['stream', (g: A2AGateway, signal: AbortSignal) => collect(g.sendMessageStream('echo', 'x', { signal }))],
  ])(
    'a caller abort during %s → CANCELED, seen by the adapter, not held against the agent',
    async (_, call) => {
      const { gateway, adapter } = setup({ breaker: { failureThreshold: 1 } });
      adapter.handlers.send = untilAborted;
      adapter.handlers.getTask = untilAborted;
      adapter.handlers.stream = async function* (ctx) {
        yield* [];
        await untilAborted(ctx);
      };
      const caller = new AbortController();
      const pending = call(gateway, caller.signal);
      await delay(10);
      caller.abort();
      const error = await errorOf(pending);
      expect(error.code).toBe(A2AErrorCode.Canceled);
      expect(A2AError.is(adapter.calls[0].ctx.signal.reason, A2AErrorCode.Canceled)).toBe(true);
      expect(gateway.listAvailableAgents()).toHaveLength(1);
      expect(gateway.stats().agents.echo.failures).toBe(1);
    },
  );

  it('an already aborted caller signal → CANCELED', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.send = untilAborted;
    expect((await errorOf(gateway.sendMessage('echo', 'x', { signal: AbortSignal.abort() }))).code).toBe(
      A2AErrorCode.Canceled,
    );
  });

  it('a consumer that stops reading a stream early closes the upstream call', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.stream = async function* (ctx) {
      yield statusUpdate('t', 'TASK_STATE_WORKING');
      await untilAborted(ctx);
    };
    for await (const event of gateway.sendMessageStream('echo', 'x')) {
      expect(event).toHaveProperty('statusUpdate');
      break;
    }
    const reason = adapter.calls[0].ctx.signal.reason as A2AError;
    expect(A2AError.is(reason, A2AErrorCode.Canceled)).toBe(true);
    expect(reason.message).toMatch(/closed by the caller/);
  });

  it('a stream the agent ends by itself has nothing to close: its signal is left alone', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.stream = async function* () {
      yield statusUpdate('t', 'TASK_STATE_COMPLETED');
    };
    expect(await collect(gateway.sendMessageStream('echo', 'x'))).toHaveLength(1);
    expect(adapter.calls[0].ctx.signal.aborted).toBe(false);
  });

  // Accounting gap (see report): a stream the consumer closes early (client disconnect) reaches neither
  // `succeeded` nor `failed`, so it is missing from stats() and the metrics sink. Remove `.failing` once
  // fixed.
  it('a stream closed early by the consumer is still recorded as an invocation', async () => {
    const { gateway, records } = setup();
    for await (const _event of gateway.sendMessageStream('echo', 'x')) break;
    expect(records).toHaveLength(1);
    expect(gateway.stats().agents.echo.invocations).toBe(1);
  });
});

// ---- task ownership -----------------------------------------------------------------------------------

describe('A2AGateway: task ownership (callerId)', () => {
  async function owned() {
    const env = setup();
    env.adapter.handlers.send = (_, request) =>
      Promise.resolve({ task: task(request.message.taskId ?? 'task-a', 'TASK_STATE_INPUT_REQUIRED') });
    env.adapter.handlers.getTask = (_, id) => Promise.resolve(task(id, 'TASK_STATE_INPUT_REQUIRED'));
    await env.gateway.sendMessage('echo', 'start', { callerId: 'alice' });
    env.adapter.calls.length = 0;
    return env;
  }

  const touches: [string, (g: A2AGateway, callerId?: string) => Promise<unknown>][] = [
    ['getTask', (g, callerId) => g.getTask('echo', 'task-a', { callerId })],
    ['cancelTask', (g, callerId) => g.cancelTask('echo', 'task-a', { callerId })],
    ['subscribeToTask', (g, callerId) => collect(g.subscribeToTask('echo', 'task-a', { callerId }))],
    [
      'send (continue, taskId option)',
      (g, callerId) => g.sendMessage('echo', 'more', { callerId, taskId: 'task-a' }),
    ],
    [
      'send (continue, A2AMessage.continuing)',
      (g, callerId) => g.send('echo', A2AMessage.send('more').continuing('task-a'), { callerId }),
    ],
    [
      'stream (continue)',
      (g, callerId) =>
        collect(g.sendMessageStream('echo', A2AMessage.send('more').continuing('task-a'), { callerId })),
    ],
    ['waitForTask', (g, callerId) => g.waitForTask('echo', 'task-a', 1_000, { callerId })],
  ];

  it.each(touches)('%s by another caller → TASK_NOT_FOUND, nothing sent', async (_, touch) => {
    const { gateway, adapter } = await owned();
    const error = await errorOf(touch(gateway, 'bob'));
    expect(error.code).toBe(A2AErrorCode.TaskNotFound);
    expect(error.details).toMatchObject({ agentName: 'echo', taskId: 'task-a' });
    expect(adapter.count()).toBe(0);
    // …and it does not count against the agent.
    expect(gateway.listAvailableAgents()).toHaveLength(1);
  });

  it.each(touches)('%s by the owner works', async (_, touch) => {
    const { gateway, adapter } = await owned();
    await touch(gateway, 'alice');
    expect(adapter.count()).toBe(1);
  });

  it.each(touches)('%s without callerId (library use) is unrestricted', async (_, touch) => {
    const { gateway, adapter } = await owned();
    await touch(gateway, undefined);
    expect(adapter.count()).toBe(1);
  });

  it('a task the gateway never saw is not found for any caller', async () => {
    const { gateway, adapter } = setup();
    expect((await errorOf(gateway.getTask('echo', 'elsewhere', { callerId: 'alice' }))).code).toBe(
      A2AErrorCode.TaskNotFound,
    );
    await gateway.getTask('echo', 'elsewhere'); // unrestricted without a callerId
    expect(adapter.count()).toBe(1);
  });

  it('tasks seen on a stream are bound to the caller who opened it', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.stream = async function* () {
      yield { task: task('task-s', 'TASK_STATE_SUBMITTED') };
      yield statusUpdate('task-s', 'TASK_STATE_WORKING');
    };
    await collect(gateway.sendMessageStream('echo', 'x', { callerId: 'carol' }));
    await expect(gateway.getTask('echo', 'task-s', { callerId: 'carol' })).resolves.toBeDefined();
    expect((await errorOf(gateway.getTask('echo', 'task-s', { callerId: 'dave' }))).code).toBe(
      A2AErrorCode.TaskNotFound,
    );
  });

  it('library reads of a task do not take it away from its owner', async () => {
    const { gateway, adapter } = await owned();
    adapter.handlers.getTask = (_, id) => Promise.resolve(task(id, 'TASK_STATE_WORKING'));
    await gateway.getTask('echo', 'task-a');
    await expect(gateway.getTask('echo', 'task-a', { callerId: 'alice' })).resolves.toBeDefined();
    expect(await gateway.listTaskRecords({ ownerId: 'alice' })).toEqual([
      expect.objectContaining({ taskId: 'task-a', ownerId: 'alice', state: 'TASK_STATE_WORKING' }),
    ]);
  });

  it('the same task id on another agent is another task', async () => {
    const { gateway } = await owned();
    gateway.registerAgent(new AgentConfig('other', 'http://other.test/'));
    expect((await errorOf(gateway.getTask('other', 'task-a', { callerId: 'alice' }))).code).toBe(
      A2AErrorCode.TaskNotFound,
    );
  });
});

// ---- listTasks -----------------------------------------------------------------------------------------

describe('A2AGateway: listTasks (from its own task records)', () => {
  /** An agent whose every send starts a new WORKING task (`t1`, `t2`, …) in the message's context. */
  function listing(options: A2AGatewayOptions & { agents?: AgentConfig[] } = {}) {
    const clock = new Clock();
    const env = setup({ now: clock.now, ...options });
    let n = 0;
    env.adapter.handlers.send = (_, request) =>
      Promise.resolve({
        task: task(
          request.message.taskId ?? `t${++n}`,
          'TASK_STATE_WORKING',
          request.message.contextId ?? 'ctx-1',
        ),
      });
    /** A new task of `callerId`, seen one second after the previous one. */
    const start = async (callerId?: string, contextId?: string) => {
      clock.advance(1_000);
      const result = await env.gateway.sendMessage('echo', 'x', { callerId, contextId });
      return 'task' in result ? result.task.id : '';
    };
    return { ...env, clock, start };
  }
  const ids = (response: ListTasksResponse) => response.tasks.map((t) => t.id);

  it('shows each caller only its own tasks of the agent, newest first; library use sees them all', async () => {
    const { gateway, start } = listing();
    const alice = [await start('alice'), await start('alice')];
    const bob = [await start('bob')];
    const carol = [await start('carol'), await start('carol')];

    const ofAlice = await gateway.listTasks('echo', {}, { callerId: 'alice' });
    expect(ofAlice).toMatchObject({ nextPageToken: '', pageSize: 50, totalSize: 2 });
    expect(ids(ofAlice)).toEqual([...alice].reverse());
    expect(ids(await gateway.listTasks('echo', {}, { callerId: 'bob' }))).toEqual(bob);
    expect(ids(await gateway.listTasks('echo', {}, { callerId: 'mallory' }))).toEqual([]);
    const all = await gateway.listTasks('echo', {}, {});
    expect(ids(all)).toEqual([...alice, ...bob, ...carol].reverse());
    expect(all.totalSize).toBe(5);
  });

  it('does not show another agent’s tasks', async () => {
    const { gateway, start } = listing({
      agents: [new AgentConfig('echo', 'http://agent.test/'), new AgentConfig('other', 'http://other.test/')],
    });
    await start('alice');
    expect(await gateway.listTasks('other', {}, { callerId: 'alice' })).toEqual({
      tasks: [],
      nextPageToken: '',
      pageSize: 50,
      totalSize: 0,
    });
  });

  it('lists v1.0 tasks: id, context, the last status with its timestamp', async () => {
    const { gateway, adapter, clock } = listing();
    adapter.handlers.send = () =>
      Promise.resolve({
        task: {
          id: 'stamped',
          contextId: 'c',
          status: { state: 'TASK_STATE_COMPLETED', timestamp: '2026-01-02T03:04:05.678901Z' },
        },
      });
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });
    adapter.handlers.send = () => Promise.resolve({ task: task('unstamped', 'TASK_STATE_WORKING', 'c') });
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });
    const { tasks } = await gateway.listTasks('echo', {}, { callerId: 'alice' });
    expect(tasks).toEqual([
      {
        id: 'unstamped',
        contextId: 'c',
        status: { state: 'TASK_STATE_WORKING', timestamp: new Date(clock.t).toISOString() },
      },
      {
        id: 'stamped',
        contextId: 'c',
        status: { state: 'TASK_STATE_COMPLETED', timestamp: '2026-01-02T03:04:05.678901Z' },
      },
    ]);
  });

  it('filters by context, by state, by when the task was last seen, and by all three', async () => {
    const { gateway, adapter, clock, start } = listing();
    const early = await start('alice', 'a');
    const since = new Date(clock.t + 1).toISOString();
    const inA = await start('alice', 'a');
    const inB = await start('alice', 'b');
    adapter.handlers.getTask = (_, id) => Promise.resolve(task(id, 'TASK_STATE_COMPLETED', 'a'));
    clock.advance(1_000);
    await gateway.getTask('echo', early, { callerId: 'alice' }); // seen again now, completed
    const list = (request: ListTasksRequest) =>
      gateway.listTasks('echo', request, { callerId: 'alice' }).then((r) => [ids(r), r.totalSize]);

    expect(await list({ contextId: 'a' })).toEqual([[early, inA], 2]);
    expect(await list({ contextId: 'nowhere' })).toEqual([[], 0]);
    expect(await list({ status: 'TASK_STATE_WORKING' })).toEqual([[inB, inA], 2]);
    expect(await list({ status: 'TASK_STATE_COMPLETED' })).toEqual([[early], 1]);
    expect(await list({ statusTimestampAfter: since })).toEqual([[early, inB, inA], 3]);
    expect(await list({ statusTimestampAfter: new Date(clock.t + 1).toISOString() })).toEqual([[], 0]);
    expect(await list({ contextId: 'a', status: 'TASK_STATE_WORKING', statusTimestampAfter: since })).toEqual(
      [[inA], 1],
    );
    // The proto's defaults are "no filter".
    expect(await list({ contextId: '', status: 'TASK_STATE_UNSPECIFIED', pageToken: '' })).toEqual([
      [early, inB, inA],
      3,
    ]);
  });

  it('pages with a token until an empty one, in one order while new tasks arrive', async () => {
    const { gateway, start } = listing();
    const created: string[] = [];
    for (let i = 0; i < 5; i++) created.push(await start('alice'));
    await start('bob');

    const seen: string[] = [];
    let token = '';
    const pages: ListTasksResponse[] = [];
    do {
      const page = await gateway.listTasks('echo', { pageSize: 2, pageToken: token }, { callerId: 'alice' });
      pages.push(page);
      seen.push(...ids(page));
      token = page.nextPageToken;
      await start('alice'); // arrives between pages: newer than every page, so on none of the next ones
    } while (token);

    expect(seen).toEqual([...created].reverse());
    expect(pages.map((p) => [p.tasks.length, p.pageSize])).toEqual([
      [2, 2],
      [2, 2],
      [1, 2],
    ]);
    // totalSize counts every match at the time of each page, the new arrivals included.
    expect(pages.map((p) => p.totalSize)).toEqual([5, 6, 7]);
  });

  it('keeps one order among tasks seen in the same millisecond (by task id)', async () => {
    const { gateway, adapter } = listing();
    for (const id of ['b', 'd', 'a', 'c', 'e']) {
      adapter.handlers.send = () => Promise.resolve({ task: task(id) });
      await gateway.sendMessage('echo', 'x', { callerId: 'alice' }); // the clock does not move
    }
    const seen: string[] = [];
    let pageToken = '';
    do {
      const page = await gateway.listTasks('echo', { pageSize: 2, pageToken }, { callerId: 'alice' });
      seen.push(...ids(page));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(seen).toEqual(['e', 'd', 'c', 'b', 'a']);
  });

  it('a token does not open another caller’s tasks', async () => {
    const { gateway, start } = listing();
    await start('bob');
    await start('alice');
    await start('alice');
    const first = await gateway.listTasks('echo', { pageSize: 1 }, { callerId: 'alice' });
    const next = await gateway.listTasks(
      'echo',
      { pageSize: 1, pageToken: first.nextPageToken },
      { callerId: 'alice' },
    );
    expect(next).toMatchObject({ nextPageToken: '', totalSize: 2 });
    expect(ids(next)).toHaveLength(1);
  });

  const b64 = (value: string) => Buffer.from(value).toString('base64url');
  it.each([
    ['not base64url', 'invalid-token-xyz!'],
    ['base64url of nothing JSON', 'invalid-token-xyz'],
    ['a JSON object', b64('{"updatedAt":1,"taskId":"t1"}')],
    ['a one-element array', b64('[1]')],
    ['a time that is not a number', b64('["1","t1"]')],
    ['a negative time', b64('[-1,"t1"]')],
    ['a task id that is not a string', b64('[1,2]')],
  ])('refuses a page token that is %s: INVALID_REQUEST naming pageToken', async (_, pageToken) => {
    const { gateway, adapter } = listing();
    const error = await errorOf(gateway.listTasks('echo', { pageToken }, { callerId: 'alice' }));
    expect(error.code).toBe(A2AErrorCode.InvalidRequest);
    expect(error.message).toMatch(/^pageToken: /);
    expect(error.details.field).toBe('pageToken');
    expect(adapter.count()).toBe(0);
  });

  it.each<[string, Record<string, unknown>]>([
    ['pageSize', { pageSize: 0 }],
    ['pageSize', { pageSize: 101 }],
    ['pageSize', { pageSize: -1 }],
    ['historyLength', { historyLength: -1 }],
    ['status', { status: 'INVALID_STATUS' }],
    ['statusTimestampAfter', { statusTimestampAfter: '-1' }],
  ])('refuses bad %s (%j): INVALID_REQUEST naming it', async (field, request) => {
    const { gateway } = listing();
    const error = await errorOf(
      gateway.listTasks('echo', request as ListTasksRequest, { callerId: 'alice' }),
    );
    expect(error.code).toBe(A2AErrorCode.InvalidRequest);
    expect(error.message).toMatch(new RegExp(`^${field}: `));
    expect(error.details.field).toBe(field);
  });

  it('is not a call to the agent: nothing sent, no metrics record, no rate-limit token; a disabled agent’s tasks list', async () => {
    const { gateway, adapter, records, start } = listing({
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(1)],
    });
    await start('alice');
    adapter.calls.length = 0;
    records.length = 0;
    for (let i = 0; i < 3; i++) await gateway.listTasks('echo', {}, { callerId: 'alice' });
    expect(adapter.count()).toBe(0);
    expect(records).toEqual([]);
    expect(gateway.stats().agents.echo.invocations).toBe(1);

    gateway.registerAgent(new AgentConfig('echo', 'http://agent.test/').withEnabled(false));
    expect((await gateway.listTasks('echo', {}, { callerId: 'alice' })).totalSize).toBe(1);
  });
});

describe('A2AGateway: what a listed task shows (its recorded snapshot)', () => {
  const message = (messageId: string, text: string, role: 'ROLE_USER' | 'ROLE_AGENT' = 'ROLE_AGENT') => ({
    messageId,
    role,
    parts: [{ text }],
  });
  const artifact = (artifactId: string, text: string) => ({ artifactId, parts: [{ text }] });
  const full: Task = {
    id: 'full',
    contextId: 'c',
    status: {
      state: 'TASK_STATE_COMPLETED',
      message: message('s', 'done'),
      timestamp: '2026-01-01T00:00:00Z',
    },
    artifacts: [artifact('a1', 'answer')],
    history: [message('m1', 'question', 'ROLE_USER'), message('m2', 'thinking'), message('s', 'done')],
  };
  const listed = async (gateway: A2AGateway, request: ListTasksRequest = {}) =>
    (await gateway.listTasks('echo', request, { callerId: 'alice' })).tasks;

  it('artifacts only with includeArtifacts; the history unless historyLength is 0, else its newest messages', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.send = () => Promise.resolve({ task: full });
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });

    const [plain] = await listed(gateway);
    expect(plain).toEqual({ id: 'full', contextId: 'c', status: full.status, history: full.history });
    expect(plain).not.toHaveProperty('artifacts');
    expect((await listed(gateway, { includeArtifacts: true }))[0].artifacts).toEqual(full.artifacts);
    expect((await listed(gateway, { historyLength: 0 }))[0]).not.toHaveProperty('history');
    expect((await listed(gateway, { historyLength: 2 }))[0].history).toEqual(full.history?.slice(1));
    expect((await listed(gateway, { historyLength: 100 }))[0].history).toEqual(full.history);
  });

  it('shows artifacts: [] with includeArtifacts for a task that has none', async () => {
    const { gateway } = setup();
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });
    expect((await listed(gateway, { includeArtifacts: true }))[0].artifacts).toEqual([]);
  });

  it('keeps what a later answer leaves out (GetTask with historyLength 0, no artifacts field)', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.send = () => Promise.resolve({ task: full });
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });
    adapter.handlers.getTask = () =>
      Promise.resolve({ id: 'full', contextId: 'c', status: { state: 'TASK_STATE_COMPLETED' } });
    await gateway.getTask('echo', 'full', { callerId: 'alice', historyLength: 0 });
    const [again] = await listed(gateway, { includeArtifacts: true });
    expect(again.artifacts).toEqual(full.artifacts);
    expect(again.history).toEqual(full.history);
    expect(again.status).not.toHaveProperty('message'); // the status is the last one seen, whole
  });

  it('follows a stream: statuses, their messages into the history, artifacts added and appended', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.stream = async function* () {
      yield {
        task: {
          id: 's',
          contextId: 'c',
          status: { state: 'TASK_STATE_SUBMITTED' },
          history: [message('u', 'hi', 'ROLE_USER')],
        },
      };
      yield {
        statusUpdate: {
          taskId: 's',
          contextId: 'c',
          status: { state: 'TASK_STATE_WORKING', message: message('w', 'on it') },
        },
      };
      yield { artifactUpdate: { taskId: 's', contextId: 'c', artifact: artifact('a', 'Hel') } };
      yield { artifactUpdate: { taskId: 's', contextId: 'c', artifact: artifact('a', 'lo'), append: true } };
      yield { artifactUpdate: { taskId: 's', contextId: 'c', artifact: artifact('b', 'other') } };
      yield {
        statusUpdate: {
          taskId: 's',
          contextId: 'c',
          status: { state: 'TASK_STATE_COMPLETED', timestamp: '2026-01-01T00:00:01Z' },
        },
      };
    };
    const events = await collect(gateway.sendMessageStream('echo', 'hi', { callerId: 'alice' }));
    const [seen] = await listed(gateway, { includeArtifacts: true });
    expect(seen).toEqual({
      id: 's',
      contextId: 'c',
      status: { state: 'TASK_STATE_COMPLETED', timestamp: '2026-01-01T00:00:01Z' },
      artifacts: [{ artifactId: 'a', parts: [{ text: 'Hel' }, { text: 'lo' }] }, artifact('b', 'other')],
      history: [message('u', 'hi', 'ROLE_USER'), message('w', 'on it')],
    });
    // The events the caller got are the agent's, untouched by the appends.
    expect(events[2]).toEqual({
      artifactUpdate: { taskId: 's', contextId: 'c', artifact: artifact('a', 'Hel') },
    });
  });

  it('is bounded: artifacts too large are not kept (left out, not cut), the history keeps its newest that fit', async () => {
    const { gateway, adapter } = setup();
    const big = 'x'.repeat(TASK_SNAPSHOT_LIMITS.maxChars + 1);
    const history = Array.from({ length: 15 }, (_, i) => message(`m${i}`, `message ${i}`));
    adapter.handlers.send = () =>
      Promise.resolve({ task: { ...full, artifacts: [artifact('huge', big)], history } });
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });
    const [task] = await listed(gateway, { includeArtifacts: true });
    expect(task).not.toHaveProperty('artifacts');
    expect(task.history).toEqual(history.slice(-TASK_SNAPSHOT_LIMITS.historyMessages));

    adapter.handlers.send = () =>
      Promise.resolve({
        task: { ...full, artifacts: [], history: [message('old', big), message('new', 'small')] },
      });
    await gateway.sendMessage('echo', 'x', { callerId: 'alice' });
    expect((await listed(gateway, { includeArtifacts: true }))[0]).toMatchObject({
      artifacts: [],
      history: [message('new', 'small')],
    });
  });

  it('a streamed artifact that grows too large is dropped from the snapshot', async () => {
    const { gateway, adapter } = setup();
    const chunk = 'y'.repeat(1_000);
    adapter.handlers.stream = async function* () {
      yield { task: task('s', 'TASK_STATE_WORKING', 'c') };
      yield { artifactUpdate: { taskId: 's', contextId: 'c', artifact: artifact('a', chunk) } };
      for (let i = 0; i < 10; i++)
        yield {
          artifactUpdate: { taskId: 's', contextId: 'c', artifact: artifact('a', chunk), append: true },
        };
    };
    await collect(gateway.sendMessageStream('echo', 'x', { callerId: 'alice' }));
    expect((await listed(gateway, { includeArtifacts: true }))[0]).not.toHaveProperty('artifacts');
  });
});

// ---- waitForTask ---------------------------------------------------------------------------------------

describe('A2AGateway: waitForTask', () => {
  it.each<TaskState>([
    'TASK_STATE_COMPLETED',
    'TASK_STATE_FAILED',
    'TASK_STATE_CANCELED',
    'TASK_STATE_REJECTED',
    'TASK_STATE_INPUT_REQUIRED',
    'TASK_STATE_AUTH_REQUIRED',
  ])('polls until the task is settled (%s)', async (settled) => {
    const { gateway, adapter } = setup();
    const states: TaskState[] = ['TASK_STATE_SUBMITTED', 'TASK_STATE_WORKING', settled];
    adapter.handlers.getTask = (_, id) => Promise.resolve(task(id, states.shift() ?? settled));
    await expect(gateway.waitForTask('echo', 't', 5_000)).resolves.toMatchObject({
      status: { state: settled },
    });
    expect(adapter.count('getTask')).toBe(3);
  });

  it('answers at once for a task that is already settled', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.getTask = (_, id) => Promise.resolve(task(id, 'TASK_STATE_COMPLETED'));
    await gateway.waitForTask('echo', 't', 5_000);
    expect(adapter.count('getTask')).toBe(1);
  });

  it('ends with TIMEOUT and the last state seen when the task does not settle in time', async () => {
    const { gateway, adapter } = setup();
    const states: TaskState[] = ['TASK_STATE_SUBMITTED'];
    adapter.handlers.getTask = (_, id) => Promise.resolve(task(id, states.shift() ?? 'TASK_STATE_WORKING'));
    const started = Date.now();
    const error = await errorOf(gateway.waitForTask('echo', 't-slow', 250));
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(error.code).toBe(A2AErrorCode.Timeout);
    expect(error.details).toMatchObject({
      agentName: 'echo',
      taskId: 't-slow',
      timeoutMs: 250,
      state: 'TASK_STATE_WORKING',
    });
    expect(adapter.count('getTask')).toBeGreaterThanOrEqual(2);
  });

  // BUG (see report): same as the retry backoff: the poll sleep rejects with the caller's raw abort
  // reason, so an aborted waitForTask throws a DOMException instead of A2AError CANCELED.
  it('a caller abort while waiting between polls → CANCELED', async () => {
    const { gateway } = setup();
    const caller = new AbortController();
    const waiting = gateway.waitForTask('echo', 't', 5_000, { signal: caller.signal });
    await delay(20); // first poll done (WORKING), now sleeping
    caller.abort();
    expect((await errorOf(waiting)).code).toBe(A2AErrorCode.Canceled);
  });

  it('passes getTask errors through', async () => {
    const { gateway, adapter } = setup();
    adapter.handlers.getTask = () => Promise.reject(new A2AError(A2AErrorCode.TaskNotFound, 'gone'));
    expect((await errorOf(gateway.waitForTask('echo', 't', 1_000))).code).toBe(A2AErrorCode.TaskNotFound);
  });
});

// ---- stats, availability, state -----------------------------------------------------------------------

describe('A2AGateway: stats()', () => {
  it('counts invocations, failures and cost per agent and in total', async () => {
    const { gateway, adapter } = setup({
      agents: [
        new AgentConfig('paid', 'http://paid.test/').withCostPerRequest(0.01),
        new AgentConfig('free', 'http://free.test/'),
        new AgentConfig('off', 'http://off.test/').withEnabled(false),
      ],
      retry: { maxRetries: 0 },
    });
    expect(gateway.stats().registry).toEqual({
      totalAgents: 3,
      enabledAgents: 2,
      healthyAgents: 0,
      totalInvocations: 0,
      failedInvocations: 0,
      totalCost: 0,
    });

    await gateway.sendMessage('paid', 'a');
    await gateway.sendMessage('paid', 'b');
    await collect(gateway.sendMessageStream('paid', 'c'));
    await gateway.getTask('paid', 't'); // task calls cost nothing
    await gateway.sendMessage('free', 'a');
    adapter.handlers.send = () => Promise.reject(connectionError());
    await errorOf(gateway.sendMessage('paid', 'fails')); // failures cost nothing
    await errorOf(gateway.sendMessage('off', 'x')); // refused before any call: a failure its caller saw

    const stats = gateway.stats();
    expect(stats.agents).toEqual({
      paid: {
        invocations: 5,
        failures: 1,
        cost: 0.03,
        inputTokens: 0,
        outputTokens: 0,
        state: AgentState.Degraded,
      },
      free: {
        invocations: 1,
        failures: 0,
        cost: 0,
        inputTokens: 0,
        outputTokens: 0,
        state: AgentState.Healthy,
      },
      off: {
        invocations: 1,
        failures: 1,
        cost: 0,
        inputTokens: 0,
        outputTokens: 0,
        state: AgentState.Disabled,
      },
    });
    expect(stats.registry).toEqual({
      totalAgents: 3,
      enabledAgents: 2,
      healthyAgents: 1,
      totalInvocations: 7,
      failedInvocations: 2,
      totalCost: 0.03, // 3 × 0.01 without float noise
    });
  });

  it('sends one record per invocation to the metrics sink', async () => {
    const clock = new Clock();
    const { gateway, adapter, records } = setup({
      now: clock.now,
      agents: [new AgentConfig('echo', 'http://agent.test/').withCostPerRequest(0.5)],
    });
    adapter.handlers.send = async () => {
      clock.advance(42);
      return { task: task('t', 'TASK_STATE_COMPLETED') };
    };
    const startedAt = clock.t;
    await gateway.sendMessage('echo', 'x', { callerId: 'u1', frontDoor: 'rest', interactionType: 'query' });
    adapter.handlers.getTask = () =>
      Promise.reject(new A2AError(A2AErrorCode.TaskNotFound, 'x', { status: 404 }));
    await errorOf(gateway.getTask('echo', 't'));
    expect(records).toEqual([
      {
        agentName: 'echo',
        operation: 'send',
        callerId: 'u1',
        frontDoor: 'rest',
        interactionType: 'query',
        startedAt,
        durationMs: 42,
        ok: true,
        outcome: 'success',
        cost: 0.5,
        attempts: 1,
      },
      {
        agentName: 'echo',
        operation: 'getTask',
        callerId: null,
        frontDoor: 'library',
        upstreamStatus: 404,
        startedAt: startedAt + 42,
        durationMs: 0,
        ok: false,
        outcome: 'failure',
        errorCode: A2AErrorCode.TaskNotFound,
        cost: 0,
        attempts: 1,
      },
    ]);
  });
});

describe('A2AGateway: refused calls are recorded', () => {
  const outcomes = (records: InvocationRecord[]) => records.map((r) => [r.operation, r.outcome, r.errorCode]);

  it('records a rate-limited call with its outcome, no attempt and nothing sent', async () => {
    const { gateway, adapter, records } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(1)],
    });
    await gateway.sendMessage('echo', '1');
    await errorOf(gateway.sendMessage('echo', '2'));
    await errorOf(collect(gateway.sendMessageStream('echo', '3')));
    expect(adapter.count()).toBe(1);
    expect(outcomes(records)).toEqual([
      ['send', 'success', undefined],
      ['send', 'rate_limited', A2AErrorCode.RateLimitExceeded],
      ['stream', 'rate_limited', A2AErrorCode.RateLimitExceeded],
    ]);
    expect(records[1]).toMatchObject({ ok: false, attempts: 0, cost: 0 });
    expect(gateway.stats().agents.echo).toMatchObject({ invocations: 3, failures: 2 });
  });

  it('records calls refused while the circuit is open as circuit_open', async () => {
    const { gateway, adapter, records } = setup({
      breaker: { failureThreshold: 1 },
      retry: { maxRetries: 0 },
    });
    adapter.handlers.send = () => Promise.reject(connectionError());
    await errorOf(gateway.sendMessage('echo', 'a'));
    expect((await errorOf(gateway.sendMessage('echo', 'b'))).code).toBe(A2AErrorCode.AgentUnavailable);
    expect(outcomes(records)).toEqual([
      ['send', 'failure', A2AErrorCode.ConnectionError],
      ['send', 'circuit_open', A2AErrorCode.AgentUnavailable],
    ]);
  });

  it('records calls over budget as budget_exceeded', async () => {
    const { gateway, records } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withCostPerRequest(1).withBudget({ perDay: 1 })],
    });
    await gateway.sendMessage('echo', 'a');
    await errorOf(gateway.sendMessage('echo', 'b'));
    expect(outcomes(records)).toEqual([
      ['send', 'success', undefined],
      ['send', 'budget_exceeded', A2AErrorCode.BudgetExceeded],
    ]);
  });

  it('records a disabled agent’s refusal and another caller’s task as rejected', async () => {
    const { gateway, records } = setup({
      agents: [
        new AgentConfig('echo', 'http://agent.test/'),
        new AgentConfig('off', 'http://off.test/').withEnabled(false),
      ],
    });
    await errorOf(gateway.sendMessage('off', 'x'));
    await gateway.sendMessage('echo', 'mine', { callerId: 'alice' });
    await errorOf(gateway.getTask('echo', 'task-1', { callerId: 'bob' }));
    expect(outcomes(records)).toEqual([
      ['send', 'rejected', A2AErrorCode.AgentDisabled],
      ['send', 'success', undefined],
      ['getTask', 'rejected', A2AErrorCode.TaskNotFound],
    ]);
  });

  it('records what a front door refused for a known agent, and nothing for an unknown name', () => {
    const { gateway, records } = setup();
    gateway.refused('echo', 'send', 'unauthorized', { frontDoor: 'rest' });
    gateway.refused('nobody', 'send', 'unauthorized', { frontDoor: 'rest' });
    expect(records).toEqual([
      expect.objectContaining({ agentName: 'echo', frontDoor: 'rest', outcome: 'unauthorized', ok: false }),
    ]);
  });

  it('records a call cut at the shutdown deadline as shutdown, and settles once every call is recorded', async () => {
    const { gateway, adapter, records } = setup();
    adapter.handlers.send = (ctx) => untilAborted(ctx);
    const caller = new AbortController();
    const cut = errorOf(gateway.sendMessage('echo', 'long', { signal: caller.signal }));
    await delay(1);
    expect(await gateway.settled(20)).toBe(false); // one call still open
    gateway.cutAtShutdown();
    caller.abort();
    expect((await cut).code).toBe(A2AErrorCode.Canceled);
    expect(await gateway.settled(1_000)).toBe(true);
    expect(outcomes(records)).toEqual([['send', 'shutdown', A2AErrorCode.Canceled]]);
  });

  it('records a caller who left as canceled', async () => {
    const { gateway, adapter, records } = setup();
    adapter.handlers.send = (ctx) => untilAborted(ctx);
    const caller = new AbortController();
    const call = errorOf(gateway.sendMessage('echo', 'long', { signal: caller.signal }));
    await delay(1);
    caller.abort();
    await call;
    expect(outcomes(records)).toEqual([['send', 'canceled', A2AErrorCode.Canceled]]);
  });
});

describe('A2AGateway: listAvailableAgents / setAgentState', () => {
  it('lists enabled agents that are not unhealthy, disabled or behind an open circuit', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      breaker: { failureThreshold: 1, cooldownMs: 10_000 },
      retry: { maxRetries: 0 },
      agents: ['ok', 'off', 'broken', 'sick', 'paused', 'new'].map((n) =>
        new AgentConfig(n, `http://${n}.test/`).withEnabled(n !== 'off'),
      ),
    });
    await gateway.sendMessage('ok', 'x');
    adapter.handlers.send = () => Promise.reject(connectionError());
    await errorOf(gateway.sendMessage('broken', 'x'));
    gateway.setAgentState('sick', AgentState.Unhealthy);
    gateway.setAgentState('paused', AgentState.Disabled);

    expect(gateway.listAvailableAgents().map((a) => a.name)).toEqual(['ok', 'new']);
    expect(gateway.listAgents()).toHaveLength(6);
  });

  it('setAgentState changes the state agentState() and stats() report', () => {
    const clock = new Clock();
    const { gateway } = setup({ now: clock.now });
    expect(gateway.agentState('echo')).toBe(AgentState.Unknown);
    for (const state of [AgentState.Degraded, AgentState.Healthy, AgentState.Unhealthy, AgentState.Unknown]) {
      gateway.setAgentState('echo', state);
      expect(gateway.agentState('echo')).toBe(state);
      expect(gateway.stats().agents.echo.state).toBe(state);
    }
    gateway.setAgentState('echo', AgentState.Healthy);
    expect(gateway.listAvailableAgents()).toHaveLength(1);
    gateway.setAgentState('echo', AgentState.Unhealthy);
    expect(gateway.listAvailableAgents()).toHaveLength(0);
  });

  it('a disabled agent reports Disabled whatever its health', () => {
    const { gateway } = setup({ agents: [new AgentConfig('off', 'http://off.test/').withEnabled(false)] });
    gateway.setAgentState('off', AgentState.Healthy);
    expect(gateway.agentState('off')).toBe(AgentState.Disabled);
    expect(gateway.listAvailableAgents()).toEqual([]);
  });

  it('unregistering an agent forgets its health', async () => {
    const { gateway } = setup();
    gateway.setAgentState('echo', AgentState.Unhealthy);
    gateway.unregisterAgent('echo');
    gateway.registerAgent(new AgentConfig('echo', 'http://agent.test/'));
    expect(gateway.agentState('echo')).toBe(AgentState.Unknown);
  });
});

// ---- health: probes and answers that are failures ------------------------------------------------------

describe('A2AGateway: probe', () => {
  it('a good probe makes an Unknown agent Healthy, and is no call: no metrics, counters or rate-limit token', async () => {
    const clock = new Clock();
    const { gateway, adapter, records } = setup({
      now: clock.now,
      agents: [new AgentConfig('echo', 'http://agent.test/').withRateLimit(1)],
    });
    adapter.handlers.healthCheck = async () => clock.advance(40);
    expect(gateway.agentState('echo')).toBe(AgentState.Unknown);
    expect(await gateway.probe('echo')).toEqual({ status: 'ok', latencyMs: 40 });
    expect(await gateway.probe('echo')).toEqual({ status: 'ok', latencyMs: 40 });
    expect(gateway.agentState('echo')).toBe(AgentState.Healthy);
    expect(records).toEqual([]);
    expect(gateway.stats().agents.echo).toMatchObject({ invocations: 0, failures: 0 });
    // The one request per minute is still there for a caller.
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
    expect(adapter.count('healthCheck')).toBe(2);
  });

  it('failed probes open the circuit; while open nothing is sent; after the cooldown the probe is the trial', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      breaker: { failureThreshold: 2, cooldownMs: 10_000, recoverySuccesses: 2 },
    });
    adapter.handlers.healthCheck = () => Promise.reject(connectionError());
    const first = await gateway.probe('echo');
    expect(first).toMatchObject({ status: 'failed', error: { code: A2AErrorCode.ConnectionError } });
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
    await gateway.probe('echo');
    expect(gateway.agentState('echo')).toBe(AgentState.Unhealthy);

    clock.advance(5_000);
    expect(await gateway.probe('echo')).toEqual({ status: 'skipped', reason: 'circuit-open' });
    expect(adapter.count('healthCheck')).toBe(2);

    clock.advance(5_000);
    adapter.handlers.healthCheck = undefined;
    expect((await gateway.probe('echo')).status).toBe('ok');
    expect(adapter.count('healthCheck')).toBe(3);
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded); // closed, recovering
    expect(gateway.listAvailableAgents().map((a) => a.name)).toEqual(['echo']);
    await gateway.probe('echo');
    expect(gateway.agentState('echo')).toBe(AgentState.Healthy);
  });

  it('is bounded by the agent timeout, which counts against the agent', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('echo', 'http://agent.test/').withTimeout(30)],
    });
    adapter.handlers.healthCheck = (ctx) => untilAborted(ctx);
    const result = await gateway.probe('echo');
    expect(result).toMatchObject({ status: 'failed', error: { code: A2AErrorCode.Timeout } });
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
  });

  it('a probe stopped by its caller (shutdown) says nothing about the agent and frees the trial', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({
      now: clock.now,
      breaker: { failureThreshold: 1, cooldownMs: 1_000 },
    });
    adapter.handlers.healthCheck = () => Promise.reject(connectionError());
    await gateway.probe('echo');
    clock.advance(1_000);
    adapter.handlers.healthCheck = (ctx) => untilAborted(ctx);
    const stop = new AbortController();
    const probing = gateway.probe('echo', { signal: stop.signal });
    await delay(0);
    stop.abort();
    expect(await probing).toMatchObject({ status: 'failed', error: { code: A2AErrorCode.Canceled } });
    expect(gateway.agentState('echo')).toBe(AgentState.Unhealthy);
    // The half-open slot is free again: a caller's call is the next trial.
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
  });

  it('skips a disabled agent and refuses an unknown one', async () => {
    const { gateway, adapter } = setup({
      agents: [new AgentConfig('off', 'http://off.test/').withEnabled(false)],
    });
    expect(await gateway.probe('off')).toEqual({ status: 'skipped', reason: 'disabled' });
    expect(adapter.count()).toBe(0);
    expect((await errorOf(gateway.probe('nobody'))).code).toBe(A2AErrorCode.AgentNotFound);
  });
});

describe('A2AGateway: what an answer says about the agent', () => {
  const failed = (id: string): Task => ({
    id,
    contextId: 'ctx-1',
    status: {
      state: 'TASK_STATE_FAILED',
      message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'model quota exhausted' }] },
    },
  });

  it('send: the call succeeds, the agent is Degraded with the reason, the circuit stays closed', async () => {
    const { gateway, adapter, records } = setup({ breaker: { failureThreshold: 1 } });
    adapter.handlers.send = () => Promise.resolve({ task: failed('t1') });
    await expect(gateway.sendMessage('echo', 'x')).resolves.toEqual({ task: failed('t1') });
    await expect(gateway.sendMessage('echo', 'x')).resolves.toBeDefined();
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
    expect(gateway.listAvailableAgents()).toHaveLength(1);
    expect(records.map((r) => r.ok)).toEqual([true, true]);
    expect(gateway.stats().agents.echo.failures).toBe(0);
  });

  it('a stream is as slow as its first event, not as long as it lasts', async () => {
    const clock = new Clock();
    const { gateway, adapter } = setup({ now: clock.now, breaker: { degradedLatencyMs: 1_000 } });
    adapter.handlers.stream = async function* () {
      yield { task: task('t3', 'TASK_STATE_WORKING') };
      clock.advance(60_000);
      yield statusUpdate('t3', 'TASK_STATE_COMPLETED');
    };
    await collect(gateway.sendMessageStream('echo', 'x'));
    expect(gateway.agentState('echo')).toBe(AgentState.Healthy);
    adapter.handlers.stream = async function* () {
      clock.advance(1_001);
      yield { task: task('t4', 'TASK_STATE_COMPLETED') };
    };
    await collect(gateway.sendMessageStream('echo', 'x'));
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
  });

  it('stream: a stream that ends on a failed status degrades the agent', async () => {
    const { gateway, adapter } = setup({ breaker: { recoverySuccesses: 1 } });
    adapter.handlers.stream = async function* () {
      yield { task: task('t2', 'TASK_STATE_SUBMITTED') };
      yield statusUpdate('t2', 'TASK_STATE_FAILED');
    };
    await collect(gateway.sendMessageStream('echo', 'x'));
    expect(gateway.agentState('echo')).toBe(AgentState.Degraded);
    adapter.handlers.stream = undefined;
    await collect(gateway.sendMessageStream('echo', 'x'));
    expect(gateway.agentState('echo')).toBe(AgentState.Healthy);
  });
});

describe('toA2AError', () => {
  it('keeps an A2AError, finds one in the cause chain, else wraps as PROTOCOL_ERROR', () => {
    const inner = A2AError.timeout('echo', 5);
    expect(toA2AError(inner, 'echo')).toBe(inner);
    expect(toA2AError(new Error('outer', { cause: new Error('mid', { cause: inner }) }), 'echo')).toBe(inner);
    const wrapped = toA2AError(new SyntaxError('Unexpected token'), 'echo');
    expect(wrapped.code).toBe(A2AErrorCode.ProtocolError);
    expect(wrapped.message).toContain('Unexpected token');
    expect(wrapped.agentName).toBe('echo');
    expect(toA2AError('a string', 'echo').message).toContain('a string');
  });
});
