import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';

type TaskBody = {
  task: {
    id: string;
    status: { state: string };
    artifacts?: { parts: { text?: string }[] }[];
  };
};

/** Nothing listens here: a call that went to this interface would fail. */
const NOWHERE = 'http://127.0.0.1:9/';

/**
 * The hello agent's card as a card that prefers HTTP+JSON: its REST interface first, its JSON-RPC
 * interface moved to where nothing answers. Served from a server of its own.
 */
async function restFirstCard(agent: HelloAgentProcess): Promise<{ url: string; server: Server }> {
  const rest = new URL('rest', agent.url).toString();
  const original = (await (
    await fetch(new URL('.well-known/agent-card.json', agent.url), { headers: { 'a2a-version': '1.0' } })
  ).json()) as Record<string, unknown>;
  const card =
    agent.protocol === '1.0'
      ? {
          ...original,
          supportedInterfaces: [
            { url: rest, protocolBinding: 'HTTP+JSON', protocolVersion: '1.0' },
            { url: NOWHERE, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
          ],
        }
      : {
          ...original,
          url: rest,
          preferredTransport: 'HTTP+JSON',
          additionalInterfaces: [
            { url: rest, transport: 'HTTP+JSON' },
            { url: NOWHERE, transport: 'JSONRPC' },
          ],
        };
  const server = createServer((_, res) =>
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(card)),
  );
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, server };
}

describe.each(['1.0', '0.3'] as const)('a v%s agent whose card prefers HTTP+JSON', (protocol) => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  let cards: { url: string; server: Server };

  beforeAll(async () => {
    agent = await startHelloAgentProcess(protocol);
    cards = await restFirstCard(agent);
    api = await TestApi.start({ A2A_MAX_RETRIES: '0' });
    await api.reset();
    await api.createAgent({ name: 'restful', endpointUrl: cards.url });
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
    await new Promise((resolve) => cards.server.close(resolve));
  });

  it('is called through its REST interface: send, stream, get, cancel', async () => {
    const sent = await api.post<TaskBody>('/a2a/restful/invoke', { message: 'ping' });
    expect(sent.status).toBe(200);
    expect(sent.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    expect(sent.body.task.artifacts?.[0].parts[0].text).toBe(
      'Hello, World! I have received your request (ping)',
    );

    const streamed = await api.sse('/a2a/restful/stream', { message: 'stream:2' });
    const kinds = streamed.events.map((e) => e.event);
    expect(kinds.filter((k) => k === 'artifact-update')).toHaveLength(2);
    expect(kinds[kinds.length - 1]).toBe('status-update');

    const got = await api.get<TaskBody['task']>(`/a2a/restful/tasks/${sent.body.task.id}`);
    expect(got.body.status.state).toBe('TASK_STATE_COMPLETED');

    const long = await api.post<TaskBody>('/a2a/restful/invoke', {
      message: 'long',
      configuration: { returnImmediately: true },
    });
    const canceled = await api.post<TaskBody['task']>(`/a2a/restful/tasks/${long.body.task.id}/cancel`);
    expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');
  });
});
