import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import {
  answerFault,
  faultIn,
  sendJson,
  startFake,
  type FakeRequest,
  type FakeServer,
} from '../testing/fake-http';

// A fake LangGraph Agent Server (langgraph-api 0.4/0.5, as `langgraph dev` and LangSmith Deployments run
// it), following https://docs.langchain.com/langsmith/agent-server-api (threads, thread runs) and
// https://docs.langchain.com/langsmith/server-a2a (A2A endpoint), and the server's own handlers:
// - auth: `X-Api-Key` must be the deployment's key, else 403 `{"detail": "Forbidden"}`;
// - POST /threads/{thread_id}/runs/wait: thread ids are UUIDs (422 otherwise), an unknown thread is 404
//   unless `if_not_exists: "create"`, the answer is the final state `{messages: [...]}` (led by the
//   "\n" keep-alive the server writes while waiting), or `{"__error__": {error, message}}` when the graph
//   raised; errors are `{"detail": "..."}`;
// - POST /threads/{thread_id}/runs/stream: SSE with `\r\n` line ends and `: heartbeat` comments; `metadata`
//   ({run_id, attempt}), `values` (state after each step), `messages` ([AIMessageChunk, metadata] per
//   token, for stream_mode "messages-tuple"), `error`; a client that goes away cancels the run when the
//   run was created with `on_disconnect: "cancel"`;
// - POST /threads/{thread_id}/runs/{run_id}/cancel → 202;
// - the A2A endpoint POST /a2a/{assistant_id} (`message/send` → completed Task with an "Assistant Response"
//   artifact; `message/stream` → Task, `status-update`s whose message holds the AI message so far, a final
//   `status-update`; `tasks/get` needs `contextId`, historyLength ≤ 10, no artifacts; `tasks/cancel` →
//   -32004) and its card GET /.well-known/agent-card.json?assistant_id=…; both 404 while A2A is off
//   (`setA2A(false)`: an older server, or A2A disabled).
//
// The graph ("agent") answers `echo: <text> (turns: N)`, N = the human messages of its thread, with
// usage_metadata on its AI message. Message text `fault:error` makes the graph raise, `fault:slow` makes
// it stream slowly; the common `fault:<status>` modes answer at the HTTP level.

export const LANGGRAPH_KEY = 'lsv2_pt_test_0123456789abcdef';
export const ASSISTANT_ID = 'agent';

interface LcMessage {
  type: 'human' | 'ai';
  content: string;
  id: string;
  [key: string]: unknown;
}

export interface FakeRun {
  runId: string;
  threadId: string;
  status: 'running' | 'success' | 'error' | 'interrupted';
  onDisconnect?: string;
}

export interface LangGraphFake extends FakeServer {
  setA2A(enabled: boolean): void;
  threads: Map<string, LcMessage[]>;
  runs: Map<string, FakeRun>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const detail = (status: number, message: string) => ({ detail: message, status });
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** What the graph does with a thread and the new human message: the AI message it would add. */
function answer(thread: LcMessage[], runId: string): LcMessage {
  const humans = thread.filter((m) => m.type === 'human');
  const text = `echo: ${humans[humans.length - 1]?.content ?? ''} (turns: ${humans.length})`;
  const output = text.split(' ').length;
  return {
    type: 'ai',
    content: text,
    id: `run--${runId}`,
    name: null,
    tool_calls: [],
    response_metadata: { model_name: 'fake-model', finish_reason: 'stop' },
    usage_metadata: {
      input_tokens: 12 * thread.length,
      output_tokens: output,
      total_tokens: 12 * thread.length + output,
    },
  };
}

/** SSE as langgraph-api writes it: `\r\n` line ends. */
function sse(res: ServerResponse, headers: Record<string, string> = {}) {
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', ...headers });
  return {
    event: (event: string, data: unknown) =>
      void res.write(`event: ${event}\r\ndata: ${JSON.stringify(data)}\r\n\r\n`),
    comment: (text: string) => void res.write(`: ${text}\r\n\r\n`),
    end: () => void res.end(),
  };
}

/** The human messages of a run's input (`{role|type, content, id?}`), or undefined when malformed. */
function humanInput(input: unknown): LcMessage[] | undefined {
  const messages = (input as { messages?: unknown })?.messages;
  if (!Array.isArray(messages) || messages.length === 0) return undefined;
  const out: LcMessage[] = [];
  for (const m of messages as { role?: unknown; type?: unknown; content?: unknown; id?: unknown }[]) {
    const role = m?.role ?? m?.type;
    if (!['user', 'human'].includes(String(role)) || typeof m.content !== 'string') return undefined;
    out.push({ type: 'human', content: m.content, id: typeof m.id === 'string' ? m.id : randomUUID() });
  }
  return out;
}

export async function startLangGraphFake(): Promise<LangGraphFake> {
  let a2a = true;
  const threads = new Map<string, LcMessage[]>();
  const runs = new Map<string, FakeRun>();

  /** Thread lookup for a stateful run, as create_valid_run checks it. */
  const threadFor = (
    res: ServerResponse,
    threadId: string,
    ifNotExists: unknown,
  ): LcMessage[] | undefined => {
    if (!UUID.test(threadId))
      return void sendJson(res, 422, detail(422, 'Invalid thread ID: must be a UUID'));
    let thread = threads.get(threadId);
    if (!thread) {
      if (ifNotExists !== 'create')
        return void sendJson(res, 404, detail(404, `Thread with ID ${threadId} not found`));
      thread = [];
      threads.set(threadId, thread);
    }
    return thread;
  };

  const runsRoute = async (req: FakeRequest, res: ServerResponse, threadId: string, kind: string) => {
    const body = req.body as Record<string, unknown> | undefined;
    if (body?.assistant_id !== ASSISTANT_ID)
      return sendJson(res, 404, detail(404, `Assistant '${String(body?.assistant_id)}' not found`));
    const input = humanInput(body.input);
    if (!input) return sendJson(res, 422, detail(422, 'Invalid input: messages must be a list of messages'));
    const fault = faultIn(input[input.length - 1].content);
    if (fault) return answerFault(res, fault, detail);
    const thread = threadFor(res, threadId, body.if_not_exists);
    if (!thread) return;
    const runId = randomUUID();
    const run: FakeRun = { runId, threadId, status: 'running', onDisconnect: String(body.on_disconnect) };
    runs.set(runId, run);
    const state = [...thread, ...input];
    const text = input[input.length - 1].content;
    const location = { 'content-location': `/threads/${threadId}/runs/${runId}` };

    if (kind === 'wait') {
      res.writeHead(200, { 'content-type': 'application/json', ...location });
      res.write('\n');
      if (text.includes('fault:error')) {
        run.status = 'error';
        return void res.end(
          JSON.stringify({ __error__: { error: 'ValueError', message: 'the graph failed' } }),
        );
      }
      const ai = answer(state, runId);
      thread.push(...input, ai);
      run.status = 'success';
      return void res.end(JSON.stringify({ messages: thread }));
    }

    const modes = ([] as unknown[]).concat(body.stream_mode ?? ['values']).map(String);
    const stream = sse(res, location);
    let gone = false;
    res.on('close', () => {
      gone = !res.writableFinished;
      if (gone && run.status === 'running' && run.onDisconnect === 'cancel') run.status = 'interrupted';
    });
    stream.event('metadata', { run_id: runId, attempt: 1 });
    if (modes.includes('values')) stream.event('values', { messages: state });
    if (text.includes('fault:error')) {
      run.status = 'error';
      stream.event('error', { error: 'ValueError', message: 'the graph failed' });
      return stream.end();
    }
    const ai = answer(state, runId);
    const words = ai.content.split(/(?<= )/);
    for (const [i, word] of words.entries()) {
      if (text.includes('fault:slow')) await sleep(150);
      if (gone || run.status !== 'running') return;
      if (i === 1) stream.comment('heartbeat');
      if (modes.includes('messages-tuple')) {
        const last = i === words.length - 1;
        stream.event('messages', [
          {
            type: 'AIMessageChunk',
            content: word,
            id: ai.id,
            usage_metadata: last ? ai.usage_metadata : null,
          },
          { langgraph_node: 'agent', langgraph_step: 1, ls_model_name: 'fake-model' },
        ]);
      }
    }
    thread.push(...input, ai);
    run.status = 'success';
    if (modes.includes('values')) stream.event('values', { messages: thread });
    stream.end();
  };

  const card = (base: string) => ({
    protocolVersion: '0.3.0',
    name: 'agent',
    description: 'agent assistant',
    url: `${base}/a2a/${ASSISTANT_ID}`,
    preferredTransport: 'JSONRPC',
    capabilities: { streaming: true, pushNotifications: false, stateTransitionHistory: false },
    defaultInputModes: ['application/json', 'text/plain'],
    defaultOutputModes: ['application/json', 'text/plain'],
    skills: [
      {
        id: `${ASSISTANT_ID}-main`,
        name: 'agent Capabilities',
        description: 'agent assistant',
        tags: ['assistant', 'langgraph'],
        examples: [],
        inputModes: ['application/json', 'text/plain'],
        outputModes: ['application/json', 'text/plain'],
        metadata: { inputSchema: { required: [], properties: ['messages'], supportsA2A: true } },
      },
    ],
    version: '0.4.21',
  });

  /** LangChain messages as the A2A endpoint shows them in a task's history. */
  const history = (messages: LcMessage[], taskId: string, contextId: string) =>
    messages.map((m) => ({
      role: m.type === 'human' ? 'user' : 'agent',
      parts: [{ kind: 'text', text: m.content }],
      messageId: randomUUID(),
      taskId,
      contextId,
      kind: 'message',
    }));

  const a2aRoute = async (req: FakeRequest, res: ServerResponse, assistantId: string) => {
    const rpc = req.body as { jsonrpc?: unknown; id?: string | number; method?: string; params?: any };
    if (rpc?.jsonrpc !== '2.0')
      return sendJson(res, 400, { error: 'Invalid JSON-RPC message. Missing or invalid jsonrpc version' });
    const accept = String(req.headers.accept ?? '');
    const wanted = rpc.method === 'message/stream' ? 'text/event-stream' : 'application/json';
    if (!accept.includes(wanted) && !accept.includes('*/*'))
      return sendJson(res, 400, { error: `Accept header must include ${wanted}` });
    const reply = (result: object) => sendJson(res, 200, { jsonrpc: '2.0', id: rpc.id, ...result });
    const rpcError = (code: number, message: string) => reply({ error: { code, message } });
    const params = rpc.params ?? {};

    if (rpc.method === 'tasks/get') {
      if (!params.id) return rpcError(-32602, 'Missing required parameter: id (task_id)');
      if (!params.contextId) return rpcError(-32602, 'Missing required parameter: contextId (thread_id)');
      if (params.historyLength !== undefined && params.historyLength > 10)
        return rpcError(-32602, 'historyLength cannot exceed 10');
      const run = runs.get(params.id);
      if (!run || run.threadId !== params.contextId)
        return rpcError(-32001, `Task '${params.id}' not found in thread '${params.contextId}'`);
      const state = {
        success: 'completed',
        running: 'working',
        interrupted: 'input-required',
        error: 'failed',
      }[run.status];
      const messages = threads.get(run.threadId) ?? [];
      const limited = params.historyLength !== undefined ? messages.slice(-params.historyLength) : messages;
      return reply({
        result: {
          id: run.runId,
          contextId: run.threadId,
          history: history(limited, run.runId, run.threadId),
          kind: 'task',
          status: {
            state,
            ...(state === 'completed'
              ? {
                  message: {
                    role: 'agent',
                    parts: [{ kind: 'text', text: 'Task completed successfully' }],
                    messageId: randomUUID(),
                    taskId: run.runId,
                  },
                }
              : {}),
          },
        },
      });
    }
    if (rpc.method === 'tasks/cancel')
      return rpcError(-32004, 'Task cancellation is not currently supported');
    if (rpc.method !== 'message/send' && rpc.method !== 'message/stream')
      return rpcError(-32601, `Method not found: ${rpc.method}`);

    const message = params.message;
    if (!message) return rpcError(-32602, "Missing 'message' in params");
    if (!Array.isArray(message.parts) || message.parts.length === 0)
      return rpcError(-32602, 'Message must contain at least one part');
    if (assistantId !== ASSISTANT_ID) return rpcError(-32602, `Assistant '${assistantId}' not found`);
    const input: LcMessage[] = [];
    for (const part of message.parts) {
      if (part.kind === 'text' && typeof part.text === 'string')
        input.push({ type: 'human', content: part.text, id: randomUUID() });
      else if (part.kind !== 'data')
        return rpcError(
          -32005,
          `Unsupported part kind '${part.kind}'. A2A agents support 'text' and 'data' parts only.`,
        );
    }
    const text = input.map((m) => m.content).join('\n');
    const fault = faultIn(text);
    if (fault) return answerFault(res, fault, detail);
    const threadId: string = message.contextId ?? randomUUID();
    if (!UUID.test(threadId)) return rpcError(-32602, 'Invalid request: Invalid thread ID: must be a UUID');
    const thread = threads.get(threadId) ?? [];
    threads.set(threadId, thread);
    const runId = randomUUID();
    const run: FakeRun = { runId, threadId, status: 'running' };
    runs.set(runId, run);
    const state = [...thread, ...input];
    const ai = answer(state, runId);

    if (rpc.method === 'message/send') {
      if (text.includes('fault:error')) {
        run.status = 'error';
        thread.push(...input);
        return reply({
          result: {
            id: runId,
            contextId: threadId,
            history: history(thread, runId, threadId),
            kind: 'task',
            status: {
              state: 'failed',
              message: {
                role: 'agent',
                parts: [{ kind: 'text', text: 'Error executing assistant: the graph failed' }],
                messageId: randomUUID(),
                taskId: runId,
                contextId: threadId,
                kind: 'message',
              },
            },
          },
        });
      }
      thread.push(...input, ai);
      run.status = 'success';
      return reply({
        result: {
          id: runId,
          contextId: threadId,
          history: history(thread, runId, threadId),
          kind: 'task',
          status: { state: 'completed', timestamp: new Date().toISOString() },
          artifacts: [
            {
              artifactId: randomUUID(),
              name: 'Assistant Response',
              description: `Response from assistant ${assistantId}`,
              parts: [{ kind: 'text', text: ai.content }],
            },
          ],
        },
      });
    }

    const stream = sse(res);
    const send = (result: object) => stream.event('message', { jsonrpc: '2.0', id: rpc.id, result });
    const status = (state: string, extra: object = {}, final = false) =>
      send({ taskId: runId, contextId: threadId, kind: 'status-update', status: { state, ...extra }, final });
    const agentMessage = (content: string) => ({
      role: 'agent',
      parts: [{ kind: 'text', text: content }],
      messageId: randomUUID(),
      taskId: runId,
      contextId: threadId,
      kind: 'message',
    });
    send({
      id: runId,
      contextId: threadId,
      history: [{ ...message, taskId: runId, contextId: threadId, kind: 'message' }],
      kind: 'task',
      status: { state: 'submitted', timestamp: new Date().toISOString() },
    });
    status('working');
    let partial = '';
    for (const word of ai.content.split(/(?<= )/)) {
      if (text.includes('fault:slow')) await sleep(150);
      if (run.status !== 'running') {
        // The run was canceled (runs API): the stream ends as langgraph-api's fallback does.
        status(
          'failed',
          { message: agentMessage('UserInterrupt'), timestamp: new Date().toISOString() },
          true,
        );
        return stream.end();
      }
      partial += word;
      status('working', { message: agentMessage(partial), timestamp: new Date().toISOString() });
    }
    thread.push(...input, ai);
    run.status = 'success';
    status('completed', { message: agentMessage(ai.content), timestamp: new Date().toISOString() }, true);
    stream.end();
  };

  const server = await startFake(async (req, res) => {
    if (req.headers['x-api-key'] !== LANGGRAPH_KEY) return sendJson(res, 403, detail(403, 'Forbidden'));
    const base = `http://${req.headers.host}`;
    if (req.method === 'GET' && req.path === '/.well-known/agent-card.json') {
      if (!a2a) return sendJson(res, 404, { detail: 'Not Found' });
      const id = req.query.get('assistant_id');
      if (!id)
        return sendJson(res, 400, {
          error: { code: -32602, message: 'Missing required query parameter: assistant_id' },
        });
      if (id !== ASSISTANT_ID)
        return sendJson(res, 400, { error: { code: -32602, message: `Assistant '${id}' not found` } });
      return sendJson(res, 200, card(base));
    }
    const a2aPath = /^\/a2a\/([^/]+)$/.exec(req.path);
    if (req.method === 'POST' && a2aPath) {
      if (!a2a) return sendJson(res, 404, { detail: 'Not Found' });
      return a2aRoute(req, res, decodeURIComponent(a2aPath[1]));
    }
    const cancel = /^\/threads\/([^/]+)\/runs\/([^/]+)\/cancel$/.exec(req.path);
    if (req.method === 'POST' && cancel) {
      const run = runs.get(cancel[2]);
      if (!run || run.threadId !== cancel[1]) return sendJson(res, 404, detail(404, 'Run not found'));
      if (run.status === 'running') run.status = 'interrupted';
      res.writeHead(202);
      return void res.end();
    }
    const runRoute = /^\/threads\/([^/]+)\/runs\/(wait|stream)$/.exec(req.path);
    if (req.method === 'POST' && runRoute) return runsRoute(req, res, runRoute[1], runRoute[2]);
    return sendJson(res, 404, { detail: 'Not Found' });
  });
  return { ...server, setA2A: (enabled) => void (a2a = enabled), threads, runs };
}
