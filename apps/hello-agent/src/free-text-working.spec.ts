import { TaskState, type Task } from '@a2a-js/sdk';
import { ClientFactory, type Client } from '@a2a-js/sdk/client';
import type { Task as TaskV03 } from 'a2a-sdk-v03';
import { ClientFactory as ClientFactoryV03, type Client as ClientV03 } from 'a2a-sdk-v03/client';
import {
  artifactTexts,
  artifactTextsV03,
  describeEvent,
  eventually,
  sendParamsV03,
  sendRequest,
  stateName,
} from '../test/helpers';
import { helloReply } from './hello.executor';
import { startHelloAgent, type HelloAgent, type HelloAgentOptions } from './server';

/** Long enough that no test below reaches it by accident; the cap tests start agents of their own. */
const LONG_CAP_MS = 60_000;
const SHORT_CAP_MS = 800;

async function startWithClient(opts: HelloAgentOptions): Promise<{ agent: HelloAgent; client: Client }> {
  const agent = await startHelloAgent({ port: 0, ...opts });
  return { agent, client: await new ClientFactory().createFromUrl(agent.url) };
}

async function send(
  client: Client,
  text: string,
  opts: Parameters<typeof sendRequest>[1] = {},
): Promise<Task> {
  const result = await client.sendMessage(sendRequest(text, opts));
  if (!('id' in result)) throw new Error('expected a task');
  return result;
}

function getTask(client: Client, id: string): Promise<Task> {
  return client.getTask({ tenant: '', id, historyLength: undefined });
}

describe('freeText: "working" over A2A v1.0 (real HTTP, @a2a-js/sdk 1.3 client)', () => {
  let agent: HelloAgent;
  let client: Client;

  beforeAll(async () => {
    ({ agent, client } = await startWithClient({
      freeText: 'working',
      longTaskMaxMs: LONG_CAP_MS,
      heartbeatMs: 100,
    }));
  });

  afterAll(async () => {
    await agent.close();
  });

  it('a blocking SendMessage of free text returns the task WORKING; it stays WORKING until CancelTask', async () => {
    const sent = await send(client, 'Task for cancel test');
    expect(stateName(sent.status?.state)).toBe('TASK_STATE_WORKING');
    expect(sent.artifacts).toEqual([]);

    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(stateName((await getTask(client, sent.id)).status?.state)).toBe('TASK_STATE_WORKING');

    const canceled = await client.cancelTask({ tenant: '', id: sent.id, metadata: undefined });
    expect(stateName(canceled.status?.state)).toBe('TASK_STATE_CANCELED');
    expect(stateName((await getTask(client, sent.id)).status?.state)).toBe('TASK_STATE_CANCELED');
    expect(canceled.artifacts).toEqual([]);
  });

  it('a follow-up message on the WORKING task keeps the same task WORKING, with both messages in its history', async () => {
    const first = await send(client, 'first');
    const second = await send(client, 'second', { taskId: first.id, contextId: first.contextId });
    expect(second.id).toBe(first.id);
    expect(stateName(second.status?.state)).toBe('TASK_STATE_WORKING');
    const stored = await client.getTask({ tenant: '', id: first.id, historyLength: 10 });
    expect(stored.history.map((m) => m.parts[0]?.content?.value)).toEqual(['first', 'second']);
  });

  it('SendStreamingMessage of free text streams SUBMITTED and WORKING, then ends; the task stays WORKING', async () => {
    const events = [];
    for await (const event of client.sendMessageStream(sendRequest('stream me'))) events.push(event);
    expect(events.map(describeEvent)).toEqual([
      'task:TASK_STATE_SUBMITTED',
      'statusUpdate:TASK_STATE_WORKING',
    ]);
    const first = events[0]?.payload;
    const id = first?.$case === 'task' ? first.value.id : '';
    expect(stateName((await getTask(client, id)).status?.state)).toBe('TASK_STATE_WORKING');
  });

  it.each([
    ['fail', 'TASK_STATE_FAILED', []],
    ['stream:3', 'TASK_STATE_COMPLETED', ['chunk 1', 'chunk 2', 'chunk 3']],
    ['input-required', 'TASK_STATE_INPUT_REQUIRED', []],
  ])('mode keywords still play their script: %s ends %s', async (text, state, artifacts) => {
    const task = await send(client, text);
    expect(stateName(task.status?.state)).toBe(state);
    expect(artifactTexts(task)).toEqual(artifacts);
  });

  it('long still runs its own script (WORKING heartbeats) until CancelTask', async () => {
    const submitted = await send(client, 'long', { returnImmediately: true });
    const beating = await eventually(async () => {
      const task = await getTask(client, submitted.id);
      return task.metadata?.heartbeat !== undefined ? task : undefined;
    });
    expect(stateName(beating.status?.state)).toBe('TASK_STATE_WORKING');
    const canceled = await client.cancelTask({ tenant: '', id: submitted.id, metadata: undefined });
    expect(stateName(canceled.status?.state)).toBe('TASK_STATE_CANCELED');
  });
});

describe('freeText: "working" at the cap (longTaskMaxMs)', () => {
  it('v1.0: a WORKING task completes with the hello reply at the cap; a canceled one stays CANCELED', async () => {
    const { agent, client } = await startWithClient({ freeText: 'working', longTaskMaxMs: SHORT_CAP_MS });
    try {
      // Canceled first, so its cap has passed by the time the other task completes.
      const canceled = await send(client, 'cancel me');
      const kept = await send(client, 'keep me');
      await client.cancelTask({ tenant: '', id: canceled.id, metadata: undefined });

      expect(stateName((await getTask(client, kept.id)).status?.state)).toBe('TASK_STATE_WORKING');

      const done = await eventually(async () => {
        const task = await getTask(client, kept.id);
        return task.status?.state === TaskState.TASK_STATE_COMPLETED ? task : undefined;
      });
      expect(artifactTexts(done)).toEqual([helloReply('keep me')]);
      const still = await getTask(client, canceled.id);
      expect(stateName(still.status?.state)).toBe('TASK_STATE_CANCELED');
      expect(still.artifacts).toEqual([]);
    } finally {
      await agent.close();
    }
  });

  it('v0.3: a working task completes with the hello reply at the cap', async () => {
    const agent = await startHelloAgent({
      port: 0,
      protocol: '0.3',
      freeText: 'working',
      longTaskMaxMs: SHORT_CAP_MS,
    });
    try {
      const client = await new ClientFactoryV03().createFromUrl(agent.url);
      const sent = (await client.sendMessage(sendParamsV03('keep me'))) as TaskV03;
      expect(sent.status.state).toBe('working');
      const done = await eventually(async () => {
        const task = await client.getTask({ id: sent.id });
        return task.status.state === 'completed' ? task : undefined;
      });
      expect(artifactTextsV03(done)).toEqual([helloReply('keep me')]);
    } finally {
      await agent.close();
    }
  });
});

describe('freeText: "working" over A2A v0.3 (real HTTP, a2a-sdk-v03 client)', () => {
  let agent: HelloAgent;
  let client: ClientV03;

  async function sendV03(text: string): Promise<TaskV03> {
    const result = await client.sendMessage(sendParamsV03(text));
    if (result.kind !== 'task') throw new Error('expected a task');
    return result;
  }

  beforeAll(async () => {
    agent = await startHelloAgent({
      port: 0,
      protocol: '0.3',
      freeText: 'working',
      longTaskMaxMs: LONG_CAP_MS,
    });
    client = await new ClientFactoryV03().createFromUrl(agent.url);
  });

  afterAll(async () => {
    await agent.close();
  });

  it('message/send of free text returns the task working; tasks/get says working; tasks/cancel → canceled', async () => {
    const sent = await sendV03('Task for cancel test');
    expect(sent.status.state).toBe('working');
    expect((await client.getTask({ id: sent.id })).status.state).toBe('working');
    const canceled = await client.cancelTask({ id: sent.id });
    expect(canceled.status.state).toBe('canceled');
    expect((await client.getTask({ id: sent.id })).status.state).toBe('canceled');
  });

  it('mode keywords still play their script (fail → failed)', async () => {
    expect((await sendV03('fail')).status.state).toBe('failed');
  });
});

describe('without freeText (the default, "reply")', () => {
  it.each(['1.0', '0.3'] as const)(
    'protocol %s: the same free text completes at once with the hello reply',
    async (protocol) => {
      const agent = await startHelloAgent({ port: 0, protocol });
      try {
        expect(agent.freeText).toBe('reply');
        if (protocol === '1.0') {
          const client = await new ClientFactory().createFromUrl(agent.url);
          const task = await send(client, 'Task for cancel test');
          expect(stateName(task.status?.state)).toBe('TASK_STATE_COMPLETED');
          expect(artifactTexts(task)).toEqual([helloReply('Task for cancel test')]);
        } else {
          const client = await new ClientFactoryV03().createFromUrl(agent.url);
          const task = (await client.sendMessage(sendParamsV03('Task for cancel test'))) as TaskV03;
          expect(task.status.state).toBe('completed');
          expect(artifactTextsV03(task)).toEqual([helloReply('Task for cancel test')]);
        }
      } finally {
        await agent.close();
      }
    },
  );

  it('refuses an unknown freeText value', async () => {
    await expect(startHelloAgent({ port: 0, freeText: 'sometimes' as 'reply' })).rejects.toThrow(
      'freeText must be one of reply, working, got "sometimes"',
    );
  });
});
