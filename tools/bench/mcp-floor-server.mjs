#!/usr/bin/env node
// The MCP floor: the official SDKs alone, built the way the gateway builds them, with nothing of the gateway
// around them (no Fastify, no Nest, no auth, no pipeline, no metrics). It tells how many tools/call a second
// the required SDKs allow on this machine, so the gateway's own share can be told apart from theirs.
//
//   POST /mcp/const    a tool answering a constant text at once                     (MCP SDK only)
//   POST /mcp/unary    a tool making one SendMessage to the agent                   (+ @a2a-js/sdk client)
//   POST /mcp/stream   a tool making one SendStreamingMessage, events folded        (+ @a2a-js/sdk client)
//
// As in apps/api/src/servers/mcp (mcp-server.factory.ts, mcp-sessions.ts): a low-level `Server` and a
// `StreamableHTTPServerTransport` per session (stateful, SSE answers), one shared AjvJsonSchemaValidator,
// tools + tasks capabilities with the SDK's in-memory task store, the JSON body parsed before the transport
// gets it. The A2A client is the SDK's, made once per process from the agent's card; its fetch is
// FLOOR_FETCH: `lean` (default: undici request(), a buffered answer for JSON and a web stream for SSE, as
// libs/a2a-protocol's OutboundHttp does) or `global` (Node's fetch).
//
// Usage: node tools/bench/mcp-floor-server.mjs <agent url> [port]   (reports {ready, url} over IPC)
import { Readable } from 'node:stream';
import { createServer } from 'node:http';
import { randomUUID } from 'node:crypto';
import { Agent, request as undiciRequest } from 'undici';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import { SendMessageRequest } from '@a2a-js/sdk';
import { ClientFactory, JsonRpcTransportFactory } from '@a2a-js/sdk/client';
import { exitOnSignals } from './lib/processes.mjs';

const agentUrl = process.argv[2];
const port = Number(process.argv[3] ?? 0);
const fetchMode = process.env.FLOOR_FETCH === 'global' ? 'global' : 'lean';

// ---- the A2A client's fetch ----

const dispatcher = new Agent({ connections: 256, keepAliveTimeout: 30_000, pipelining: 1 });

/** What the SDK client reads of a JSON answer, without wrapping a buffer in a web stream. */
class Buffered {
  constructor(bytes, status, headers) {
    this.bytes = bytes;
    this.status = status;
    this.ok = status >= 200 && status < 300;
    this.headers = headers;
    this.bodyUsed = false;
  }
  async text() {
    this.bodyUsed = true;
    return this.bytes.toString('utf8');
  }
  async json() {
    return JSON.parse(await this.text());
  }
}

async function leanFetch(input, init = {}) {
  const url = typeof input === 'string' || input instanceof URL ? input : input.url;
  const headers = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const answer = await undiciRequest(url, {
    dispatcher,
    method: init.method ?? 'GET',
    headers,
    body: init.body,
    signal: init.signal ?? undefined,
  });
  const out = new Headers();
  for (const [name, value] of Object.entries(answer.headers))
    if (typeof value === 'string') out.set(name, value);
  if ((out.get('content-type') ?? '').includes('text/event-stream'))
    return new Response(Readable.toWeb(answer.body), { status: answer.statusCode, headers: out });
  const chunks = [];
  for await (const chunk of answer.body) chunks.push(chunk);
  return new Buffered(Buffer.concat(chunks), answer.statusCode, out);
}

const fetchImpl = fetchMode === 'global' ? globalThis.fetch : leanFetch;
const client = await new ClientFactory({
  transports: [new JsonRpcTransportFactory({ fetchImpl })],
}).createFromUrl(agentUrl);

const requestOf = (text) =>
  SendMessageRequest.fromJSON({
    message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text }] },
  });
const textOf = (parts) => parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');

// ---- the tools ----

const tools = {
  /** No A2A call: what the MCP SDK costs alone. */
  const: async () => 'echo: bench',
  /** One SendMessage; the echo agent answers a message. */
  unary: async (text, signal) => {
    const result = await client.sendMessage(requestOf(text), { signal });
    return textOf(result.parts ?? result.artifacts?.flatMap((a) => a.parts) ?? []);
  },
  /** One SendStreamingMessage (the echo agent sends a task in 4 events); the artifact text is the answer. */
  stream: async (text, signal) => {
    let answer = '';
    for await (const event of client.sendMessageStream(requestOf(text), { signal })) {
      const payload = event.payload;
      if (payload?.$case === 'artifactUpdate') answer += textOf(payload.value.artifact?.parts ?? []);
      else if (payload?.$case === 'message') answer += textOf(payload.value.parts);
    }
    return answer;
  },
};

const INPUT_SCHEMA = {
  type: 'object',
  properties: { message: { type: 'string' } },
  required: ['message'],
};
const validator = new AjvJsonSchemaValidator(); // one for every session, as the gateway does

function serverFor(kind) {
  const server = new Server(
    { name: `floor/${kind}`, version: '0.1.0' },
    {
      capabilities: {
        tools: { listChanged: true },
        tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } },
      },
      jsonSchemaValidator: validator,
      taskStore: new InMemoryTaskStore(),
      defaultTaskPollInterval: 500,
    },
  );
  server.setRequestHandler(ListToolsRequestSchema, () => ({
    tools: [{ name: 'echo', description: 'Echoes the message', inputSchema: INPUT_SCHEMA }],
  }));
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const message = request.params.arguments?.message;
    if (typeof message !== 'string')
      return { isError: true, content: [{ type: 'text', text: 'message: a string is required' }] };
    const text = await tools[kind](message, extra.signal);
    return { content: [{ type: 'text', text }] };
  });
  return server;
}

// ---- sessions ----

const sessions = new Map();

function open(kind) {
  const id = randomUUID();
  const server = serverFor(kind);
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => id,
    onsessioninitialized: (sid) => sessions.set(sid, { kind, transport, server }),
  });
  transport.onclose = () => sessions.delete(id);
  void server.connect(transport);
  return transport;
}

function rpcError(res, status, message) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ jsonrpc: '2.0', id: null, error: { code: -32000, message } }));
}

const http = createServer((req, res) => {
  const kind = /^\/mcp\/(const|unary|stream)$/.exec(req.url ?? '')?.[1];
  if (!kind) return rpcError(res, 404, 'not found');
  const chunks = [];
  req.on('data', (chunk) => chunks.push(chunk));
  req.on('end', () => {
    let body;
    if (chunks.length) {
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return rpcError(res, 400, 'Parse error');
      }
    }
    const sid = req.headers['mcp-session-id'];
    let transport;
    if (sid) {
      const session = sessions.get(sid);
      if (!session || session.kind !== kind) return rpcError(res, 404, 'Session not found');
      transport = session.transport;
    } else if (body?.method === 'initialize') transport = open(kind);
    else return rpcError(res, 400, 'Mcp-Session-Id header is required');
    transport.handleRequest(req, res, body).catch((error) => {
      if (!res.headersSent) rpcError(res, 500, String(error?.message ?? error));
    });
  });
});
http.keepAliveTimeout = 65_000;
http.headersTimeout = 66_000;

http.listen(port, '127.0.0.1', () => {
  const url = `http://127.0.0.1:${http.address().port}`;
  if (process.send) process.send({ ready: true, url, fetch: fetchMode });
  else console.log(`MCP floor on ${url}/mcp/{const,unary,stream} → ${agentUrl} (fetch: ${fetchMode})`);
});

exitOnSignals(http);
