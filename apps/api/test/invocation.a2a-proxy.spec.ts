import { Message, TaskState, type SendMessageRequest, type Task } from '@a2a-js/sdk';
import {
  ClientFactory as ClientFactory13,
  DefaultAgentCardResolver as CardResolver13,
  JsonRpcTransportFactory as JsonRpc13,
  type Client as Client13,
} from '@a2a-js/sdk/client';
import {
  ClientFactory as ClientFactory03,
  DefaultAgentCardResolver as CardResolver03,
  JsonRpcTransportFactory as JsonRpc03,
  type Client as Client03,
} from 'a2a-sdk-v03/client';
import {
  startHelloAgentProcess,
  startHelloAgentProcesses,
  type HelloAgentProcess,
} from './hello-agent.process';
import { TestApi } from './harness';

const HELLO = (text: string) => `Hello, World! I have received your request (${text})`;

/** Adds the gateway credential to every request an SDK client makes (card included). */
const authed =
  (token: string): typeof fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers });
  };

function client13(cardUrl: string, token: string): Promise<Client13> {
  const fetchImpl = authed(token);
  return new ClientFactory13({
    transports: [new JsonRpc13({ fetchImpl })],
    cardResolver: new CardResolver13({ fetchImpl }),
  }).createFromUrl(cardUrl, '');
}

function client03(cardUrl: string, token: string): Promise<Client03> {
  const fetchImpl = authed(token);
  return new ClientFactory03({
    transports: [new JsonRpc03({ fetchImpl })],
    cardResolver: new CardResolver03({ fetchImpl }),
  }).createFromUrl(cardUrl, '');
}

const v1Request = (
  text: string,
  configuration?: Partial<SendMessageRequest['configuration']>,
): SendMessageRequest =>
  ({
    tenant: '',
    message: Message.fromJSON({ messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }] }),
    configuration: configuration as SendMessageRequest['configuration'],
    metadata: undefined,
  }) as SendMessageRequest;

const v03Params = (text: string, blocking = true) => ({
  message: {
    kind: 'message' as const,
    messageId: crypto.randomUUID(),
    role: 'user' as const,
    parts: [{ kind: 'text' as const, text }],
  },
  configuration: { blocking },
});

describe('the gateway as an A2A server, for the official SDK clients', () => {
  let api: TestApi;
  let v10: HelloAgentProcess;
  let v03: HelloAgentProcess;
  const card = (slug: string) => `${api.baseUrl}/a2a/${slug}/.well-known/agent-card.json`;

  beforeAll(async () => {
    [v10, v03] = await startHelloAgentProcesses('1.0', '0.3');
    api = await TestApi.start();
    await api.reset();
    await api.createAgent({ name: 'new-agent', endpointUrl: v10.url });
    await api.createAgent({ name: 'old-agent', endpointUrl: v03.url });
  });
  afterAll(async () => {
    await api.close();
    await Promise.all([v10.close(), v03.close()]);
  });

  it('serves the agent’s card pointing at the gateway, for either generation', async () => {
    const v1 = await api.get<{
      name: string;
      supportedInterfaces: { url: string; protocolVersion: string }[];
      securitySchemes: object;
    }>('/a2a/old-agent/.well-known/agent-card.json', { headers: { 'a2a-version': '1.0' } });
    expect(v1.status).toBe(200);
    expect(v1.body.name).toBe('Hello World Agent');
    expect(v1.body.supportedInterfaces.map((i) => [i.url, i.protocolVersion])).toEqual([
      [`${api.baseUrl}/a2a/old-agent/jsonrpc`, '1.0'],
      [`${api.baseUrl}/a2a/old-agent/jsonrpc`, '0.3'],
    ]);
    expect(JSON.stringify(v1.body)).not.toContain(v03.url);
    const legacy = await api.get<{ url: string; protocolVersion: string; security: unknown }>(
      '/a2a/old-agent/.well-known/agent-card.json',
    );
    expect(legacy.body).toMatchObject({
      url: `${api.baseUrl}/a2a/old-agent/jsonrpc`,
      protocolVersion: '0.3.0',
    });
    expect((await api.get('/a2a/old-agent/.well-known/agent-card.json', { token: null })).status).toBe(401);
  });

  describe.each([
    ['a v1.0 agent', 'new-agent'],
    ['a v0.3 agent', 'old-agent'],
  ])('the 1.3 SDK client, through the gateway, to %s', (_, slug) => {
    it('sends, streams, gets and cancels', async () => {
      const client = await client13(card(slug), api.adminToken);
      const sent = (await client.sendMessage(v1Request('ping'))) as Task;
      expect(sent.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(sent.artifacts[0].parts[0].content).toEqual({ $case: 'text', value: HELLO('ping') });

      const kinds: string[] = [];
      for await (const event of client.sendMessageStream(v1Request('stream:2')))
        kinds.push(event.payload?.$case ?? '?');
      expect(kinds[0]).toBe('task');
      expect(kinds.filter((k) => k === 'artifactUpdate')).toHaveLength(2);
      expect(kinds[kinds.length - 1]).toBe('statusUpdate');

      const got = await client.getTask({ tenant: '', id: sent.id, historyLength: undefined });
      expect(got.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

      const long = (await client.sendMessage(v1Request('long', { returnImmediately: true }))) as Task;
      expect([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]).toContain(long.status?.state);
      const canceled = await client.cancelTask({ tenant: '', id: long.id, metadata: undefined });
      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);

      await expect(
        client.getTask({ tenant: '', id: 'no-such-task', historyLength: undefined }),
      ).rejects.toMatchObject({
        envelopeCode: -32001,
      });
    });
  });

  describe.each([
    ['a v1.0 agent', 'new-agent'],
    ['a v0.3 agent', 'old-agent'],
  ])('the 0.3 SDK client, through the gateway, to %s', (_, slug) => {
    it('sends, streams, gets and cancels', async () => {
      const client = await client03(card(slug), api.adminToken);
      const sent = (await client.sendMessage(v03Params('ping'))) as {
        kind: string;
        id: string;
        status: { state: string };
        artifacts: { parts: { text: string }[] }[];
      };
      expect(sent.kind).toBe('task');
      expect(sent.status.state).toBe('completed');
      expect(sent.artifacts[0].parts[0].text).toBe(HELLO('ping'));

      const kinds: string[] = [];
      for await (const event of client.sendMessageStream(v03Params('stream:2')))
        kinds.push((event as { kind: string }).kind);
      expect(kinds[0]).toBe('task');
      expect(kinds.filter((k) => k === 'artifact-update')).toHaveLength(2);
      expect(kinds[kinds.length - 1]).toBe('status-update');

      expect((await client.getTask({ id: sent.id })).status.state).toBe('completed');

      const long = (await client.sendMessage(v03Params('long', false))) as { id: string };
      expect((await client.cancelTask({ id: long.id })).status.state).toBe('canceled');
      await expect(client.getTask({ id: 'no-such-task' })).rejects.toThrow();
    });
  });

  it('answers streaming from a v0.3 agent to a v1.0 caller in order, ending on the final state', async () => {
    const client = await client13(card('old-agent'), api.adminToken);
    const states: number[] = [];
    for await (const event of client.sendMessageStream(v1Request('ping'))) {
      if (event.payload?.$case === 'statusUpdate') states.push(event.payload.value.status?.state ?? -1);
    }
    expect(states[states.length - 1]).toBe(TaskState.TASK_STATE_COMPLETED);
  });
});

describe('JSON-RPC errors at the proxy', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  beforeAll(async () => {
    agent = await startHelloAgentProcess('1.0');
    api = await TestApi.start();
    await api.reset();
    await api.createAgent({ name: 'rpc', endpointUrl: agent.url });
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
  });

  const rpc = (body: string, version = '1.0') =>
    api.request<{
      jsonrpc: string;
      id: unknown;
      error?: { code: number; message: string; data?: unknown };
      result?: unknown;
    }>('POST', '/a2a/rpc/jsonrpc', {
      rawBody: body,
      headers: { 'content-type': 'application/json', 'a2a-version': version },
    });

  it.each([
    ['malformed JSON', -32700, '{"jsonrpc": "2.0",'],
    ['an empty body', -32700, ''],
    ['not JSON-RPC 2.0', -32600, '{"jsonrpc":"1.0","id":1,"method":"SendMessage"}'],
    ['an array', -32600, '[]'],
    ['an unknown method', -32601, '{"jsonrpc":"2.0","id":1,"method":"DoMagic","params":{}}'],
    ['params of the wrong shape', -32602, '{"jsonrpc":"2.0","id":1,"method":"GetTask","params":"x"}'],
    [
      'a task that does not exist',
      -32001,
      '{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"nope"}}',
    ],
    [
      'a v0.3 task that does not exist',
      -32001,
      '{"jsonrpc":"2.0","id":1,"method":"tasks/get","params":{"id":"nope"}}',
    ],
    [
      'an id that is an object',
      -32600,
      '{"jsonrpc":"2.0","id":{"a":1},"method":"GetTask","params":{"id":"x"}}',
    ],
    ['a method that is not a string', -32600, '{"jsonrpc":"2.0","id":1,"method":7}'],
    ['SendMessage without params', -32602, '{"jsonrpc":"2.0","id":1,"method":"SendMessage"}'],
    [
      'a message without parts',
      -32602,
      '{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":{"messageId":"m","role":"ROLE_USER","parts":[]}}}',
    ],
    [
      'a v0.3 part of an unknown kind',
      -32602,
      '{"jsonrpc":"2.0","id":1,"method":"message/send","params":{"message":{"kind":"message","messageId":"m","role":"user","parts":[{"kind":"video"}]}}}',
    ],
    [
      'a push notification config',
      -32003,
      '{"jsonrpc":"2.0","id":1,"method":"CreateTaskPushNotificationConfig","params":{"taskId":"t","url":"https://x"}}',
    ],
    [
      'a v0.3 push notification config',
      -32003,
      '{"jsonrpc":"2.0","id":1,"method":"tasks/pushNotificationConfig/get","params":{"id":"t"}}',
    ],
    ['the extended card', -32007, '{"jsonrpc":"2.0","id":1,"method":"GetExtendedAgentCard","params":{}}'],
  ])('answers %s with JSON-RPC error %d (HTTP 200)', async (_, code, body) => {
    const res = await rpc(body);
    expect(res.status).toBe(200);
    expect(res.body.jsonrpc).toBe('2.0');
    expect(res.body.error?.code).toBe(code);
  });

  it('names the bad field: BadRequest for v1.0 callers, data.issues for v0.3 callers', async () => {
    const v1 = await rpc(
      '{"jsonrpc":"2.0","id":1,"method":"GetTask","params":{"id":"t","historyLength":-1}}',
    );
    expect(v1.body.error).toMatchObject({
      code: -32602,
      message: expect.stringContaining('params.historyLength'),
      data: expect.arrayContaining([
        expect.objectContaining({ reason: 'INVALID_PARAMS', domain: 'a2a-protocol.org' }),
        {
          '@type': 'type.googleapis.com/google.rpc.BadRequest',
          fieldViolations: [{ field: 'params.historyLength', description: expect.any(String) }],
        },
      ]),
    });
    const v03 = await rpc('{"jsonrpc":"2.0","id":1,"method":"tasks/get","params":{}}', '0.3');
    expect(v03.body.error).toMatchObject({
      code: -32602,
      data: { code: 'INVALID_REQUEST', issues: [{ path: 'params.id' }] },
    });
  });

  it('refuses an A2A-Version the gateway does not speak with -32009, echoing the id', async () => {
    const res = await rpc('{"jsonrpc":"2.0","id":"v","method":"GetTask","params":{"id":"x"}}', '2.0');
    expect(res.body).toMatchObject({ id: 'v', error: { code: -32009 } });
  });

  it('refuses a body beyond the limit with HTTP 413, before any JSON-RPC, at both data-plane doors', async () => {
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: { message: { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'x'.repeat(1_100_000) }] } },
    });
    const rpcRes = await rpc(huge);
    expect(rpcRes.status).toBe(413);
    expect(rpcRes.body).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const invoke = await api.request('POST', '/a2a/rpc/invoke', {
      rawBody: JSON.stringify({ message: 'x'.repeat(1_100_000) }),
    });
    expect(invoke.status).toBe(413);
  });

  it('answers an unknown agent with 404 and no token with 401', async () => {
    expect(
      (
        await api.request('POST', '/a2a/ghost/jsonrpc', {
          body: { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } },
        })
      ).status,
    ).toBe(404);
    expect(
      (
        await api.request('POST', '/a2a/rpc/jsonrpc', {
          token: null,
          body: { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } },
        })
      ).status,
    ).toBe(401);
  });

  it('passes an agent failure to the caller as a JSON-RPC error, and keeps serving', async () => {
    const res = await rpc(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 7,
        method: 'SendMessage',
        params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'garbage' }] } },
      }),
    );
    expect(res.body.id).toBe(7);
    expect(res.body.error).toMatchObject({
      code: -32006,
      data: [{ reason: 'INVALID_AGENT_RESPONSE', domain: 'a2a-protocol.org', metadata: { agent: 'rpc' } }],
    });
    const ok = await rpc(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 8,
        method: 'SendMessage',
        params: { message: { messageId: 'm2', role: 'ROLE_USER', parts: [{ text: 'ping' }] } },
      }),
    );
    expect(ok.body.result).toMatchObject({ task: { status: { state: 'TASK_STATE_COMPLETED' } } });
  });
});
