#!/usr/bin/env node
// A minimal, fast A2A v1.0 echo agent on node:http alone (no SDK, no framework): the benchmark measures
// the gateway, so the agent must cost as little as possible.
//
//   GET  /.well-known/agent-card.json   the v1.0 card (JSON-RPC interface at http://<host>:<port>/)
//   POST /  SendMessage                 {"result":{"message":{... "parts":[{"text":"echo: <text>"}]}}}
//                                       — a stateless direct reply, no task
//   POST /  SendStreamingMessage        SSE (`data: <JSON-RPC response>\n\n` frames), ECHO_STREAM decides:
//            task (default)             task SUBMITTED → statusUpdate WORKING → artifactUpdate "echo: <text>"
//                                       → statusUpdate COMPLETED (4 events, then the stream ends)
//            message                    one {"message": …} event
//
// Usage: node tools/bench/echo-agent.mjs [port]   (ECHO_PORT, ECHO_HOST=127.0.0.1, ECHO_STREAM=task|message)
// Started by run.mjs as a child process with an IPC channel: it reports {ready, port} there and exits when
// its parent goes away.
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { exitOnSignals } from './lib/processes.mjs';

const host = process.env.ECHO_HOST ?? '127.0.0.1';
const port = Number(process.argv[2] ?? process.env.ECHO_PORT ?? 0);
const streamMode = process.env.ECHO_STREAM === 'message' ? 'message' : 'task';

const JSON_HEADERS = { 'content-type': 'application/json' };
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
let cardJson = '';

const rpcResult = (id, result) => JSON.stringify({ jsonrpc: '2.0', id, result });
const rpcError = (id, code, message) =>
  JSON.stringify({ jsonrpc: '2.0', id: id ?? null, error: { code, message } });
const sseFrame = (id, result) => `data: ${rpcResult(id, result)}\n\n`;

function textOf(message) {
  const parts = Array.isArray(message?.parts) ? message.parts : [];
  return parts.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('');
}

const agentMessage = (text, extra) => ({
  messageId: randomUUID(),
  role: 'ROLE_AGENT',
  parts: [{ text: `echo: ${text}` }],
  ...extra,
});

function sendStream(res, id, message) {
  const text = textOf(message);
  res.writeHead(200, SSE_HEADERS);
  if (streamMode === 'message') {
    res.end(
      sseFrame(id, {
        message: agentMessage(text, message.contextId ? { contextId: message.contextId } : {}),
      }),
    );
    return;
  }
  const taskId = randomUUID();
  const contextId = message.contextId ?? randomUUID();
  const status = (state) => ({ statusUpdate: { taskId, contextId, status: { state } } });
  res.write(
    sseFrame(id, {
      task: { id: taskId, contextId, status: { state: 'TASK_STATE_SUBMITTED' }, history: [message] },
    }),
  );
  res.write(sseFrame(id, status('TASK_STATE_WORKING')));
  res.write(
    sseFrame(id, {
      artifactUpdate: {
        taskId,
        contextId,
        artifact: { artifactId: 'echo', parts: [{ text: `echo: ${text}` }] },
        lastChunk: true,
      },
    }),
  );
  res.end(sseFrame(id, status('TASK_STATE_COMPLETED')));
}

function handleRpc(res, raw) {
  let rpc;
  try {
    rpc = JSON.parse(raw);
  } catch {
    return res.writeHead(200, JSON_HEADERS).end(rpcError(null, -32700, 'Parse error'));
  }
  const id = rpc?.id ?? null;
  const message = rpc?.params?.message;
  if (rpc?.method === 'SendMessage' || rpc?.method === 'SendStreamingMessage') {
    if (!message || typeof message !== 'object')
      return res
        .writeHead(200, JSON_HEADERS)
        .end(rpcError(id, -32602, 'Invalid params: message is required'));
    if (rpc.method === 'SendStreamingMessage') return sendStream(res, id, message);
    const extra = message.contextId ? { contextId: message.contextId } : {};
    return res
      .writeHead(200, JSON_HEADERS)
      .end(rpcResult(id, { message: agentMessage(textOf(message), extra) }));
  }
  res.writeHead(200, JSON_HEADERS).end(rpcError(id, -32601, `Method not found: ${rpc?.method}`));
}

const server = createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/.well-known/agent-card.json') {
    return res.writeHead(200, JSON_HEADERS).end(cardJson);
  }
  if (req.method === 'POST' && req.url === '/') {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => handleRpc(res, Buffer.concat(chunks).toString('utf8')));
    return;
  }
  res.writeHead(404, JSON_HEADERS).end('{"error":"not found"}');
});
// Keep connections open well beyond the load generator's and the gateway's idle times.
server.keepAliveTimeout = 65_000;
server.headersTimeout = 66_000;

server.listen(port, host, () => {
  const actual = server.address().port;
  const url = `http://${host}:${actual}/`;
  cardJson = JSON.stringify({
    name: 'bench-echo',
    description: 'Echoes the text it receives (Switchboard benchmark agent).',
    version: '1.0.0',
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: { streaming: true },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ id: 'echo', name: 'Echo', description: 'Repeats the input', tags: ['bench'] }],
  });
  if (process.send) process.send({ ready: true, port: actual, url });
  else console.log(`echo agent on ${url} (stream mode: ${streamMode})`);
});

exitOnSignals(server);
