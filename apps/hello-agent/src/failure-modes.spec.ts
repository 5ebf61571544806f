import { randomUUID } from 'node:crypto';
import { TaskState, type StreamResponse, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, type Client } from '@a2a-js/sdk/client';
import {
  artifactTexts,
  describeEvent,
  eventTaskId,
  eventually,
  readSse,
  sendRequest,
  stateName,
  statusText,
  V1_HEADERS,
  v1SendBody,
} from '../test/helpers';
import { helloReply } from './hello.executor';
import { GARBAGE_BODY } from './http-modes';
import { parseMode, SLOW_MAX_MS } from './modes';
import { startHelloAgent, type HelloAgent } from './server';

describe('parseMode', () => {
  it.each([
    ['ping', { kind: 'hello' }],
    ['  slow:250 ', { kind: 'slow', ms: 250 }],
    ['slow:999999', { kind: 'slow', ms: SLOW_MAX_MS }],
    ['fail', { kind: 'fail' }],
    ['error:503', { kind: 'error', status: 503 }],
    ['error:200', { kind: 'hello' }],
    ['error:abc', { kind: 'hello' }],
    ['garbage', { kind: 'garbage' }],
    ['hang', { kind: 'hang' }],
    ['input-required', { kind: 'input-required' }],
    ['long', { kind: 'long' }],
    ['stream:5', { kind: 'stream', chunks: 5 }],
    ['stream:0', { kind: 'stream', chunks: 1 }],
    ['stream:5000', { kind: 'stream', chunks: 1000 }],
    ['FAIL', { kind: 'hello' }],
    ['please fail', { kind: 'hello' }],
  ])('%j → %j', (text, mode) => {
    expect(parseMode(text)).toEqual(mode);
  });
});

describe('failure modes over A2A v1.0 (real HTTP, @a2a-js/sdk 1.3 client)', () => {
  let agent: HelloAgent;
  let client: Client;

  beforeAll(async () => {
    agent = await startHelloAgent({ port: 0, heartbeatMs: 100 });
    client = await new ClientFactory().createFromUrl(agent.url);
  });

  afterAll(async () => {
    await agent.close();
  });

  async function send(text: string, opts: Parameters<typeof sendRequest>[1] = {}): Promise<Task> {
    const result = await client.sendMessage(sendRequest(text, opts));
    if (!('id' in result)) throw new Error('expected a task');
    return result;
  }

  async function stream(text: string): Promise<StreamResponse[]> {
    const events: StreamResponse[] = [];
    for await (const event of client.sendMessageStream(sendRequest(text))) events.push(event);
    return events;
  }

  /** The id of the only task in `contextId` once it exists (used to reach a blocking call's task). */
  async function taskInContext(contextId: string): Promise<Task> {
    return eventually(async () => {
      const { tasks } = await client.listTasks({
        tenant: '',
        contextId,
        status: TaskState.TASK_STATE_UNSPECIFIED,
        pageToken: '',
        statusTimestampAfter: undefined,
      });
      return tasks[0];
    });
  }

  function post(
    path: string,
    body: string,
    headers: Record<string, string> = V1_HEADERS,
    signal?: AbortSignal,
  ) {
    return fetch(new URL(path, agent.url), { method: 'POST', headers, body, signal });
  }

  const restBody = (text: string): string =>
    JSON.stringify({ message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text }] } });

  describe('slow:<ms>', () => {
    it('replies normally after the delay', async () => {
      const started = Date.now();
      const task = await send('slow:300');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
      expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(artifactTexts(task)).toEqual([helloReply('slow:300')]);
    });

    it('with returnImmediately, the task completes in the background after the response is sent', async () => {
      const submitted = await send('slow:200', { returnImmediately: true });
      expect(submitted.status?.state).toBe(TaskState.TASK_STATE_SUBMITTED);
      const done = await eventually(async () => {
        const task = await client.getTask({ tenant: '', id: submitted.id, historyLength: undefined });
        return task.status?.state === TaskState.TASK_STATE_COMPLETED ? task : undefined;
      });
      expect(artifactTexts(done)).toEqual([helloReply('slow:200')]);
    });

    it('CancelTask stops the wait: CANCELED at once, no artifact', async () => {
      const started = Date.now();
      const submitted = await send('slow:60000', { returnImmediately: true });
      const canceled = await client.cancelTask({ tenant: '', id: submitted.id, metadata: undefined });
      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
      expect(canceled.artifacts).toEqual([]);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('a client disconnect stops the wait: the task ends CANCELED', async () => {
      const contextId = randomUUID();
      const aborter = new AbortController();
      const body = JSON.stringify({
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: {
          message: { messageId: randomUUID(), contextId, role: 'ROLE_USER', parts: [{ text: 'slow:60000' }] },
        },
      });
      const pending = post('', body, V1_HEADERS, aborter.signal).catch((err: unknown) => err);
      const running = await taskInContext(contextId);
      aborter.abort();
      expect(await pending).toMatchObject({ name: 'AbortError' });

      const ended = await eventually(async () => {
        const task = await client.getTask({ tenant: '', id: running.id, historyLength: undefined });
        return task.status?.state === TaskState.TASK_STATE_CANCELED ? task : undefined;
      });
      expect(statusText(ended)).toBe('The client disconnected before the reply was ready.');
      expect(ended.artifacts).toEqual([]);
    });
  });

  describe('fail', () => {
    it('ends the task FAILED with an explanation', async () => {
      const task = await send('fail');
      expect(task.status?.state).toBe(TaskState.TASK_STATE_FAILED);
      expect(statusText(task)).toBe('Failed on purpose: the message asked for "fail".');
      expect(task.artifacts).toEqual([]);
    });

    it('streams SUBMITTED, WORKING, FAILED', async () => {
      expect((await stream('fail')).map(describeEvent)).toEqual([
        'task:TASK_STATE_SUBMITTED',
        'statusUpdate:TASK_STATE_WORKING',
        'statusUpdate:TASK_STATE_FAILED',
      ]);
    });
  });

  describe('error:<status>', () => {
    it.each([500, 502, 503, 504, 401, 429])('answers the JSON-RPC request with HTTP %i', async (status) => {
      const res = await post('', v1SendBody(`error:${status}`));
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/json');
      expect(await res.json()).toEqual({
        error: { code: status, message: `Simulated HTTP ${status} (hello-agent mode error:${status})` },
      });
      expect(res.headers.get('retry-after')).toBe(status === 429 ? '1' : null);
      expect(res.headers.get('www-authenticate')).toBe(status === 401 ? 'Bearer realm="hello-agent"' : null);
    });

    it('also answers streaming requests and the REST binding', async () => {
      expect((await post('', v1SendBody('error:502', 'SendStreamingMessage'))).status).toBe(502);
      expect((await post('rest/message:send', restBody('error:503'))).status).toBe(503);
      expect((await post('rest/message:stream', restBody(' error:504 '))).status).toBe(504);
    });

    it('makes the SDK client throw, and the agent keeps serving', async () => {
      await expect(client.sendMessage(sendRequest('error:500'))).rejects.toThrow(/500/);
      expect(artifactTexts(await send('after error'))).toEqual([helloReply('after error')]);
    });
  });

  describe('garbage', () => {
    it('answers 200 application/json with a body that is not JSON (JSON-RPC and REST)', async () => {
      for (const res of [
        await post('', v1SendBody('garbage')),
        await post('rest/message:send', restBody('garbage')),
      ]) {
        expect(res.status).toBe(200);
        expect(res.headers.get('content-type')).toBe('application/json');
        const text = await res.text();
        expect(text).toBe(GARBAGE_BODY);
        expect(() => JSON.parse(text)).toThrow(SyntaxError);
      }
    });

    it('makes the SDK client throw', async () => {
      await expect(client.sendMessage(sendRequest('garbage'))).rejects.toThrow();
    });
  });

  describe('hang', () => {
    it('never answers; the client gives up and the agent keeps serving', async () => {
      const started = Date.now();
      await expect(post('', v1SendBody('hang'), V1_HEADERS, AbortSignal.timeout(300))).rejects.toMatchObject({
        name: 'TimeoutError',
      });
      await expect(
        post('rest/message:send', restBody('hang'), V1_HEADERS, AbortSignal.timeout(300)),
      ).rejects.toMatchObject({ name: 'TimeoutError' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(590);
      expect(artifactTexts(await send('after hang'))).toEqual([helloReply('after hang')]);
    });
  });

  describe('input-required', () => {
    it('stops in INPUT_REQUIRED asking for input; a follow-up on the same task completes it', async () => {
      const waiting = await send('input-required');
      expect(waiting.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
      expect(waiting.status?.message?.role).toBe(2 /* ROLE_AGENT */);
      expect(statusText(waiting)).toMatch(/^More input needed/);
      expect(waiting.artifacts).toEqual([]);

      const done = await send('here is more', { taskId: waiting.id, contextId: waiting.contextId });
      expect(done.id).toBe(waiting.id);
      expect(done.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(artifactTexts(done)).toEqual([helloReply('here is more')]);

      const fetched = await client.getTask({ tenant: '', id: waiting.id, historyLength: undefined });
      expect(fetched.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    });

    it('streams SUBMITTED, WORKING, INPUT_REQUIRED; the waiting task can be canceled', async () => {
      const events = await stream('input-required');
      expect(events.map(describeEvent)).toEqual([
        'task:TASK_STATE_SUBMITTED',
        'statusUpdate:TASK_STATE_WORKING',
        'statusUpdate:TASK_STATE_INPUT_REQUIRED',
      ]);
      const canceled = await client.cancelTask({
        tenant: '',
        id: eventTaskId(events[0]!),
        metadata: undefined,
      });
      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    });
  });

  describe('long', () => {
    it('returnImmediately returns the task at once; it stays WORKING (heartbeats) until CancelTask', async () => {
      const started = Date.now();
      const submitted = await send('long', { returnImmediately: true });
      expect(Date.now() - started).toBeLessThan(1000);
      expect([TaskState.TASK_STATE_SUBMITTED, TaskState.TASK_STATE_WORKING]).toContain(
        submitted.status?.state,
      );

      // Resubscribe and watch two heartbeats go by.
      const seen: string[] = [];
      for await (const event of client.resubscribeTask({ tenant: '', id: submitted.id })) {
        const payload = event.payload;
        if (payload?.$case === 'statusUpdate' && payload.value.metadata?.heartbeat !== undefined) {
          seen.push(
            `${stateName(payload.value.status?.state)}#${payload.value.metadata.heartbeat as number}`,
          );
          if (seen.length === 2) break;
        }
      }
      expect(seen).toHaveLength(2);
      expect(seen.every((s) => s.startsWith('TASK_STATE_WORKING#'))).toBe(true);

      const fetched = await client.getTask({ tenant: '', id: submitted.id, historyLength: undefined });
      expect(fetched.status?.state).toBe(TaskState.TASK_STATE_WORKING);

      const canceled = await client.cancelTask({ tenant: '', id: submitted.id, metadata: undefined });
      expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
      expect(canceled.artifacts).toEqual([]);
    });

    it('a blocking SendMessage waits until the task is canceled, then returns it CANCELED', async () => {
      const contextId = randomUUID();
      let settled = false;
      const blocking = send('long', { contextId }).finally(() => (settled = true));
      const running = await taskInContext(contextId);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(settled).toBe(false);

      await client.cancelTask({ tenant: '', id: running.id, metadata: undefined });
      const result = await blocking;
      expect(result.id).toBe(running.id);
      expect(result.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    });

    it('streams WORKING and heartbeats until canceled, then CANCELED ends the stream', async () => {
      const events: StreamResponse[] = [];
      let heartbeats = 0;
      for await (const event of client.sendMessageStream(sendRequest('long'))) {
        events.push(event);
        if (
          event.payload?.$case === 'statusUpdate' &&
          event.payload.value.metadata?.heartbeat !== undefined
        ) {
          if (++heartbeats === 2)
            await client.cancelTask({ tenant: '', id: eventTaskId(event), metadata: undefined });
        }
      }
      const described = events.map(describeEvent);
      expect(described.slice(0, 2)).toEqual(['task:TASK_STATE_SUBMITTED', 'statusUpdate:TASK_STATE_WORKING']);
      expect(described.at(-1)).toBe('statusUpdate:TASK_STATE_CANCELED');
      expect(described.filter((d) => d === 'statusUpdate:TASK_STATE_WORKING').length).toBeGreaterThanOrEqual(
        3,
      );
      const first = events[1]?.payload;
      expect(
        first?.$case === 'statusUpdate' && first.value.status?.message?.parts[0]?.content?.value,
      ).toMatch(/^Working until canceled/);
    });

    it('completes on its own at the cap (longTaskMaxMs)', async () => {
      const capped = await startHelloAgent({ port: 0, longTaskMaxMs: 450, heartbeatMs: 100 });
      try {
        const cappedClient = await new ClientFactory().createFromUrl(capped.url);
        const started = Date.now();
        const task = (await cappedClient.sendMessage(sendRequest('long'))) as Task;
        expect(Date.now() - started).toBeGreaterThanOrEqual(440);
        expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
        expect(artifactTexts(task)).toEqual([helloReply('long')]);
        expect(task.metadata?.heartbeat).toBeGreaterThanOrEqual(3);
      } finally {
        await capped.close();
      }
    });
  });

  describe('stream:<n>', () => {
    it('streams n chunks of one artifact (append after the first, lastChunk on the last), then COMPLETED', async () => {
      const events = await stream('stream:5');
      expect(events.map(describeEvent)).toEqual([
        'task:TASK_STATE_SUBMITTED',
        'statusUpdate:TASK_STATE_WORKING',
        'artifactUpdate:chunk 1',
        'artifactUpdate:chunk 2',
        'artifactUpdate:chunk 3',
        'artifactUpdate:chunk 4',
        'artifactUpdate:chunk 5',
        'statusUpdate:TASK_STATE_COMPLETED',
      ]);
      const chunks = events.flatMap((e) => (e.payload?.$case === 'artifactUpdate' ? [e.payload.value] : []));
      expect(new Set(chunks.map((c) => c.artifact?.artifactId)).size).toBe(1);
      expect(chunks.map((c) => c.append)).toEqual([false, true, true, true, true]);
      expect(chunks.map((c) => c.lastChunk)).toEqual([false, false, false, false, true]);
    });

    it('paces the chunks (300 ms apart by default), so a streaming client sees them arrive one by one', async () => {
      const arrivals: number[] = [];
      for await (const event of client.sendMessageStream(sendRequest('stream:3')))
        if (event.payload?.$case === 'artifactUpdate') arrivals.push(performance.now());
      expect(arrivals).toHaveLength(3);
      for (let i = 1; i < arrivals.length; i++)
        expect(arrivals[i] - arrivals[i - 1]).toBeGreaterThanOrEqual(250);
    });

    it('caps the pacing at 3 s in all: stream:20 comes 150 ms apart', async () => {
      const started = performance.now();
      await send('stream:20');
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(19 * 150 - 50);
      expect(took).toBeLessThan(3_000 + 1_500);
    });

    it('blocking: the final task holds the whole artifact', async () => {
      const task = await send('stream:5');
      expect(task.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
      expect(task.artifacts).toHaveLength(1);
      expect(artifactTexts(task)).toEqual(['chunk 1', 'chunk 2', 'chunk 3', 'chunk 4', 'chunk 5']);
    });

    it('handles the maximum of 1000 chunks', async () => {
      const task = await send('stream:1000');
      expect(task.artifacts).toHaveLength(1);
      expect(artifactTexts(task)).toHaveLength(1000);
      expect(artifactTexts(task).at(-1)).toBe('chunk 1000');
    }, 15_000);

    it('also streams over the HTTP+JSON (REST) binding', async () => {
      const restClient = await new ClientFactory(
        ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { preferredTransports: ['HTTP+JSON'] }),
      ).createFromUrl(agent.url);
      const events: StreamResponse[] = [];
      for await (const event of restClient.sendMessageStream(sendRequest('stream:3'))) events.push(event);
      expect(events.map(describeEvent).slice(2)).toEqual([
        'artifactUpdate:chunk 1',
        'artifactUpdate:chunk 2',
        'artifactUpdate:chunk 3',
        'statusUpdate:TASK_STATE_COMPLETED',
      ]);
    });

    it('raw SSE carries the v1.0 JSON shape (false flags are omitted, as proto JSON does)', async () => {
      const res = await post('', v1SendBody('stream:3', 'SendStreamingMessage'));
      expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
      const events = (await readSse(res)) as { result: Record<string, Record<string, unknown>> }[];
      const updates = events.flatMap((e) => (e.result.artifactUpdate ? [e.result.artifactUpdate] : []));
      expect(updates.map(({ append, lastChunk }) => ({ append, lastChunk }))).toEqual([
        { append: undefined, lastChunk: undefined },
        { append: true, lastChunk: undefined },
        { append: true, lastChunk: true },
      ]);
      expect(updates[0]?.artifact).toMatchObject({
        name: 'stream',
        parts: [{ text: 'chunk 1', mediaType: 'text/plain' }],
      });
    });
  });
});

describe('close()', () => {
  it('returns promptly while hang, long and slow requests are pending, and fails them', async () => {
    const agent = await startHelloAgent({ port: 0 });
    const headers = V1_HEADERS;
    const pending = ['hang', 'long', 'slow:60000'].map((text) =>
      fetch(agent.url, { method: 'POST', headers, body: v1SendBody(text) }).then(
        (res) => res.text(),
        (err: unknown) => err,
      ),
    );
    const streaming = fetch(agent.url, {
      method: 'POST',
      headers,
      body: v1SendBody('long', 'SendStreamingMessage'),
    });
    await readSse(await streaming, 2); // the long task is WORKING
    await new Promise((resolve) => setTimeout(resolve, 100)); // the other requests have arrived

    const started = Date.now();
    await agent.close();
    expect(Date.now() - started).toBeLessThan(1000);
    // Every pending request ends: hang gets no response at all (socket destroyed → fetch fails);
    // the blocking long/slow calls either fail the same way or receive their CANCELED task first.
    const outcomes = await Promise.all(pending);
    expect(outcomes[0]).toMatchObject({ name: 'TypeError', message: 'fetch failed' });
    for (const outcome of outcomes.slice(1)) {
      if (typeof outcome !== 'string') expect(outcome).toMatchObject({ name: 'TypeError' });
    }
  });
});
