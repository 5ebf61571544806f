import type { ServerClientConfig, ServerPage, ServerRead } from '@switchboard/api-contract';
import { TestApi, type ErrorBody } from './harness';

describe('Virtual servers REST API', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  it('creates, reads, lists, updates, toggles and deletes a server', async () => {
    const a = await api.createAgent();
    const b = await api.createAgent();
    const created = await api.post<ServerRead>('/servers', {
      name: 'research tools',
      description: 'Agents for research',
      tags: ['research'],
      associatedAgents: [b.id, a.id],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      name: 'research tools',
      enabled: true,
      tags: ['research'],
      associatedAgents: [b.id, a.id],
      mcpUrl: `${api.baseUrl}/servers/${created.body.id}/mcp`,
    });
    const id = created.body.id;

    expect((await api.get<ServerRead>(`/servers/${id}`)).body.associatedAgents).toEqual([b.id, a.id]);
    const page = await api.get<ServerPage>('/servers?tag=research');
    expect(page.body.items.map((s) => s.name)).toEqual(['research tools']);

    const updated = await api.put<ServerRead>(`/servers/${id}`, {
      associatedAgents: [a.id],
      description: null,
    });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({
      associatedAgents: [a.id],
      description: null,
      name: 'research tools',
    });

    const toggled = await api.post<ServerRead>(`/servers/${id}/toggle`);
    expect(toggled.body.enabled).toBe(false);

    expect((await api.delete(`/servers/${id}`)).status).toBe(204);
    expect((await api.get<ErrorBody>(`/servers/${id}`)).body.code).toBe('SERVER_NOT_FOUND');
  });

  it('refuses unknown agent ids with 400 naming them, and keeps the server as it was', async () => {
    const a = await api.createAgent();
    const missing = '00000000-0000-4000-8000-000000000001';
    const res = await api.post<ErrorBody>('/servers', { name: 's', associatedAgents: [a.id, missing] });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('SERVER_UNKNOWN_AGENTS');
    expect(res.body.message).toContain(missing);
    expect(await api.db.query('SELECT 1 FROM virtual_servers')).toHaveLength(0);

    const ok = await api.post<ServerRead>('/servers', { name: 's', associatedAgents: [a.id] });
    const bad = await api.put<ErrorBody>(`/servers/${ok.body.id}`, { associatedAgents: [missing] });
    expect(bad.status).toBe(400);
    expect((await api.get<ServerRead>(`/servers/${ok.body.id}`)).body.associatedAgents).toEqual([a.id]);
  });

  it('validates bodies and ids with 400s that name the field', async () => {
    const cases: [unknown, string][] = [
      [{}, 'name'],
      [{ name: 's', associatedAgents: ['not-a-uuid'] }, 'associatedAgents.0'],
      [{ name: 's', enabled: 'yes' }, 'enabled'],
      [{ name: 's', extra: 1 }, 'extra'],
    ];
    for (const [body, field] of cases) {
      const res = await api.post<ErrorBody>('/servers', body);
      expect(res.status).toBe(400);
      expect(res.body.message).toContain(field);
    }
    expect((await api.get<ErrorBody>('/servers/abc')).status).toBe(400);
    expect((await api.get<ErrorBody>('/servers?cursor=zzz')).status).toBe(400);
  });

  it('refuses a duplicate name with other settings with 409, and answers an equal one 200', async () => {
    const first = await api.post<{ id: string }>('/servers', { name: 'twin' });
    const same = await api.post<{ id: string }>('/servers', { name: 'twin' });
    expect(same.status).toBe(200);
    expect(same.body.id).toBe(first.body.id);
    const res = await api.post<ErrorBody>('/servers', { name: 'twin', tags: ['other'] });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SERVER_NAME_TAKEN');
  });

  it('drops a deleted agent from its servers and never deletes the server', async () => {
    const a = await api.createAgent();
    const b = await api.createAgent();
    const server = await api.post<ServerRead>('/servers', { name: 's', associatedAgents: [a.id, b.id] });
    expect((await api.delete(`/a2a/${a.id}`)).status).toBe(204);
    expect((await api.get<ServerRead>(`/servers/${server.body.id}`)).body.associatedAgents).toEqual([b.id]);
  });

  it('lets viewers read but not write', async () => {
    const viewer = await api.createUser('viewer@example.com', 'viewer');
    await api.post('/servers', { name: 's' });
    expect((await api.get('/servers', { token: viewer })).status).toBe(200);
    expect((await api.post('/servers', { name: 'v' }, { token: viewer })).status).toBe(403);
  });

  it('hands out client configuration for Claude Desktop, Cursor and the Inspector', async () => {
    const server = await api.post<ServerRead>('/servers', { name: 'My Tools' });
    const res = await api.get<ServerClientConfig>(`/servers/${server.body.id}/client-config`);
    expect(res.status).toBe(200);
    const url = server.body.mcpUrl;
    expect(res.body.url).toBe(url);
    expect(res.body.claudeDesktop).toEqual({
      mcpServers: {
        'my-tools': {
          command: 'npx',
          args: ['-y', 'mcp-remote', url, '--header', 'Authorization:${AUTH_HEADER}'],
          env: { AUTH_HEADER: 'Bearer <YOUR_API_TOKEN>' },
        },
      },
    });
    expect(res.body.cursor).toEqual({
      mcpServers: { 'my-tools': { url, headers: { Authorization: 'Bearer <YOUR_API_TOKEN>' } } },
    });
    expect(res.body.inspector).toContain(`--cli ${url}`);
  });

  it('shows the tools the MCP endpoint lists now', async () => {
    const a = await api.createAgent({ name: 'alpha', description: 'First' });
    const b = await api.createAgent({ name: 'beta', enabled: false });
    const server = await api.post<ServerRead>('/servers', { name: 's', associatedAgents: [a.id, b.id] });
    const res = await api.get<{ tools: unknown[] }>(`/servers/${server.body.id}/tools`);
    expect(res.status).toBe(200);
    expect(res.body.tools).toEqual([{ name: 'alpha', title: 'alpha', description: 'First', agentId: a.id }]);
    expect((await api.get('/servers/00000000-0000-4000-8000-000000000001/tools')).status).toBe(404);
  });

  it('documents the servers and MCP routes in Swagger', async () => {
    const doc = await api.get<{ paths: Record<string, unknown> }>('/docs/openapi.json', { token: null });
    for (const path of [
      '/servers',
      '/servers/{id}',
      '/servers/{id}/toggle',
      '/servers/{id}/client-config',
      '/servers/{id}/mcp',
    ])
      expect(Object.keys(doc.body.paths)).toContain(path);
  });
});
