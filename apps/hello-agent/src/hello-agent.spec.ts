import { randomUUID } from 'node:crypto';
import {
  A2A_PROTOCOL_VERSION,
  A2A_VERSION_HEADER,
  Role,
  TaskState,
  type Message,
  type SendMessageRequest,
  type StreamResponse,
  type AgentCard,
  type Task,
} from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, type Client } from '@a2a-js/sdk/client';
import {
  DefaultExecutionEventBus,
  DefaultRequestHandler,
  InMemoryTaskStore,
  ServerCallContext,
  type AgentExecutionEvent,
} from '@a2a-js/sdk/server';
import { buildAgentCard } from './agent-card';
import { HelloExecutor, helloReply, messageText, textPart } from './hello.executor';
import { startHelloAgent, type HelloAgent } from './server';

function userMessage(...texts: string[]): Message {
  return {
    messageId: randomUUID(),
    contextId: '',
    taskId: '',
    role: Role.ROLE_USER,
    parts: texts.map(textPart),
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

function sendRequest(text: string): SendMessageRequest {
  return { tenant: '', message: userMessage(text), configuration: undefined, metadata: undefined };
}

function artifactTexts(task: Task): string[] {
  return task.artifacts.flatMap((a) =>
    a.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '?')),
  );
}

/** `$case` plus the task state (status events) or artifact text (artifact events), for order assertions. */
function describeEvent(event: StreamResponse): string {
  const payload = event.payload;
  switch (payload?.$case) {
    case 'task':
      return `task:${TaskState[payload.value.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED]}`;
    case 'statusUpdate':
      return `statusUpdate:${TaskState[payload.value.status?.state ?? TaskState.TASK_STATE_UNSPECIFIED]}`;
    case 'artifactUpdate':
      return `artifactUpdate:${payload.value.artifact?.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '?')).join('')}`;
    default:
      return String(payload?.$case);
  }
}

/** A JSON-RPC reply as it appears on the wire (v1.0 JSON: enums as strings, parts as `{text}`). */
interface RawRpcReply {
  jsonrpc: string;
  id: string | number | null;
  result?: { task: { status: { state: string }; artifacts: { parts: unknown[] }[] } };
  error?: { code: number; message: string };
}

describe('hello-agent over HTTP', () => {
  let agent: HelloAgent;
  let client: Client;

  /** Raw JSON-RPC POST to the base URL, returning the parsed JSON body. */
  async function postRaw(
    body: string,
    headers: Record<string, string> = {},
  ): Promise<{ status: number; json: RawRpcReply }> {
    const res = await fetch(agent.url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', [A2A_VERSION_HEADER]: A2A_PROTOCOL_VERSION, ...headers },
      body,
    });
    return { status: res.status, json: (await res.json()) as RawRpcReply };
  }

  beforeAll(async () => {
    agent = await startHelloAgent({ port: 0 });
    client = await new ClientFactory().createFromUrl(agent.url);
  });

  afterAll(async () => {
    await agent.close();
  });

  it('listens on an ephemeral port and reports it in the url', () => {
    expect(agent.port).toBeGreaterThan(0);
    expect(agent.url).toBe(`http://127.0.0.1:${agent.port}/`);
    expect(agent.publicUrl).toBe(agent.url);
  });

  it('serves the agent card at /.well-known/agent-card.json', async () => {
    const res = await fetch(new URL('.well-known/agent-card.json', agent.url));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const card = (await res.json()) as AgentCard; // served as plain JSON of the card object

    expect(card.name).toBe('Hello World Agent');
    expect(card.capabilities?.streaming).toBe(true);
    expect(card.skills.map((s) => s.id)).toEqual(['hello_world']);
    expect(card.defaultInputModes).toEqual(['text/plain']);
    expect(card.defaultOutputModes).toEqual(['text/plain']);
    expect(card.supportedInterfaces).toEqual([
      { url: agent.url, protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: '' },
      { url: `${agent.url}rest`, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0', tenant: '' },
    ]);
  });

  it('is discovered by the SDK client, which picks the JSON-RPC binding', async () => {
    expect(client.transport.protocolName).toBe('JSONRPC');
    const card = await client.getAgentCard();
    expect(card.name).toBe('Hello World Agent');
    expect(card.skills[0]?.id).toBe('hello_world');
    expect(card.skills[0]?.tags.length).toBeGreaterThan(0);
    expect(card.skills[0]?.examples.length).toBeGreaterThan(0);
    expect(card.capabilities?.streaming).toBe(true);
  });

  it('SendMessage returns the completed task with the hello artifact', async () => {
    const result = await client.sendMessage(sendRequest('ping'));

    expect('id' in result).toBe(true);
    const task = result as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactTexts(task)).toEqual(['Hello, World! I have received your request (ping)']);
    expect(task.history.map((m) => messageText(m))).toContain('ping');

    // The task is stored and can be fetched back.
    const fetched = await client.getTask({ tenant: '', id: task.id, historyLength: undefined });
    expect(fetched.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactTexts(fetched)).toEqual(artifactTexts(task));
  });

  it('SendStreamingMessage streams task, WORKING, the artifact and a final COMPLETED, in order', async () => {
    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream(sendRequest('stream me'))) events.push(event);

    expect(events.map(describeEvent)).toEqual([
      'task:TASK_STATE_SUBMITTED',
      'statusUpdate:TASK_STATE_WORKING',
      'artifactUpdate:Hello, World! I have received your request (stream me)',
      'statusUpdate:TASK_STATE_COMPLETED',
    ]);
    const taskIds = new Set(
      events.map((e) =>
        e.payload?.$case === 'task' ? e.payload.value.id : (e.payload?.value as { taskId: string }).taskId,
      ),
    );
    expect(taskIds.size).toBe(1);
  });

  it('also answers over the HTTP+JSON (REST) binding', async () => {
    const restClient = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { preferredTransports: ['HTTP+JSON'] }),
    ).createFromUrl(agent.url);
    expect(restClient.transport.protocolName).toBe('HTTP+JSON');

    const task = (await restClient.sendMessage(sendRequest('via rest'))) as Task;
    expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(artifactTexts(task)).toEqual([helloReply('via rest')]);
  });

  it('accepts the v1.0 JSON wire format from a plain HTTP client', async () => {
    const { status, json } = await postRaw(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 'raw-1',
        method: 'SendMessage',
        params: { message: { messageId: 'm-raw-1', role: 'ROLE_USER', parts: [{ text: 'raw' }] } },
      }),
    );
    expect(status).toBe(200);
    expect(json.id).toBe('raw-1');
    expect(json.result?.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(json.result?.task.artifacts[0]?.parts).toEqual([
      { text: 'Hello, World! I have received your request (raw)', mediaType: 'text/plain' },
    ]);
  });

  it('answers an unknown JSON-RPC method with -32601', async () => {
    const { status, json } = await postRaw(
      JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'NoSuchMethod', params: {} }),
    );
    expect(status).toBe(200);
    expect(json).toEqual({ jsonrpc: '2.0', id: 7, error: { code: -32601, message: expect.any(String) } });
  });

  it('answers malformed JSON with a JSON-RPC parse error (-32700) and keeps serving', async () => {
    const { status, json } = await postRaw('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(status).toBe(200);
    expect(json).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });

    const task = (await client.sendMessage(sendRequest('still alive'))) as Task;
    expect(artifactTexts(task)).toEqual([helloReply('still alive')]);
  });

  it('rejects a request without A2A-Version (read as v0.3) with VersionNotSupported (-32009)', async () => {
    const consoleError = jest.spyOn(console, 'error').mockImplementation(() => undefined); // the SDK logs it
    try {
      const res = await fetch(agent.url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          jsonrpc: '2.0',
          id: 9,
          method: 'SendMessage',
          params: { message: { messageId: 'm-9', role: 'ROLE_USER', parts: [{ text: 'x' }] } },
        }),
      });
      const json = await res.json();
      expect(json).toMatchObject({ id: 9, error: { code: -32009 } });
    } finally {
      consoleError.mockRestore();
    }
  });
});

describe('HelloExecutor', () => {
  it('concatenates all text parts of the message and ignores other parts', () => {
    const message = userMessage('a', 'b');
    message.parts.push({
      content: { $case: 'url', value: 'https://x' },
      mediaType: '',
      filename: '',
      metadata: undefined,
    });
    message.parts.push(textPart('c'));
    expect(messageText(message)).toBe('abc');
    expect(helloReply(messageText(message))).toBe('Hello, World! I have received your request (abc)');
  });

  it('cancelTask publishes CANCELED on the bus', async () => {
    const bus = new DefaultExecutionEventBus();
    const seen: AgentExecutionEvent[] = [];
    bus.on('event', (e) => seen.push(e));

    await new HelloExecutor().cancelTask('t-1', bus);

    expect(seen).toHaveLength(1);
    const event = seen[0];
    expect(event?.kind).toBe('statusUpdate');
    if (event?.kind !== 'statusUpdate') return;
    expect(event.data.taskId).toBe('t-1');
    expect(event.data.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
  });

  it('cancelling a running task through the request handler ends it CANCELED without an artifact', async () => {
    let reachedRespond!: () => void;
    const responding = new Promise<void>((resolve) => (reachedRespond = resolve));
    class BlockedHello extends HelloExecutor {
      protected override async respond(_text: string, signal: AbortSignal): Promise<string> {
        reachedRespond();
        await new Promise((resolve) => signal.addEventListener('abort', resolve));
        return 'unreachable';
      }
    }
    const handler = new DefaultRequestHandler(
      buildAgentCard('http://hello.test/'),
      new InMemoryTaskStore(),
      new BlockedHello(),
    );
    const context = new ServerCallContext({ requestedVersion: '1.0' });

    const events: StreamResponse[] = [];
    let canceled: Task | undefined;
    for await (const event of handler.sendMessageStream(sendRequest('wait'), context)) {
      events.push(event);
      if (
        event.payload?.$case === 'statusUpdate' &&
        event.payload.value.status?.state === TaskState.TASK_STATE_WORKING
      ) {
        await responding;
        canceled = await handler.cancelTask(
          { tenant: '', id: event.payload.value.taskId, metadata: undefined },
          context,
        );
      }
    }

    expect(canceled?.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect(canceled?.artifacts).toEqual([]);
    expect(events.map(describeEvent)).toEqual([
      'task:TASK_STATE_SUBMITTED',
      'statusUpdate:TASK_STATE_WORKING',
      'statusUpdate:TASK_STATE_CANCELED',
    ]);
  });
});
