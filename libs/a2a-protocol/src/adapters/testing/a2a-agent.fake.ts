import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { sendJson, startFake, type FakeServer } from './fake-http';

// A small A2A agent speaking JSON-RPC in one dialect (v1.0: SendMessage… and proto-JSON enums; v0.3:
// message/send… and `kind`s), for providers that host A2A servers (test support: not part of the library
// build). It answers like the repo's hello agent: `Hello, World! I have received your request (<text>)`;
// `stream:<n>` streams that many chunks; `long` stays WORKING until canceled. Its card names its own
// address as a container would (`publicUrl`), not where it is reached.

export type A2ADialect = '1.0' | '0.3';
export const helloReply = (text: string) => `Hello, World! I have received your request (${text})`;

type Json = Record<string, any>;
type State = 'submitted' | 'working' | 'completed' | 'canceled';

const METHODS: Record<A2ADialect, Record<'send' | 'stream' | 'get' | 'cancel', string>> = {
  '1.0': { send: 'SendMessage', stream: 'SendStreamingMessage', get: 'GetTask', cancel: 'CancelTask' },
  '0.3': { send: 'message/send', stream: 'message/stream', get: 'tasks/get', cancel: 'tasks/cancel' },
};

export async function startA2AAgentFake(dialect: A2ADialect, publicUrl: string): Promise<FakeServer> {
  const v1 = dialect === '1.0';
  const tasks = new Map<string, { id: string; contextId: string; state: State; answer?: string }>();
  const state = (s: State) => (v1 ? `TASK_STATE_${s.toUpperCase()}` : s);
  const text = (t: string) => (v1 ? { text: t } : { kind: 'text', text: t });
  const taskJson = (t: { id: string; contextId: string; state: State; answer?: string }) => ({
    ...(v1 ? {} : { kind: 'task' }),
    id: t.id,
    contextId: t.contextId,
    status: { state: state(t.state) },
    ...(t.answer ? { artifacts: [{ artifactId: `${t.id}-answer`, parts: [text(t.answer)] }] } : {}),
  });
  const card = v1
    ? {
        name: 'Hello World Agent',
        description: 'Answers hello',
        version: '1.0.0',
        supportedInterfaces: [{ url: publicUrl, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
        capabilities: { streaming: true },
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: [{ id: 'hello', name: 'Hello', description: 'Says hello', tags: ['hello'] }],
      }
    : {
        name: 'Hello World Agent',
        description: 'Answers hello',
        version: '1.0.0',
        protocolVersion: '0.3.0',
        url: publicUrl,
        preferredTransport: 'JSONRPC',
        capabilities: { streaming: true },
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: [{ id: 'hello', name: 'Hello', description: 'Says hello', tags: ['hello'] }],
      };

  return startFake((req, res) => {
    if (req.method === 'GET' && req.path === '/.well-known/agent-card.json') return sendJson(res, 200, card);
    const rpc = req.body as { id?: unknown; method?: string; params?: Json } | undefined;
    const reply = (result: unknown) => sendJson(res, 200, { jsonrpc: '2.0', id: rpc?.id ?? null, result });
    const fail = (code: number, message: string) =>
      sendJson(res, 200, { jsonrpc: '2.0', id: rpc?.id ?? null, error: { code, message } });
    if (req.method !== 'POST' || req.path !== '/' || !rpc?.method) return fail(-32600, 'Invalid Request');
    const m = METHODS[dialect];
    const params = rpc.params ?? {};
    if (rpc.method === m.get || rpc.method === m.cancel) {
      const task = tasks.get(String(params.id));
      if (!task) return fail(-32001, 'Task not found');
      if (rpc.method === m.cancel) {
        if (task.state !== 'working') return fail(-32002, 'Task cannot be canceled');
        task.state = 'canceled';
      }
      return reply(taskJson(task));
    }
    if (rpc.method !== m.send && rpc.method !== m.stream)
      return fail(-32601, `Method not found: ${rpc.method}`);
    const message = params.message as Json | undefined;
    const said = ((message?.parts ?? []) as Json[]).map((p) => p.text ?? '').join(' ');
    if (!message || !said) return fail(-32602, 'Invalid params: message.parts');
    const task = {
      id: randomUUID(),
      contextId: message.contextId ?? randomUUID(),
      state: 'working' as State,
    };
    tasks.set(task.id, task);
    if (said === 'long')
      return rpc.method === m.send
        ? reply(v1 ? { task: taskJson(task) } : taskJson(task))
        : fail(-32004, 'long is not streamed');
    const answer = helloReply(said);
    if (rpc.method === m.send) {
      Object.assign(task, { state: 'completed', answer });
      return reply(v1 ? { task: taskJson(task) } : taskJson(task));
    }
    streamAnswer(res, rpc.id, task, answer, Number(/^stream:(\d+)$/.exec(said)?.[1] ?? 1));
  });

  function streamAnswer(
    res: ServerResponse,
    id: unknown,
    task: { id: string; contextId: string; state: State; answer?: string },
    answer: string,
    chunks: number,
  ) {
    const event = (result: object) =>
      res.write(`data: ${JSON.stringify({ jsonrpc: '2.0', id, result })}\n\n`);
    const ids = { taskId: task.id, contextId: task.contextId };
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    event(v1 ? { task: taskJson(task) } : taskJson(task));
    const pieces = chunks > 1 ? Array.from({ length: chunks }, (_, i) => `chunk ${i + 1} `) : [answer];
    pieces.forEach((piece, i) => {
      const artifact = { artifactId: `${task.id}-answer`, parts: [text(piece)] };
      event(
        v1
          ? { artifactUpdate: { ...ids, artifact, append: i > 0 } }
          : { kind: 'artifact-update', ...ids, artifact, append: i > 0 },
      );
    });
    Object.assign(task, { state: 'completed', answer: pieces.join('') });
    const status = { state: state('completed') };
    event(v1 ? { statusUpdate: { ...ids, status } } : { kind: 'status-update', ...ids, status, final: true });
    res.end();
  }
}
