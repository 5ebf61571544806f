import type { ServerRead } from '@switchboard/api-contract';
import { TestApi } from './harness';
import { connectMcp, createServer } from './mcp/mcp-client';

const INIT = {
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
};
const MCP_HEADERS = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };

/** The first JSON-RPC message of an answer, whether sent as JSON or as an SSE event. */
function rpcOf(text: string): {
  id?: unknown;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
} {
  const data = text.includes('data: ')
    ? text
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .find((l) => l.trim())
    : text;
  return JSON.parse(data ?? 'null');
}

describe('MCP endpoint: transport rules, bad input and security', () => {
  let api: TestApi;
  let server: ServerRead;
  const path = () => `/servers/${server.id}/mcp`;
  const raw = (
    method: string,
    headers: Record<string, string>,
    body?: string,
    token: string | null = api.adminToken,
  ) =>
    fetch(api.baseUrl + path(), {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
      body,
    });
  const initialize = async (token = api.adminToken) => {
    const res = await raw('POST', MCP_HEADERS, JSON.stringify(INIT), token);
    expect(res.status).toBe(200);
    await res.text();
    return res.headers.get('mcp-session-id')!;
  };
  const inSession = (session: string, extra: Record<string, string> = {}) => ({
    ...MCP_HEADERS,
    'mcp-session-id': session,
    'mcp-protocol-version': '2025-11-25',
    ...extra,
  });

  beforeAll(async () => {
    api = await TestApi.start({ MCP_ALLOWED_ORIGINS: 'https://allowed.example' });
  });
  beforeEach(async () => {
    await api.reset();
    const agent = await api.createAgent({ name: 'hello' });
    server = await createServer(api, { name: 'tools', associatedAgents: [agent.id] });
  });
  afterAll(() => api.close());

  it('401 without a token, with WWW-Authenticate pointing at RFC 9728 metadata that names the resource', async () => {
    const res = await raw('POST', MCP_HEADERS, JSON.stringify(INIT), null);
    expect(res.status).toBe(401);
    const metadataUrl = `${api.baseUrl}/.well-known/oauth-protected-resource/servers/${server.id}/mcp`;
    expect(res.headers.get('www-authenticate')).toBe(`Bearer resource_metadata="${metadataUrl}"`);
    const metadata = await fetch(metadataUrl);
    expect(metadata.status).toBe(200);
    expect(await metadata.json()).toMatchObject({
      resource: `${api.baseUrl}/servers/${server.id}/mcp`,
      bearer_methods_supported: ['header'],
    });
    expect((await raw('POST', MCP_HEADERS, JSON.stringify(INIT), 'not-a-token')).status).toBe(401);
  });

  it('accepts API tokens as well as JWTs', async () => {
    const token = await api.createToken('viewer');
    const client = await connectMcp(server.mcpUrl, token);
    expect((await client.listTools()).tools).toHaveLength(1);
    await client.close();
  });

  it('403 for a foreign Host or Origin; allowed origins pass', async () => {
    expect(
      (await raw('POST', { ...MCP_HEADERS, origin: 'https://evil.example' }, JSON.stringify(INIT))).status,
    ).toBe(403);
    expect(
      (await raw('POST', { ...MCP_HEADERS, origin: 'https://allowed.example' }, JSON.stringify(INIT))).status,
    ).toBe(200);
    expect((await raw('POST', { ...MCP_HEADERS, origin: api.baseUrl }, JSON.stringify(INIT))).status).toBe(
      200,
    );
    // Node's fetch will not forge Host; a raw request can.
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const url = new URL(api.baseUrl + path());
      const req = request(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...MCP_HEADERS, host: 'rebind.example:80', authorization: `Bearer ${api.adminToken}` },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify(INIT));
    });
    expect(status).toBe(403);
  });

  it('404 for an unknown, disabled or deleted server', async () => {
    expect(
      (
        await fetch(`${api.baseUrl}/servers/00000000-0000-4000-8000-000000000009/mcp`, {
          method: 'POST',
          headers: { ...MCP_HEADERS, authorization: `Bearer ${api.adminToken}` },
          body: JSON.stringify(INIT),
        })
      ).status,
    ).toBe(404);
    await api.post(`/servers/${server.id}/toggle`);
    expect((await raw('POST', MCP_HEADERS, JSON.stringify(INIT))).status).toBe(404);
  });

  it('a disabled server closes its sessions', async () => {
    const session = await initialize();
    await api.post(`/servers/${server.id}/toggle`);
    await api.post(`/servers/${server.id}/toggle`);
    const res = await raw(
      'POST',
      inSession(session),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(res.status).toBe(404);
  });

  it('406 without an Accept header that allows both JSON and SSE', async () => {
    const res = await raw(
      'POST',
      { 'content-type': 'application/json', accept: 'application/json' },
      JSON.stringify(INIT),
    );
    expect(res.status).toBe(406);
    expect(rpcOf(await res.text()).error?.message).toMatch(/Accept/);
  });

  it('400 for a protocol version header the server does not speak', async () => {
    const session = await initialize();
    const res = await raw(
      'POST',
      inSession(session, { 'mcp-protocol-version': '1999-01-01' }),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(res.status).toBe(400);
    expect(rpcOf(await res.text()).error?.message).toMatch(/protocol version/i);
  });

  it('404 for an unknown session; 400 for a non-initialize request without one', async () => {
    const unknown = await raw(
      'POST',
      inSession('no-such-session'),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(unknown.status).toBe(404);
    expect(rpcOf(await unknown.text()).error?.code).toBe(-32001);
    const noSession = await raw(
      'POST',
      MCP_HEADERS,
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(noSession.status).toBe(400);
    expect((await raw('GET', { accept: 'text/event-stream' })).status).toBe(400);
  });

  it('-32700 for a body that is not JSON or not a JSON-RPC message', async () => {
    const parse = await raw('POST', MCP_HEADERS, '{"jsonrpc": "2.0", ');
    expect(parse.status).toBe(400);
    expect(rpcOf(await parse.text()).error?.code).toBe(-32700);
    const session = await initialize();
    const invalid = await raw('POST', inSession(session), JSON.stringify({ hello: 'world' }));
    expect(invalid.status).toBe(400);
    expect(rpcOf(await invalid.text()).error?.code).toBe(-32700);
  });

  it('413 for a body beyond the limit, and a tool error for a message beyond 100,000 characters', async () => {
    const session = await initialize();
    const huge = JSON.stringify({
      jsonrpc: '2.0',
      id: 3,
      method: 'tools/call',
      params: { name: 'hello', arguments: { message: 'x'.repeat(2_000_000) } },
    });
    expect((await raw('POST', inSession(session), huge)).status).toBe(413);
    const client = await connectMcp(server.mcpUrl, api.adminToken);
    const result = await client.callTool({ name: 'hello', arguments: { message: 'x'.repeat(100_001) } });
    expect(result.isError).toBe(true);
    expect((result.content as { text: string }[])[0].text).toMatch(/^Invalid arguments: message: /);
    await client.close();
  });

  it('keeps one user’s session invisible to another', async () => {
    const session = await initialize();
    const other = await api.createUser('other@example.com', 'admin');
    const res = await raw(
      'POST',
      inSession(session),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      other,
    );
    expect(res.status).toBe(404);
    // …and a session of one server is not a session of another.
    const second = await createServer(api, { name: 'second' });
    const cross = await fetch(`${api.baseUrl}/servers/${second.id}/mcp`, {
      method: 'POST',
      headers: { ...inSession(session), authorization: `Bearer ${api.adminToken}` },
      body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    });
    expect(cross.status).toBe(404);
  });

  it('DELETE ends a session; it is gone afterwards', async () => {
    const session = await initialize();
    const { 'content-type': _json, ...headers } = inSession(session);
    expect((await raw('DELETE', headers)).status).toBe(200);
    const after = await raw(
      'POST',
      inSession(session),
      JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
    );
    expect(after.status).toBe(404);
  });
});

describe('MCP tools/list pages', () => {
  it('pages with nextCursor (MCP_TOOLS_PAGE_SIZE) and refuses a cursor it did not hand out', async () => {
    const api = await TestApi.start({ MCP_TOOLS_PAGE_SIZE: '2' });
    try {
      await api.reset();
      const ids = [];
      for (const name of ['a1', 'a2', 'a3']) ids.push((await api.createAgent({ name })).id);
      const server = await createServer(api, { name: 'paged', associatedAgents: ids });
      const client = await connectMcp(server.mcpUrl, api.adminToken);
      const first = await client.listTools();
      expect(first.tools.map((t) => t.name)).toEqual(['a1', 'a2']);
      const second = await client.listTools({ cursor: first.nextCursor });
      expect(second.tools.map((t) => t.name)).toEqual(['a3']);
      expect(second.nextCursor).toBeUndefined();
      await expect(client.listTools({ cursor: 'bogus' })).rejects.toMatchObject({ code: -32602 });
      await client.close();
    } finally {
      await api.reset();
      await api.close();
    }
  });
});

describe('MCP sessions: idle sweep and stateless mode', () => {
  it('closes a session nobody used for MCP_SESSION_IDLE_MS', async () => {
    const api = await TestApi.start({ MCP_SESSION_IDLE_MS: '1000' });
    try {
      await api.reset();
      const server = await createServer(api, { name: 'idle' });
      const init = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: { ...MCP_HEADERS, authorization: `Bearer ${api.adminToken}` },
        body: JSON.stringify(INIT),
      });
      await init.text();
      const session = init.headers.get('mcp-session-id')!;
      await new Promise((r) => setTimeout(r, 1_800));
      const later = await fetch(server.mcpUrl, {
        method: 'POST',
        headers: {
          ...MCP_HEADERS,
          'mcp-session-id': session,
          'mcp-protocol-version': '2025-11-25',
          authorization: `Bearer ${api.adminToken}`,
        },
        body: JSON.stringify({ jsonrpc: '2.0', id: 2, method: 'tools/list' }),
      });
      expect(later.status).toBe(404);
    } finally {
      await api.reset();
      await api.close();
    }
  });

  it('MCP_STATELESS=true serves each POST without a session', async () => {
    const api = await TestApi.start({ MCP_STATELESS: 'true' });
    try {
      await api.reset();
      const agent = await api.createAgent({ name: 'hello' });
      const server = await createServer(api, { name: 'stateless', associatedAgents: [agent.id] });
      const client = await connectMcp(server.mcpUrl, api.adminToken);
      const { tools } = await client.listTools();
      expect(tools.map((t) => t.name)).toEqual(['hello']);
      expect(tools[0].execution).toBeUndefined();
      expect(client.getServerCapabilities()?.tasks).toBeUndefined();
      await client.close();
      const get = await fetch(server.mcpUrl, {
        headers: { accept: 'text/event-stream', authorization: `Bearer ${api.adminToken}` },
      });
      expect(get.status).toBe(405);
    } finally {
      await api.reset();
      await api.close();
    }
  });
});
