import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRead, ServerRead } from '@switchboard/api-contract';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';
import { connectMcp } from './mcp/mcp-client';

/**
 * Hostile input on every write endpoint: whatever a caller sends, the answer is never a 5xx, and what cannot
 * be stored or walked safely (deep nesting, NUL, lone surrogates) is a 400 naming the field. Each value is
 * spliced into an otherwise valid body as raw JSON text, so the server parses exactly these bytes.
 */

const DEPTH = 10_000;
const MARK = '"__hostile__"';

/** Values that must be refused with a 400 naming the field they are in. */
const REFUSED: [string, string][] = [
  ['10,000 nested objects', '{"a":'.repeat(DEPTH) + '1' + '}'.repeat(DEPTH)],
  ['10,000 nested arrays', '['.repeat(DEPTH) + ']'.repeat(DEPTH)],
  ['a NUL character', '"before\\u0000after"'],
  ['a NUL in a key', '{"k\\u0000":1}'],
  ['a lone high surrogate', '"x\\ud800y"'],
  ['a lone low surrogate', '["ok","\\udfff"]'],
];

/** Values that may be accepted or refused, but never break the server. */
const TOLERATED: [string, string][] = [
  ['control characters', '"\\u0001\\u0007\\u001b\\t\\r\\n\\u007f"'],
  ['a 600,000-character string', JSON.stringify('x'.repeat(600_000))],
  ['a number', '12345'],
  ['an array', '[1, "two", null]'],
  ['a boolean', 'true'],
  ['null', 'null'],
  ['an object', '{"nested":{"deeper":[1,2,3]}}'],
];

interface Endpoint {
  method: 'POST' | 'PUT';
  path: () => string;
  /** A valid body; `fields` are replaced one at a time (a dotted path for nested ones). */
  body: () => Record<string, unknown>;
  fields: string[];
}

function splice(body: Record<string, unknown>, field: string): string {
  const copy = structuredClone(body);
  const keys = field.split('.');
  let at: Record<string, unknown> = copy;
  for (const key of keys.slice(0, -1)) at = at[key] as Record<string, unknown>;
  at[keys[keys.length - 1]] = MARK.slice(1, -1);
  return JSON.stringify(copy);
}

describe('Hostile input on every write endpoint', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  let agent: AgentRead;
  let server: ServerRead;
  let dir: string;
  let file: string;

  const endpoints: Record<string, Endpoint> = {
    'POST /a2a': {
      method: 'POST',
      path: () => '/a2a',
      body: () => ({ name: 'fuzzed', endpointUrl: hello.url, config: {}, providerConfig: {}, tags: ['t'] }),
      fields: [
        'name',
        'description',
        'endpointUrl',
        'config',
        'config.deep',
        'providerConfig',
        'tags',
        'auth',
      ],
    },
    'POST /a2a (ContextForge names)': {
      method: 'POST',
      path: () => '/a2a',
      body: () => ({ name: 'fuzzed', endpoint_url: hello.url, agent_type: 'jsonrpc', auth_type: 'api_key' }),
      fields: ['endpoint_url', 'agent_type', 'auth_type', 'auth_value'],
    },
    'PUT /a2a/:id': {
      method: 'PUT',
      path: () => `/a2a/${agent.id}`,
      body: () => ({ description: 'd', config: { k: 'v' } }),
      fields: ['description', 'config', 'config.k', 'providerConfig', 'protocolVersion', 'capabilities'],
    },
    'POST /a2a/:name/invoke': {
      method: 'POST',
      path: () => '/a2a/fuzz/invoke',
      body: () => ({ message: { parts: [{ text: 'hi' }], metadata: {} }, metadata: { k: 1 } }),
      fields: [
        'metadata',
        'metadata.k',
        'message.metadata',
        'message.parts.0.text',
        'message.parts',
        'contextId',
      ],
    },
    'POST /a2a/:name/invoke (ContextForge parameters)': {
      method: 'POST',
      path: () => '/a2a/fuzz/invoke',
      body: () => ({ parameters: { query: 'hi' }, interaction_type: 'query' }),
      fields: ['parameters', 'parameters.query', 'interaction_type'],
    },
    'POST /a2a/:name/stream': {
      method: 'POST',
      path: () => '/a2a/fuzz/stream',
      body: () => ({ message: 'hi', metadata: {} }),
      fields: ['message', 'metadata'],
    },
    'POST /a2a/import/preview': {
      method: 'POST',
      path: () => '/a2a/import/preview',
      body: () => ({ cardUrl: hello.url, name: 'imported' }),
      fields: ['cardUrl', 'name', 'tags'],
    },
    'POST /admin/a2a/:id/test': {
      method: 'POST',
      path: () => `/admin/a2a/${agent.id}/test`,
      body: () => ({ query: 'hi' }),
      fields: ['query'],
    },
    'POST /servers': {
      method: 'POST',
      path: () => '/servers',
      body: () => ({ name: 'fuzzed-server', description: 'd', associatedAgents: [agent.id] }),
      fields: ['name', 'description', 'tags', 'associatedAgents', 'associatedAgents.0'],
    },
    'PUT /servers/:id': {
      method: 'PUT',
      path: () => `/servers/${server.id}`,
      body: () => ({ description: 'd', associated_a2a_agents: [agent.id] }),
      fields: ['description', 'associated_a2a_agents'],
    },
    'POST /auth/tokens': {
      method: 'POST',
      path: () => '/auth/tokens',
      body: () => ({ name: 'fuzz-token', role: 'viewer' }),
      fields: ['name', 'role', 'expiresInDays'],
    },
    'POST /auth/login': {
      method: 'POST',
      path: () => '/auth/login',
      body: () => ({ email: 'admin@example.com', password: 'wrong-password' }),
      fields: ['email', 'password'],
    },
    'POST /metrics/reset': {
      method: 'POST',
      path: () => '/metrics/reset',
      body: () => ({ agentId: agent.id }),
      fields: ['agentId'],
    },
  };

  beforeAll(async () => {
    hello = await startHelloAgentProcess();
    dir = mkdtempSync(join(tmpdir(), 'switchboard-fuzz-'));
    file = join(dir, 'catalog.yaml');
    writeFileSync(file, 'agents: []\n');
    api = await TestApi.start({ AGENTS_FILE: file, OUTBOUND_ALLOW_PRIVATE: 'true' });
  });
  beforeEach(async () => {
    await api.reset();
    agent = await api.createAgent({ name: 'fuzz', endpointUrl: hello.url, timeoutMs: 5000 });
    server = (await api.post<ServerRead>('/servers', { name: 'fuzz-server', associatedAgents: [agent.id] }))
      .body;
  });
  afterAll(async () => {
    await api?.close();
    await hello?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const send = (endpoint: Endpoint, field: string, raw: string) =>
    api.request<ErrorBody>(endpoint.method, endpoint.path(), {
      rawBody: splice(endpoint.body(), field).replace(MARK, raw),
    });

  const cases = Object.entries(endpoints).flatMap(([name, endpoint]) =>
    endpoint.fields.map((field) => [name, field] as const),
  );

  it.each(cases)('%s: %s refuses what cannot be stored with a 400 naming it', async (name, field) => {
    for (const [what, raw] of REFUSED) {
      const res = await send(endpoints[name], field, raw);
      const said = `${what} → ${res.status} ${res.text.slice(0, 300)}`;
      expect(said).toMatch(/^[^→]+→ 400 /);
      // Named as the caller wrote it (ContextForge's names too: the check runs before any renaming).
      expect(res.body.message).toMatch(new RegExp(`^${field.split('.')[0]}[.:]`));
    }
  });

  it.each(cases)('%s: %s never answers 5xx, whatever it holds', async (name, field) => {
    for (const [what, raw] of TOLERATED) {
      const res = await send(endpoints[name], field, raw);
      expect(`${what} → ${res.status}`).toMatch(/→ [1-4]\d\d$/);
    }
  });

  it('A2A JSON-RPC: refuses params that cannot be stored with an error naming the field, over HTTP 200', async () => {
    const base = {
      jsonrpc: '2.0',
      id: 1,
      method: 'SendMessage',
      params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'hi' }] }, metadata: {} },
    };
    for (const field of ['params.metadata', 'params.message.parts.0.text', 'params.message.messageId']) {
      for (const [what, raw] of REFUSED) {
        const res = await api.request<{ error?: { message: string } }>('POST', '/a2a/fuzz/jsonrpc', {
          rawBody: splice(base, field).replace(MARK, raw),
          headers: { 'a2a-version': '1.0' },
        });
        expect(`${what} → ${res.status}`).toBe(`${what} → 200`);
        expect(res.body.error?.message).toContain(
          `Invalid params: ${field.split('.').slice(0, 2).join('.')}`,
        );
      }
    }
  });

  it('MCP tools/call: a message that cannot be stored is a tool error naming it', async () => {
    const client = await connectMcp(server.mcpUrl, api.adminToken);
    try {
      for (const message of ['a\u0000b', 'x\ud800']) {
        const result = await client.callTool({ name: 'fuzz', arguments: { message } });
        expect(result.isError).toBe(true);
        expect((result.content as { text: string }[])[0].text).toMatch(
          /^Invalid arguments: message: contains/,
        );
      }
    } finally {
      await client.close();
    }
  });

  it.each([
    [
      'deep nesting',
      'agents:\n  - name: deep\n    endpointUrl: http://127.0.0.1:1/\n    config: ' +
        '{a: '.repeat(40) +
        '1' +
        '}'.repeat(40),
      'agents[0].config.a',
    ],
    [
      'a NUL character',
      'agents:\n  - name: nul\n    endpointUrl: http://127.0.0.1:1/\n    description: "a\\0b"',
      'agents[0].description',
    ],
    ['a NUL in a server', 'servers:\n  - name: s\n    description: "a\\0b"', 'servers[0].description'],
  ])('the catalog file refuses %s, naming where', async (_, yaml, path) => {
    writeFileSync(file, yaml + '\n');
    const res = await api.post<ErrorBody>('/config/reload');
    expect(res.status).toBe(422);
    expect(res.body.message).toContain(path);
    expect(await api.agentCount()).toBe(1);
  });

  it.each([
    ['GET', '/a2a?q=a%00b', 'query.q'],
    ['GET', '/a2a?tag=%00', 'query.tag'],
    ['GET', '/servers?q=a%00b', 'query.q'],
    ['GET', '/tasks?agent=a%00b', 'query.agent'],
    ['GET', '/a2a/fuzz/tasks/a%00b', 'path.taskId'],
    ['POST', '/a2a/fuzz/tasks/a%00b/cancel', 'path.taskId'],
    ['GET', '/a2a/fuzz/tasks/a%00b/wait?timeoutMs=10', 'path.taskId'],
    ['POST', '/a2a/a%00b/invoke', 'path.name'],
    ['GET', '/a2a/a%00b/metrics', 'path.id'],
    // Not UTF-8 (an encoded surrogate): read as U+FFFD, which is storable.
    ['GET', '/a2a?q=%ED%A0%80', null],
  ])(
    '%s %s: what cannot be stored in a path or query parameter is a 400 naming it',
    async (method, path, named) => {
      const res = await api.request<ErrorBody>(
        method,
        path,
        method === 'POST' ? { body: { message: 'hi' } } : {},
      );
      expect(`${method} ${path} → ${res.status}`).toMatch(named ? /→ 400$/ : /→ [1-4]\d\d$/);
      if (named)
        expect(res.body.message).toMatch(new RegExp(`^${named.replace('.', '\\.')}: contains a NUL`));
    },
  );

  it.each([
    [
      'a NUL in its description',
      (card: Record<string, unknown>) => ({ ...card, description: 'a\u0000b' }),
      'description',
    ],
    [
      'a lone surrogate in its name',
      (card: Record<string, unknown>) => ({ ...card, name: 'x\ud800' }),
      'name',
    ],
  ])('an agent card with %s is a 502 naming where, not a 500', async (_, spoil, where) => {
    const card = (await (await fetch(new URL('.well-known/agent-card.json', hello.url))).json()) as Record<
      string,
      unknown
    >;
    const cards = createServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(spoil(card)));
    });
    await new Promise<void>((resolve) => cards.listen(0, '127.0.0.1', resolve));
    try {
      const cardUrl = `http://127.0.0.1:${(cards.address() as AddressInfo).port}/.well-known/agent-card.json`;
      for (const path of ['/a2a/import', '/a2a/import/preview']) {
        const res = await api.post<ErrorBody>(path, { cardUrl, name: 'spoiled' });
        expect(`${path} → ${res.status}`).toBe(`${path} → 502`);
        expect(res.body.message).toContain(`serves a card that cannot be stored: ${where}: contains`);
      }
    } finally {
      cards.closeAllConnections();
      await new Promise((resolve) => cards.close(resolve));
    }
  });

  it.each([
    ['DELETE', () => `/a2a/${agent.id}`],
    ['POST', () => `/a2a/${agent.id}/toggle`],
    ['POST', () => '/config/reload'],
    ['POST', () => '/a2a/fuzz/jsonrpc'],
  ])('a 10,000-deep body where none is read (%s) leaves the process answering', async (method, path) => {
    // "constructor" makes the body parser scan the whole document for prototype poisoning.
    const deep = '{"constructor":' + '['.repeat(DEPTH) + ']'.repeat(DEPTH) + '}';
    writeFileSync(file, 'agents: []\n');
    const res = await api.request(method, path(), { rawBody: deep, headers: { 'a2a-version': '1.0' } });
    expect(res.status).toBeLessThan(500);
    expect((await api.get('/health')).status).toBe(200);
  });
});
