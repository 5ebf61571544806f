import { randomUUID } from 'node:crypto';
import { TaskState, type Task } from '@a2a-js/sdk';
import {
  ClientFactory as ClientFactoryV1,
  ClientFactoryOptions as ClientFactoryOptionsV1,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
  type Client as ClientV1,
} from '@a2a-js/sdk/client';
import type { AgentCard as AgentCardV03, Task as TaskV03 } from 'a2a-sdk-v03';
import {
  A2AClient,
  ClientFactory,
  ClientFactoryOptions,
  JsonRpcTransport,
  RestTransport,
  type Client,
} from 'a2a-sdk-v03/client';
import {
  artifactTextsV03,
  describeEventV03,
  eventually,
  readSse,
  sendParamsV03,
  sendRequest,
  statusTextV03,
  v03RpcBody,
} from '../test/helpers';
import { helloReply } from './hello.executor';
import { GARBAGE_BODY } from './http-modes';
import { startHelloAgent, type HelloAgent } from './server';

const JSON_HEADERS = { 'Content-Type': 'application/json' };

function post(agent: HelloAgent, path: string, body: string, signal?: AbortSignal): Promise<Response> {
  return fetch(new URL(path, agent.url), { method: 'POST', headers: JSON_HEADERS, body, signal });
}

/** The 1.3 (v1.0) client with its v0.3 compatibility layer switched on. */
function legacyCompatClient(agent: HelloAgent): Promise<ClientV1> {
  const legacy = { legacyCompat: { enabled: true } };
  const options = ClientFactoryOptionsV1.createFrom(ClientFactoryOptionsV1.default, {
    transports: [new JsonRpcTransportFactory(legacy), new RestTransportFactory(legacy)],
    cardResolver: new DefaultAgentCardResolver(legacy),
  });
  return new ClientFactoryV1(options).createFromUrl(agent.agentCardUrl, '');
}

function isTask(result: unknown): result is TaskV03 {
  return (result as { kind?: string }).kind === 'task';
}

describe('protocol 0.3 (a2a-sdk-v03 server, real HTTP, a2a-sdk-v03 client)', () => {
  let agent: HelloAgent;
  let client: Client;

  beforeAll(async () => {
    agent = await startHelloAgent({ port: 0, protocol: '0.3', heartbeatMs: 100 });
    client = await new ClientFactory().createFromUrl(agent.url);
  });

  afterAll(async () => {
    await agent.close();
  });

  async function send(text: string, opts: Parameters<typeof sendParamsV03>[1] = {}): Promise<TaskV03> {
    const result = await client.sendMessage(sendParamsV03(text, opts));
    if (!isTask(result)) throw new Error('expected a task');
    return result;
  }

  it('serves a v0.3 Agent Card at /.well-known/agent-card.json (and not at agent.json)', async () => {
    expect(agent.protocol).toBe('0.3');
    expect(agent.agentCardUrl).toBe(`${agent.url}.well-known/agent-card.json`);
    const res = await fetch(agent.agentCardUrl);
    expect(res.status).toBe(200);
    const card = (await res.json()) as AgentCardV03;
    expect(card).toMatchObject({
      protocolVersion: '0.3.0',
      name: 'Hello World Agent',
      url: agent.url,
      preferredTransport: 'JSONRPC',
      additionalInterfaces: [
        { url: agent.url, transport: 'JSONRPC' },
        { url: `${agent.url}rest`, transport: 'HTTP+JSON' },
      ],
      capabilities: { streaming: true, pushNotifications: false },
      defaultInputModes: ['text/plain'],
      defaultOutputModes: ['text/plain'],
      skills: [{ id: 'hello_world', name: 'Hello World' }],
    });
    expect(card).not.toHaveProperty('supportedInterfaces');
    expect((await fetch(new URL('.well-known/agent.json', agent.url))).status).toBe(404);
  });

  it('hello: message/send returns the completed task in v0.3 shape', async () => {
    expect(client.transport).toBeInstanceOf(JsonRpcTransport);
    const task = await send('ping');
    expect(task.status.state).toBe('completed');
    expect(artifactTextsV03(task)).toEqual([helloReply('ping')]);
    expect(task.artifacts?.[0]?.parts).toEqual([{ kind: 'text', text: helloReply('ping') }]);
  });

  it('hello on the wire: v0.3 method names, kind tags, lower-case states', async () => {
    const res = await post(
      agent,
      '',
      v03RpcBody('message/send', {
        message: {
          kind: 'message',
          messageId: 'm-raw',
          role: 'user',
          parts: [{ kind: 'text', text: 'raw' }],
        },
      }),
    );
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      jsonrpc: '2.0',
      id: 1,
      result: {
        kind: 'task',
        status: { state: 'completed' },
        artifacts: [{ name: 'reply', parts: [{ kind: 'text', text: helloReply('raw') }] }],
      },
    });
  });

  it('stream:<n>: message/stream yields the chunks with final flags, tasks/get has the whole artifact', async () => {
    const events = [];
    for await (const event of client.sendMessageStream(sendParamsV03('stream:3'))) events.push(event);
    expect(events.map(describeEventV03)).toEqual([
      'task:submitted',
      'status-update:working',
      'artifact-update:chunk 1',
      'artifact-update:chunk 2',
      'artifact-update:chunk 3',
      'status-update:completed:final',
    ]);
    const chunks = events.flatMap((e) => (e.kind === 'artifact-update' ? [e] : []));
    expect(chunks.map((c) => [c.append, c.lastChunk])).toEqual([
      [false, false],
      [true, false],
      [true, true],
    ]);

    const taskId = (events[0] as TaskV03).id;
    const fetched = await client.getTask({ id: taskId });
    expect(fetched.status.state).toBe('completed');
    expect(artifactTextsV03(fetched)).toEqual(['chunk 1', 'chunk 2', 'chunk 3']);
  });

  it('stream:<n> blocking: the final task holds the whole artifact', async () => {
    const task = await send('stream:4');
    expect(task.artifacts).toHaveLength(1);
    expect(artifactTextsV03(task)).toEqual(['chunk 1', 'chunk 2', 'chunk 3', 'chunk 4']);
  });

  it('tasks/get returns a stored task (history only with historyLength: a 0.3.14 server quirk)', async () => {
    const task = await send('get me');
    const bare = await client.getTask({ id: task.id });
    expect(bare.status.state).toBe('completed');
    expect(bare.history).toEqual([]);
    const withHistory = await client.getTask({ id: task.id, historyLength: 10 });
    expect(withHistory.history?.[0]?.parts).toEqual([{ kind: 'text', text: 'get me' }]);
  });

  it('long: non-blocking send, WORKING with heartbeats (tasks/resubscribe), tasks/cancel → canceled', async () => {
    const submitted = await send('long', { blocking: false });
    expect(['submitted', 'working']).toContain(submitted.status.state);

    let heartbeats = 0;
    for await (const event of client.resubscribeTask({ id: submitted.id })) {
      if (event.kind === 'status-update' && event.metadata?.heartbeat !== undefined) {
        expect(event.status.state).toBe('working');
        expect(event.final).toBe(false);
        if (++heartbeats === 2) break;
      }
    }
    expect((await client.getTask({ id: submitted.id })).status.state).toBe('working');

    const canceled = await client.cancelTask({ id: submitted.id });
    expect(canceled.status.state).toBe('canceled');
    expect((await client.getTask({ id: submitted.id })).status.state).toBe('canceled');
  });

  it('long over message/stream: tasks/cancel from another call ends the stream canceled', async () => {
    const events = client.sendMessageStream(sendParamsV03('long'));
    const first = await events.next();
    const taskId = (first.value as TaskV03).id;
    const drained = (async () => {
      const rest = [];
      for await (const event of events) rest.push(describeEventV03(event));
      return rest;
    })();
    await eventually(async () =>
      (await client.getTask({ id: taskId })).status.state === 'working' ? true : undefined,
    );
    await client.cancelTask({ id: taskId });
    expect((await drained).at(-1)).toBe('status-update:canceled:final');
  });

  it('fail: the task ends failed with an explanation', async () => {
    const task = await send('fail');
    expect(task.status.state).toBe('failed');
    expect(statusTextV03(task)).toBe('Failed on purpose: the message asked for "fail".');
  });

  it('input-required: stops in input-required; a follow-up on the same task completes it', async () => {
    const waiting = await send('input-required');
    expect(waiting.status.state).toBe('input-required');
    expect(waiting.status.message?.role).toBe('agent');
    expect(statusTextV03(waiting)).toMatch(/^More input needed/);

    const done = await send('the details', { taskId: waiting.id, contextId: waiting.contextId });
    expect(done.id).toBe(waiting.id);
    expect(done.status.state).toBe('completed');
    expect(artifactTextsV03(done)).toEqual([helloReply('the details')]);
  });

  it('slow:<ms>: replies after the delay', async () => {
    const started = Date.now();
    const task = await send('slow:200');
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    expect(task.status.state).toBe('completed');
  });

  it('HTTP modes work on the v0.3 JSON-RPC and REST endpoints', async () => {
    const rpc = (text: string): string =>
      v03RpcBody('message/send', {
        message: { kind: 'message', messageId: randomUUID(), role: 'user', parts: [{ kind: 'text', text }] },
      });
    const rest = (text: string): string =>
      JSON.stringify({ message: { messageId: randomUUID(), role: 'ROLE_USER', content: [{ text }] } });

    const limited = await post(agent, '', rpc('error:429'));
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect((await post(agent, 'rest/v1/message:send', rest('error:503'))).status).toBe(503);

    const garbage = await post(agent, '', rpc('garbage'));
    expect(garbage.status).toBe(200);
    expect(garbage.headers.get('content-type')).toBe('application/json');
    expect(await garbage.text()).toBe(GARBAGE_BODY);

    await expect(post(agent, '', rpc('hang'), AbortSignal.timeout(200))).rejects.toMatchObject({
      name: 'TimeoutError',
    });
    await expect(client.sendMessage(sendParamsV03('error:502'))).rejects.toThrow(/502/);
  });

  it('REST binding (v0.3 HTTP+JSON under /rest/v1) answers too, also via the 0.3 client', async () => {
    const res = await post(
      agent,
      'rest/v1/message:send',
      JSON.stringify({
        message: { messageId: 'm-rest', role: 'ROLE_USER', content: [{ text: 'via rest' }] },
      }),
    );
    expect(res.status).toBe(201); // the 0.3.14 REST handler answers message:send with 201 Created
    expect(await res.json()).toMatchObject({
      task: {
        status: { state: 'TASK_STATE_COMPLETED' },
        artifacts: [{ parts: [{ text: helloReply('via rest') }] }],
      },
    });

    const restClient = await new ClientFactory(
      ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { preferredTransports: ['HTTP+JSON'] }),
    ).createFromUrl(agent.url);
    expect(restClient.transport).toBeInstanceOf(RestTransport);
    const task = await restClient.sendMessage(sendParamsV03('rest client'));
    expect(isTask(task) && artifactTextsV03(task)).toEqual([helloReply('rest client')]);
  });

  it('the @a2a-js/sdk 1.3 client with legacyCompat talks to it as v0.3', async () => {
    const v1Client = await legacyCompatClient(agent);
    expect([v1Client.transport.protocolName, v1Client.protocolVersion]).toEqual(['JSONRPC', '0.3']);
    const done = (await v1Client.sendMessage(sendRequest('compat'))) as Task;
    expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const waiting = (await v1Client.sendMessage(sendRequest('input-required'))) as Task;
    expect(waiting.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
  });

  it('raw message/stream is SSE of v0.3 events', async () => {
    const res = await post(
      agent,
      '',
      v03RpcBody('message/stream', {
        message: {
          kind: 'message',
          messageId: randomUUID(),
          role: 'user',
          parts: [{ kind: 'text', text: 'stream:1' }],
        },
      }),
    );
    const kinds = ((await readSse(res)) as { result: { kind: string } }[]).map((e) => e.result.kind);
    expect(kinds).toEqual(['task', 'status-update', 'artifact-update', 'status-update']);
  });
});

describe('protocol 0.2', () => {
  let agent: HelloAgent;

  beforeAll(async () => {
    agent = await startHelloAgent({ port: 0, protocol: '0.2' });
  });

  afterAll(async () => {
    await agent.close();
  });

  it('serves its card only at /.well-known/agent.json, with protocolVersion 0.2.5', async () => {
    expect(agent.agentCardUrl).toBe(`${agent.url}.well-known/agent.json`);
    expect((await fetch(new URL('.well-known/agent-card.json', agent.url))).status).toBe(404);

    const card = (await (await fetch(agent.agentCardUrl)).json()) as AgentCardV03;
    expect(card.protocolVersion).toBe('0.2.5');
    expect(card.url).toBe(agent.url);
    expect(card).not.toHaveProperty('preferredTransport');
    expect(card).not.toHaveProperty('additionalInterfaces');
    expect((await post(agent, 'rest/v1/message:send', '{}')).status).toBe(404); // no REST binding
  });

  it('speaks the same v0.3 JSON-RPC (A2AClient from the agent.json card)', async () => {
    const client = await A2AClient.fromCardUrl(agent.agentCardUrl);
    const response = await client.sendMessage(sendParamsV03('hi 0.2'));
    if (!('result' in response)) throw new Error(JSON.stringify(response));
    expect(isTask(response.result) && response.result.status.state).toBe('completed');
    expect(isTask(response.result) && artifactTextsV03(response.result)).toEqual([helloReply('hi 0.2')]);
  });

  it('is NOT reachable by the 1.3 client even with legacyCompat (its legacy range is [0.3, 1.0))', async () => {
    // SDK behaviour worth knowing: a "0.2.5" card is parsed, but the interface gets the v1.0 transport,
    // which sends `SendMessage` — a method the 0.3 JSON-RPC server does not know.
    const v1Client = await legacyCompatClient(agent);
    expect(v1Client.protocolVersion).toBe('1.0');
    await expect(v1Client.sendMessage(sendRequest('hi'))).rejects.toThrow(/Method not found/);
  });
});
