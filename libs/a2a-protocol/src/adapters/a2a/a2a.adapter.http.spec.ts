/**
 * The A2A adapter's own JSON-RPC client over real HTTP, for both dialects: a small agent on 127.0.0.1
 * serves a card and a JSON-RPC endpoint (v1.0 or v0.3) whose answers, JSON-RPC errors included, are
 * chosen by the message text or the task id. Driven through the gateway, as the API drives it.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { A2AGateway } from '../../gateway/a2a-gateway';
import { AgentConfig } from '../../gateway/agent-config';
import type { StreamEvent } from '../../types/a2a.schemas';
import { A2AAdapter } from './a2a.adapter';

type Dialect = '1.0' | '0.3';

interface Received {
  method: string;
  params: Record<string, unknown>;
  headers: IncomingHttpHeaders;
}

/** The JSON-RPC errors the agent answers, by message text (or task id), exactly as it sends them. */
const ERRORS = {
  invalid: {
    '1.0': {
      code: -32602,
      message: 'Invalid params',
      data: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'INVALID_PARAMS',
          domain: 'a2a-protocol.org',
          metadata: { field: 'message.parts' },
        },
      ],
    },
    '0.3': { code: -32602, message: 'Invalid params', data: { field: 'message.parts', rule: 'min 1' } },
  },
  missing: {
    '1.0': {
      code: -32001,
      message: 'Task not found: missing',
      data: [
        {
          '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
          reason: 'TASK_NOT_FOUND',
          domain: 'a2a-protocol.org',
        },
      ],
    },
    '0.3': { code: -32001, message: 'Task not found: missing' },
  },
  custom: {
    '1.0': {
      code: -32099,
      message: 'Quota of the model exhausted',
      data: { retryInSeconds: 30, tier: 'free' },
    },
    '0.3': {
      code: -32099,
      message: 'Quota of the model exhausted',
      data: { retryInSeconds: 30, tier: 'free' },
    },
  },
  broken: {
    '1.0': { code: -32006, message: 'The model answered something the agent cannot use' },
    '0.3': { code: -32006, message: 'The model answered something the agent cannot use' },
  },
} as const;
type ErrorName = keyof typeof ERRORS;
const errorNamed = (name: unknown, dialect: Dialect) =>
  Object.hasOwn(ERRORS, String(name)) ? ERRORS[name as ErrorName][dialect] : undefined;

/** Task and event shapes in the agent's dialect. */
function shapes(dialect: Dialect) {
  const v1 = dialect === '1.0';
  const state = (s: 'completed' | 'canceled' | 'working') => (v1 ? `TASK_STATE_${s.toUpperCase()}` : s);
  const text = (t: string) => (v1 ? { text: t } : { kind: 'text', text: t });
  const artifact = (t: string) => ({ artifactId: 'a1', parts: [text(t)] });
  const task = (id: string, s: 'completed' | 'canceled' | 'working', answer?: string) => ({
    ...(v1 ? {} : { kind: 'task' }),
    id,
    contextId: 'c1',
    status: { state: state(s) },
    ...(answer ? { artifacts: [artifact(answer)] } : {}),
  });
  return {
    /** A send's result: v1.0 wraps it (`{task}`), v0.3 tells it by `kind`. */
    sent: (id: string, answer: string) =>
      v1 ? { task: task(id, 'completed', answer) } : task(id, 'completed', answer),
    task,
    events: (id: string, answer: string) =>
      v1
        ? [
            { task: task(id, 'working') },
            { artifactUpdate: { taskId: id, contextId: 'c1', artifact: artifact(answer) } },
            { statusUpdate: { taskId: id, contextId: 'c1', status: { state: state('completed') } } },
          ]
        : [
            task(id, 'working'),
            { kind: 'artifact-update', taskId: id, contextId: 'c1', artifact: artifact(answer) },
            {
              kind: 'status-update',
              taskId: id,
              contextId: 'c1',
              status: { state: 'completed' },
              final: true,
            },
          ],
  };
}

/** The agent: its card at the well-known path, JSON-RPC at /rpc (v1.0 behind a gRPC and a 0.3 interface). */
async function fakeAgent(dialect: Dialect, { streaming = true } = {}) {
  const received: Received[] = [];
  const shape = shapes(dialect);
  let url = '';
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      if (req.method === 'GET') return json(res, 200, card());
      const rpc = JSON.parse(Buffer.concat(chunks).toString()) as {
        id: string;
        method: string;
        params: Record<string, unknown> & { message?: { parts: { text?: string }[] } };
      };
      received.push({ method: rpc.method, params: rpc.params, headers: req.headers });
      const reply = (result: unknown) => json(res, 200, { jsonrpc: '2.0', id: rpc.id, result });
      const fail = (error: object, status = 200) => json(res, status, { jsonrpc: '2.0', id: rpc.id, error });
      const text = rpc.params.message?.parts[0]?.text;
      const error = errorNamed(text ?? rpc.params.id, dialect);
      // An HTTP failure whose JSON body is not JSON-RPC (a proxy's, or the agent framework's own).
      if (text === 'busy') return json(res, 503, { error: { code: 503, message: 'overloaded' } });
      switch (rpc.method) {
        case 'SendMessage':
        case 'message/send':
          if (text === 'http-500')
            return fail({ code: -32603, message: 'Internal error', data: 'trace-7' }, 500);
          return error ? fail(error) : reply(shape.sent('t1', `echo ${text}`));
        case 'GetTask':
        case 'tasks/get':
          return error ? fail(error) : reply(shape.task(String(rpc.params.id), 'completed', 'done'));
        case 'CancelTask':
        case 'tasks/cancel':
          return reply(shape.task(String(rpc.params.id), 'canceled'));
        case 'SendStreamingMessage':
        case 'message/stream': {
          // Refused before the stream starts: one plain JSON answer. Failing midway: an error event.
          if (text === 'invalid') return fail(error!);
          const events: unknown[] = shape.events('t1', `echo ${text}`);
          return sse(res, rpc.id, error ? [events[0], { error }] : events);
        }
        case 'SubscribeToTask':
        case 'tasks/resubscribe':
          return sse(res, rpc.id, shape.events(String(rpc.params.id), 'again').slice(1));
        default:
          return fail({ code: -32601, message: `Method not found: ${rpc.method}` });
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const card = () =>
    dialect === '1.0'
      ? {
          name: 'fake',
          description: 'a v1.0 agent',
          version: '1.0.0',
          supportedInterfaces: [
            { url: `${url}/grpc`, protocolBinding: 'GRPC', protocolVersion: '1.0' },
            { url: `${url}/v03`, protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
            { url: `${url}/rpc`, protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: 'acme' },
          ],
          capabilities: { streaming },
          defaultInputModes: ['text/plain'],
          defaultOutputModes: ['text/plain'],
          skills: [],
        }
      : {
          name: 'fake',
          description: 'a v0.3 agent',
          version: '1.0.0',
          protocolVersion: '0.3.0',
          url: `${url}/rpc`,
          preferredTransport: 'JSONRPC',
          capabilities: { streaming },
          defaultInputModes: ['text/plain'],
          defaultOutputModes: ['text/plain'],
          skills: [],
        };
  return {
    url,
    received,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function json(res: ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function sse(res: ServerResponse, id: string, answers: unknown[]) {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (const answer of answers) {
    const envelope = answer && typeof answer === 'object' && 'error' in answer ? answer : { result: answer };
    res.write(`data: ${JSON.stringify({ jsonrpc: '2.0', id, ...envelope })}\n\n`);
  }
  res.end();
}

function gatewayFor(url: string, breaker: { failureThreshold?: number } = {}) {
  const gateway = new A2AGateway({
    allowPrivateNetworks: true,
    adapters: [new A2AAdapter()],
    retry: { maxRetries: 0 },
    breaker,
  });
  gateway.registerAgent(new AgentConfig('fake', url).withTimeout(5_000));
  return gateway;
}

const failureOf = (promise: Promise<unknown>) =>
  promise.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (error: unknown) => error as A2AError,
  );

async function collect(events: AsyncIterable<StreamEvent>): Promise<StreamEvent[]> {
  const seen: StreamEvent[] = [];
  for await (const event of events) seen.push(event);
  return seen;
}

describe.each<Dialect>(['1.0', '0.3'])('A2AAdapter to a v%s JSON-RPC agent', (dialect) => {
  let agent: Awaited<ReturnType<typeof fakeAgent>>;
  let gateway: A2AGateway;
  beforeEach(async () => {
    agent = await fakeAgent(dialect);
    gateway = gatewayFor(agent.url);
  });
  afterEach(async () => {
    await gateway.close();
    await agent.close();
  });

  it('sends, streams, gets, cancels and subscribes in v1.0 shape, as an SDK client would ask', async () => {
    const sent = await gateway.sendMessage('fake', 'hello');
    expect(sent).toEqual({
      task: {
        id: 't1',
        contextId: 'c1',
        status: { state: 'TASK_STATE_COMPLETED' },
        artifacts: [{ artifactId: 'a1', parts: [{ text: 'echo hello' }] }],
      },
    });
    const streamed = await collect(gateway.sendMessageStream('fake', 'hello'));
    expect(streamed.map((e) => Object.keys(e)[0])).toEqual(['task', 'artifactUpdate', 'statusUpdate']);
    expect(streamed[2]).toEqual({
      statusUpdate: { taskId: 't1', contextId: 'c1', status: { state: 'TASK_STATE_COMPLETED' } },
    });
    expect((await gateway.getTask('fake', 't1', { historyLength: 2 })).status.state).toBe(
      'TASK_STATE_COMPLETED',
    );
    expect((await gateway.cancelTask('fake', 't2')).status.state).toBe('TASK_STATE_CANCELED');
    const resumed = await collect(gateway.subscribeToTask('fake', 't3'));
    expect(resumed.map((e) => Object.keys(e)[0])).toEqual(['artifactUpdate', 'statusUpdate']);

    const v1 = dialect === '1.0';
    expect(agent.received.map((r) => r.method)).toEqual(
      v1
        ? ['SendMessage', 'SendStreamingMessage', 'GetTask', 'CancelTask', 'SubscribeToTask']
        : ['message/send', 'message/stream', 'tasks/get', 'tasks/cancel', 'tasks/resubscribe'],
    );
    for (const { headers, method } of agent.received) {
      expect(headers['a2a-version']).toBe(dialect);
      expect(headers['content-type']).toBe('application/json');
      expect(headers.accept).toBe(
        /Stream|stream|Subscribe|resubscribe/.test(method) ? 'text/event-stream' : 'application/json',
      );
    }
    const [send, , get, cancel] = agent.received.map((r) => r.params);
    const message = send.message as Record<string, unknown>;
    if (v1) {
      // The gateway's v1.0 JSON as it is, with the interface's tenant.
      expect(message).toMatchObject({ role: 'ROLE_USER', parts: [{ text: 'hello' }] });
      expect(send.tenant).toBe('acme');
      expect(get).toEqual({ id: 't1', historyLength: 2, tenant: 'acme' });
      expect(cancel).toEqual({ id: 't2', tenant: 'acme' });
    } else {
      expect(message).toMatchObject({
        kind: 'message',
        role: 'user',
        parts: [{ kind: 'text', text: 'hello' }],
      });
      expect(get).toEqual({ id: 't1', historyLength: 2 });
      expect(cancel).toEqual({ id: 't2' });
    }
  });

  it.each<[string, ErrorName, A2AErrorCode]>([
    ['invalid params (with data)', 'invalid', A2AErrorCode.InvalidRequest],
    ['a code of its own (with data)', 'custom', A2AErrorCode.AgentError],
  ])('keeps the agent’s JSON-RPC error for %s verbatim, on send and on stream', async (_, name, code) => {
    const expected = { ...ERRORS[name][dialect], dialect };
    const sent = await failureOf(gateway.sendMessage('fake', name));
    expect(A2AError.is(sent, code)).toBe(true);
    expect(sent.details.rpcError).toEqual(expected);
    const streamed = await failureOf(collect(gateway.sendMessageStream('fake', name)));
    expect(A2AError.is(streamed, code)).toBe(true);
    expect(streamed.details.rpcError).toEqual(expected);
  });

  it('keeps the agent’s “task not found” verbatim, as TASK_NOT_FOUND', async () => {
    const error = await failureOf(gateway.getTask('fake', 'missing'));
    expect(A2AError.is(error, A2AErrorCode.TaskNotFound)).toBe(true);
    expect(error.details.rpcError).toEqual({ ...ERRORS.missing[dialect], dialect });
  });

  it('reads a JSON-RPC error sent with HTTP 500 as the agent’s error, not an HTTP failure', async () => {
    const error = await failureOf(gateway.sendMessage('fake', 'http-500'));
    expect(A2AError.is(error, A2AErrorCode.AgentError)).toBe(true);
    expect(error.details.rpcError).toEqual({
      code: -32603,
      message: 'Internal error',
      data: 'trace-7',
      dialect,
    });
  });
});

it('A2AAdapter: an HTTP 503 with a JSON body that is not JSON-RPC is a retryable HTTP failure, on send and stream', async () => {
  const agent = await fakeAgent('1.0');
  const gateway = gatewayFor(agent.url);
  try {
    for (const failure of [
      failureOf(gateway.sendMessage('fake', 'busy')),
      failureOf(collect(gateway.sendMessageStream('fake', 'busy'))),
    ]) {
      const error = await failure;
      expect(A2AError.is(error, A2AErrorCode.UpstreamError)).toBe(true);
      expect(error.details).toMatchObject({ status: 503, retryable: true });
      expect(error.details.rpcError).toBeUndefined();
    }
  } finally {
    await gateway.close();
    await agent.close();
  }
});

describe('A2AAdapter: what an agent’s JSON-RPC error does to its circuit breaker', () => {
  let agent: Awaited<ReturnType<typeof fakeAgent>>;
  let gateway: A2AGateway;
  beforeEach(async () => {
    agent = await fakeAgent('1.0');
    gateway = gatewayFor(agent.url, { failureThreshold: 1 });
  });
  afterEach(async () => {
    await gateway.close();
    await agent.close();
  });

  it('invalid params are the caller’s mistake: the agent stays callable', async () => {
    await failureOf(gateway.sendMessage('fake', 'invalid'));
    await failureOf(gateway.sendMessage('fake', 'invalid'));
    expect(await gateway.sendMessage('fake', 'hello')).toHaveProperty('task');
  });

  it('an invalid agent response (-32006) counts against the agent', async () => {
    const error = await failureOf(gateway.sendMessage('fake', 'broken'));
    expect(A2AError.is(error, A2AErrorCode.ProtocolError)).toBe(true);
    expect(error.details.rpcError).toMatchObject({ code: -32006 });
    const refused = await failureOf(gateway.sendMessage('fake', 'hello'));
    expect(A2AError.is(refused, A2AErrorCode.AgentUnavailable)).toBe(true);
  });
});

it('A2AAdapter: an agent whose card does not stream answers a stream with one SendMessage', async () => {
  const agent = await fakeAgent('1.0', { streaming: false });
  const gateway = gatewayFor(agent.url);
  try {
    const events = await collect(gateway.sendMessageStream('fake', 'hello'));
    expect(events).toEqual([{ task: expect.objectContaining({ id: 't1' }) }]);
    expect(agent.received.map((r) => r.method)).toEqual(['SendMessage']);
  } finally {
    await gateway.close();
    await agent.close();
  }
});
