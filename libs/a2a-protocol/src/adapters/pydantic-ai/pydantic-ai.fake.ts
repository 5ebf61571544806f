import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { answerFault, faultIn, sendJson, startFake, type FakeServer } from '../testing/fake-http';

// A fake Pydantic AI agent served by FastA2A (`agent.to_a2a()`; fasta2a 0.5/0.6 as pydantic-ai 1.x
// pins it; https://ai.pydantic.dev/a2a/ and the package's schema.py / applications.py / task_manager.py /
// storage.py, with pydantic-ai's AgentWorker):
// - GET /.well-known/agent.json: the card (protocolVersion "0.2.5", streaming false, url as configured
//   — "http://localhost:8000" by default, not where it is served);
// - POST /: JSON-RPC. Requests are validated like FastA2A's pydantic TypedDicts: `kind` required on
//   messages and parts, optional fields absent or typed — `null` is refused — and `configuration`
//   requires `acceptedOutputModes`. A refused request is JSON-RPC error -32600 "Request payload validation
//   error" (fasta2a releases before the JSON-RPC error handling answered HTTP 500 instead);
// - `message/send` stores the task (history = the message, stamped with taskId/contextId) and answers it
//   "submitted" at once; the worker then marks it working, runs the agent on the context's conversation
//   and completes it with the agent's message in the history and a `result` artifact — or fails it (data
//   parts: "not supported yet"; message text `fault:fail`). `tasks/get` answers the stored task or
//   -32001; `tasks/cancel` hands the cancel to the worker, which ignores it, and answers the task as is;
//   `message/stream` is not implemented (HTTP 500).
// FastA2A has no auth of its own; deployments put it in front of the app (Starlette middleware, a proxy):
// the fake checks a bearer token the same way.
//
// The agent answers `echo: <text> (turns: N)`, N = the user messages of the context so far. `fault:slow`
// makes the worker 20× slower; the common `fault:<status>` modes answer at the HTTP level.

export const PYDANTIC_TOKEN = 'pyd-test-token-0123456789';

type Json = Record<string, any>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The first problem FastA2A's pydantic validation would find in a message, or undefined. */
function messageProblem(m: unknown, at: string): string | undefined {
  if (!isObject(m)) return `${at}: must be an object`;
  if (m.kind !== 'message') return `${at}.kind: must be "message"`;
  if (m.role !== 'user' && m.role !== 'agent') return `${at}.role: must be "user" or "agent"`;
  if (typeof m.messageId !== 'string') return `${at}.messageId: must be a string`;
  for (const key of ['contextId', 'taskId'])
    if (key in m && typeof m[key] !== 'string') return `${at}.${key}: must be a string when present`;
  for (const key of ['referenceTaskIds', 'extensions'])
    if (key in m && !(Array.isArray(m[key]) && m[key].every((s: unknown) => typeof s === 'string')))
      return `${at}.${key}: must be a list of strings when present`;
  if ('metadata' in m && !isObject(m.metadata)) return `${at}.metadata: must be an object when present`;
  if (!Array.isArray(m.parts)) return `${at}.parts: must be a list`;
  for (const [i, part] of m.parts.entries()) {
    const where = `${at}.parts.${i}`;
    if (!isObject(part)) return `${where}: must be an object`;
    if ('metadata' in part && !isObject(part.metadata))
      return `${where}.metadata: must be an object when present`;
    if (part.kind === 'text') {
      if (typeof part.text !== 'string') return `${where}.text: must be a string`;
    } else if (part.kind === 'file') {
      const file = part.file;
      if (!isObject(file) || (typeof file.bytes !== 'string' && typeof file.uri !== 'string'))
        return `${where}.file: must hold bytes or uri`;
      for (const key of ['mimeType', 'name'])
        if (key in file && typeof file[key] !== 'string')
          return `${where}.file.${key}: must be a string when present`;
    } else if (part.kind === 'data') {
      if (!isObject(part.data)) return `${where}.data: must be an object`;
    } else return `${where}.kind: must be "text", "file" or "data"`;
  }
  return undefined;
}

function paramsProblem(method: string, params: unknown): string | undefined {
  if (!isObject(params)) return 'params: must be an object';
  if ('metadata' in params && !isObject(params.metadata))
    return 'params.metadata: must be an object when present';
  if (method === 'tasks/get' || method === 'tasks/cancel') {
    if (typeof params.id !== 'string') return 'params.id: must be a string';
    if ('historyLength' in params && !Number.isInteger(params.historyLength))
      return 'params.historyLength: must be an integer when present';
    return undefined;
  }
  if ('configuration' in params) {
    const c = params.configuration;
    if (!isObject(c) || !Array.isArray(c.acceptedOutputModes))
      return 'params.configuration.acceptedOutputModes: required';
    if ('blocking' in c && typeof c.blocking !== 'boolean')
      return 'params.configuration.blocking: must be a boolean';
    if ('historyLength' in c && !Number.isInteger(c.historyLength))
      return 'params.configuration.historyLength: must be an integer';
  }
  return messageProblem(params.message, 'params.message');
}

const METHODS = ['message/send', 'message/stream', 'tasks/get', 'tasks/cancel'];

export interface PydanticAIFake extends FakeServer {
  tasks: Map<string, Json>;
}

export async function startPydanticAIFake(options: { workMs?: number } = {}): Promise<PydanticAIFake> {
  const workMs = options.workMs ?? 40;
  const tasks = new Map<string, Json>();
  const contexts = new Map<string, string[]>();
  const copy = (task: Json) => JSON.parse(JSON.stringify(task)) as Json;

  /** pydantic-ai's AgentWorker.run_task, on timers. */
  const work = (task: Json, text: string, fails: boolean, slow: boolean) => {
    const step = slow ? workMs * 20 : workMs;
    setTimeout(() => {
      task.status = { state: 'working', timestamp: new Date().toISOString() };
      setTimeout(() => {
        if (fails) {
          task.status = { state: 'failed', timestamp: new Date().toISOString() };
          return;
        }
        const turns = [...(contexts.get(task.contextId) ?? []), text];
        contexts.set(task.contextId, turns);
        const output = `echo: ${text} (turns: ${turns.length})`;
        task.history.push({
          role: 'agent',
          parts: [{ kind: 'text', text: output }],
          kind: 'message',
          messageId: randomUUID(),
          taskId: task.id,
          contextId: task.contextId,
        });
        task.artifacts = [
          { artifactId: randomUUID(), name: 'result', parts: [{ kind: 'text', text: output }] },
        ];
        task.status = { state: 'completed', timestamp: new Date().toISOString() };
      }, step).unref();
    }, step).unref();
  };

  const rpc = (res: ServerResponse, id: unknown, body: Json) =>
    sendJson(res, 200, { jsonrpc: '2.0', id: id ?? null, ...body });

  const server = await startFake((req, res) => {
    if (req.headers.authorization !== `Bearer ${PYDANTIC_TOKEN}`)
      return sendJson(res, 401, { detail: 'Not authenticated' });
    if (req.method === 'GET' && req.path === '/.well-known/agent.json') {
      return sendJson(res, 200, {
        name: 'echo_agent',
        description: 'An AI agent exposed as an A2A agent.',
        url: 'http://localhost:8000',
        version: '1.0.0',
        protocolVersion: '0.2.5',
        capabilities: { streaming: false, pushNotifications: false, stateTransitionHistory: false },
        defaultInputModes: ['application/json'],
        defaultOutputModes: ['application/json'],
        skills: [],
      });
    }
    if (req.method !== 'POST' || req.path !== '/') return sendJson(res, 404, { detail: 'Not Found' });
    const body = req.body;
    if (body === undefined)
      return rpc(res, null, { error: { code: -32700, message: 'Invalid JSON payload' } });
    if (!isObject(body) || body.jsonrpc !== '2.0' || !['string', 'number'].includes(typeof body.id))
      return rpc(res, null, { error: { code: -32600, message: 'Request payload validation error' } });
    if (!METHODS.includes(body.method))
      return rpc(res, body.id, { error: { code: -32601, message: 'Method not found' } });
    const problem = paramsProblem(body.method, body.params);
    if (problem)
      return rpc(res, body.id, {
        error: { code: -32600, message: 'Request payload validation error', data: problem },
      });
    const params = body.params;

    if (body.method === 'message/stream') {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
      return void res.end('Internal Server Error');
    }
    if (body.method === 'tasks/get' || body.method === 'tasks/cancel') {
      const task = tasks.get(params.id);
      if (!task) return rpc(res, body.id, { error: { code: -32001, message: 'Task not found' } });
      return rpc(res, body.id, { result: copy(task) });
    }

    const message = params.message as Json;
    const text = message.parts.map((p: Json) => (p.kind === 'text' ? p.text : '')).join('');
    const fault = faultIn(text);
    if (fault) return answerFault(res, fault, (_status, error) => ({ detail: error }));
    const id = randomUUID();
    const contextId = message.contextId ?? randomUUID();
    const task: Json = {
      id,
      contextId,
      kind: 'task',
      status: { state: 'submitted', timestamp: new Date().toISOString() },
      history: [{ ...message, taskId: id, contextId }],
    };
    tasks.set(id, task);
    const dataParts = message.parts.some((p: Json) => p.kind === 'data');
    work(task, text, dataParts || text.includes('fault:fail'), text.includes('fault:slow'));
    return rpc(res, body.id, { result: copy(task) });
  });
  return { ...server, tasks };
}
