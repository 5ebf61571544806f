import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentRead, ServerRead } from '@switchboard/api-contract';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';
import { connectMcp } from './mcp/mcp-client';
import {
  REFUSED,
  SchemaWalker,
  spliced,
  TOLERATED as TOLERATED_VALUES,
  writeRoutes,
  type OpenApiDocument,
  type Variant,
  type WriteRoute,
} from './openapi-variants';

/**
 * Hostile input on every write endpoint: whatever a caller sends, the answer is never a 5xx, and what cannot
 * be stored or walked safely (deep nesting, NUL, lone surrogates) or has the wrong type is a 400 naming the
 * field. The routes and their fields come from the app's own OpenAPI document (openapi-variants.ts); each
 * value is spliced into an otherwise valid body as raw JSON text, so the server parses exactly these bytes.
 */

const DEPTH = 10_000;

/** Values that may be accepted or refused, but never break the server. */
const TOLERATED: [string, string][] = [
  ...TOLERATED_VALUES,
  ['a number', '12345'],
  ['an array', '[1, "two", null]'],
  ['a boolean', 'true'],
  ['an object', '{"nested":{"deeper":[1,2,3]}}'],
];

/** Hostile bodies for routes that read none: whatever arrives, the route answers without a 5xx. */
const NO_BODY_VARIANTS: Variant[] = [
  // "constructor" makes the body parser scan the whole document for prototype poisoning.
  {
    field: '',
    what: 'a 10,000-deep body',
    raw: '{"constructor":' + '['.repeat(DEPTH) + ']'.repeat(DEPTH) + '}',
    expect: 'tolerated',
  },
  { field: '', what: 'a NUL in a body', raw: '{"k":"a\\u0000b"}', expect: 'tolerated' },
  {
    field: '',
    what: 'a 600,000-character body',
    raw: JSON.stringify('x'.repeat(600_000)),
    expect: 'tolerated',
  },
  { field: '', what: 'a body that is not JSON', raw: '{"a":', expect: 'tolerated' },
];

/** Where an error names fields: its message and its issues' paths. */
const namedIn = (body: ErrorBody | undefined): string[] => [
  body?.message ?? '',
  ...(body?.details?.issues ?? []).map((i) => String(i.path)),
];

/** Why an answer breaks the rule for a variant, or undefined when it keeps it. */
function judge(variant: Variant, status: number, body: ErrorBody | undefined): string | undefined {
  if (status >= 500 && !(status === 503 && body?.code)) return 'is a 5xx';
  if (variant.expect === 'tolerated') return undefined;
  if (status !== 400) return 'is not a 400';
  if (variant.field === '') return undefined;
  const top = variant.field.split('.')[0];
  if (variant.expect === 'refused')
    // Named as the caller wrote it: the check runs before any parsing of the value.
    return new RegExp(`^${top}[.:]`).test(body?.message ?? '') ? undefined : `does not name ${top}`;
  // A wrong type is named where it is, or at the field that holds it (a union names the union).
  const ancestors = variant.field.split('.').map((_, i, keys) => keys.slice(0, i + 1).join('.'));
  return namedIn(body).some((said) => ancestors.some((a) => said.includes(a)))
    ? undefined
    : `does not name ${variant.field}`;
}

interface Endpoint {
  method: 'POST' | 'PUT';
  path: () => string;
  /** A valid body; `fields` are replaced one at a time (a dotted path for nested ones). */
  body: () => Record<string, unknown>;
  fields: string[];
}

describe('Hostile input on every write endpoint', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  let agent: AgentRead;
  let server: ServerRead;
  let dir: string;
  let file: string;

  /**
   * What the OpenAPI document does not describe, so the walk over it cannot reach: ContextForge's field
   * names (accepted beside ours) and values inside arrays and free-form objects.
   */
  const endpoints: Record<string, Endpoint> = {
    'POST /a2a (ContextForge names)': {
      method: 'POST',
      path: () => '/a2a',
      body: () => ({ name: 'fuzzed', endpoint_url: hello.url, agent_type: 'jsonrpc', auth_type: 'api_key' }),
      fields: ['endpoint_url', 'agent_type', 'auth_type', 'auth_value'],
    },
    'POST /a2a (inside free-form objects)': {
      method: 'POST',
      path: () => '/a2a',
      body: () => ({ name: 'fuzzed', endpointUrl: hello.url, config: {}, tags: ['t'] }),
      fields: ['config.deep', 'tags.0'],
    },
    'PUT /a2a/:id (inside free-form objects)': {
      method: 'PUT',
      path: () => `/a2a/${agent.id}`,
      body: () => ({ description: 'd', config: { k: 'v' } }),
      fields: ['config.k'],
    },
    'POST /a2a/:name/invoke (inside parts and metadata)': {
      method: 'POST',
      path: () => '/a2a/fuzz/invoke',
      body: () => ({ message: { parts: [{ text: 'hi' }], metadata: {} }, metadata: { k: 1 } }),
      fields: ['metadata.k', 'message.parts.0.text', 'message.metadata'],
    },
    'POST /a2a/:name/invoke (ContextForge names)': {
      method: 'POST',
      path: () => '/a2a/fuzz/invoke',
      body: () => ({ parameters: { query: 'hi' }, interaction_type: 'query' }),
      fields: ['parameters.query', 'interaction_type'],
    },
    'POST /servers (inside lists)': {
      method: 'POST',
      path: () => '/servers',
      body: () => ({ name: 'fuzzed-server', description: 'd', associatedAgents: [agent.id] }),
      fields: ['associatedAgents.0'],
    },
    'PUT /servers/:id (ContextForge names)': {
      method: 'PUT',
      path: () => `/servers/${server.id}`,
      body: () => ({ description: 'd', associated_a2a_agents: [agent.id] }),
      fields: ['associated_a2a_agents'],
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

  /** A route's path with its parameters filled in: the fixtures' ids, else a name the catalog has. */
  const pathOf = (route: WriteRoute) =>
    route.template.replace(/\{(\w+)\}/g, (_, name: string) => {
      if (name !== 'id') return name === 'taskId' ? 'no-such-task' : 'fuzz';
      if (route.template.startsWith('/servers')) return server.id;
      if (route.template.startsWith('/auth/tokens')) return '00000000-0000-0000-0000-000000000000';
      return agent.id;
    });

  const send = (endpoint: Endpoint, field: string, raw: string) =>
    api.request<ErrorBody>(endpoint.method, endpoint.path(), {
      rawBody: spliced(endpoint.body(), field, raw),
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

  it('every write route of the OpenAPI document: no 5xx, and bad input is a 4xx naming the field', async () => {
    const doc = (await api.get<OpenApiDocument>('/docs/openapi.json')).body;
    const routes = writeRoutes(doc);
    // The document is read at run time, so a new route is fuzzed without editing this test.
    expect(routes.map((r) => `${r.method} ${r.template}`)).toEqual(
      expect.arrayContaining([
        'POST /a2a',
        'PUT /a2a/{id}',
        'DELETE /servers/{id}',
        'POST /a2a/{name}/invoke',
      ]),
    );
    const failures: string[] = [];
    let requests = 0;
    for (const route of routes) {
      await api.reset();
      agent = await api.createAgent({ name: 'fuzz', endpointUrl: hello.url, timeoutMs: 5000 });
      server = (await api.post<ServerRead>('/servers', { name: 'fuzz-server', associatedAgents: [agent.id] }))
        .body;
      const walker = new SchemaWalker(doc, {
        endpointUrl: hello.url,
        cardUrl: hello.url,
        agentId: agent.id,
        associatedAgents: [agent.id],
      });
      const path = pathOf(route);
      const base = route.body ? walker.valid(route.body) : undefined;
      // A body the route does not describe (none, or an opaque JSON-RPC envelope) is only held to "no 5xx".
      const described = route.body && walker.fields(route.body).length > 0;
      const variants: Variant[] = route.body
        ? walker.variants(route.body).map((v) => (described ? v : { ...v, expect: 'tolerated' as const }))
        : NO_BODY_VARIANTS;
      if (described) {
        // The body every variant starts from passes validation, so each refusal is the variant's doing.
        const res = await api.request<ErrorBody>(route.method, path, { body: base });
        if (res.status === 400 || res.status >= 500)
          failures.push(
            `${route.method} ${route.template}: the valid body → ${res.status} ${res.text.slice(0, 200)}`,
          );
      }
      for (const variant of variants) {
        requests++;
        const res = await api.request<ErrorBody>(route.method, path, {
          rawBody: spliced(base ?? {}, variant.field, variant.raw),
          headers: { 'a2a-version': '1.0' },
        });
        const problem = judge(variant, res.status, res.body);
        if (problem)
          failures.push(
            `${route.method} ${route.template} ${variant.field || '(body)'}: ${variant.what} → ${res.status} ` +
              `${problem} ${res.text.slice(0, 200)}`,
          );
      }
    }
    expect(failures).toEqual([]);
    expect(requests).toBeGreaterThan(500);
    expect((await api.get('/health')).status).toBe(200);
  }, 120_000);

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
          rawBody: spliced(base, field, raw),
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
