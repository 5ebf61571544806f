import type { AgentRead } from '@switchboard/api-contract';
import { TestApi, validAgent, type ErrorBody } from './harness';

describe('PUT /a2a/:id, POST /a2a/:id/toggle, DELETE /a2a/:id', () => {
  let api: TestApi;
  let viewer: string;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(async () => {
    await api.reset();
    viewer = await api.createToken('viewer');
  });
  afterAll(() => api.close());

  it('updates only the given fields, bumps version and records who changed it', async () => {
    const agent = await api.createAgent({ name: 'old name', tags: ['a'] });
    const res = await api.put<AgentRead>(
      `/a2a/${agent.id}`,
      { name: 'New Name', timeoutMs: 5000, description: null },
      { headers: { 'x-switchboard-client': 'web', 'user-agent': 'browser' } },
    );
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      name: 'New Name',
      slug: 'new-name',
      timeoutMs: 5000,
      description: null,
      tags: ['a'],
      endpointUrl: agent.endpointUrl,
      version: 2,
      modifiedBy: 'admin@example.com',
      modifiedVia: 'ui',
      modifiedUserAgent: 'browser',
      createdAt: agent.createdAt,
    });
    expect(new Date(res.body.updatedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(agent.updatedAt).getTime(),
    );
    expect((await api.put<AgentRead>(`/a2a/${agent.id}`, { tags: ['b'] })).body.version).toBe(3);
  });

  it('keeps the stored secret when auth is omitted and replaces it when given', async () => {
    const agent = await api.createAgent({
      authType: 'basic',
      auth: { username: 'u1', password: 'p1-secret' },
    });
    const kept = await api.put<AgentRead>(`/a2a/${agent.id}`, { description: 'x' });
    expect(kept.body.auth).toEqual({ username: 'u1', password: '********' });
    const replaced = await api.put<AgentRead>(`/a2a/${agent.id}`, {
      authType: 'basic',
      auth: { username: 'u2', password: 'p2-secret' },
    });
    expect(replaced.body.auth).toEqual({ username: 'u2', password: '********' });
    const cleared = await api.put<AgentRead>(`/a2a/${agent.id}`, { authType: 'none' });
    expect(cleared.body).toMatchObject({ authType: 'none', hasAuth: false, auth: null });
  });

  it('requires auth when switching to an authType that needs it', async () => {
    const agent = await api.createAgent();
    const res = await api.put<ErrorBody>(`/a2a/${agent.id}`, { authType: 'bearer' });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('auth');
    expect((await api.get<AgentRead>(`/a2a/${agent.id}`)).body).toEqual(agent);
  });

  it.each([
    ['a non-http endpointUrl', { endpointUrl: 'file:///etc/passwd' }, 'endpointUrl'],
    ['an unknown field', { slug: 'custom' }, 'slug'],
    ['a wrong type', { enabled: 1 }, 'enabled'],
    ['an over-long name', { name: 'n'.repeat(101) }, 'name'],
  ])('rejects %s with 400 and changes nothing', async (_, patch, field) => {
    const agent = await api.createAgent();
    const res = await api.put<ErrorBody>(`/a2a/${agent.id}`, patch);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
    expect((await api.get<AgentRead>(`/a2a/${agent.id}`)).body).toEqual(agent);
  });

  it('rejects renaming onto another agent’s name with 409 and changes nothing', async () => {
    const a = await api.createAgent({ name: 'taken' });
    const b = await api.createAgent();
    const res = await api.put<ErrorBody>(`/a2a/${b.id}`, { name: 'taken' });
    expect(res.status).toBe(409);
    expect((await api.get<AgentRead>(`/a2a/${b.id}`)).body).toEqual(b);
    expect((await api.get<AgentRead>(`/a2a/${a.id}`)).body).toEqual(a);
  });

  it('toggles enabled back and forth', async () => {
    const agent = await api.createAgent();
    const off = await api.post<AgentRead>(`/a2a/${agent.id}/toggle`);
    expect(off.status).toBe(200);
    expect(off.body.enabled).toBe(false);
    const on = await api.post<AgentRead>(`/a2a/${agent.id}/toggle`);
    expect(on.body.enabled).toBe(true);
    expect(on.body.version).toBe(3);
  });

  it('deletes an agent, then answers 404 for it', async () => {
    const agent = await api.createAgent();
    expect((await api.delete(`/a2a/${agent.id}`)).status).toBe(204);
    expect((await api.get(`/a2a/${agent.id}`)).status).toBe(404);
    expect((await api.delete(`/a2a/${agent.id}`)).status).toBe(404);
  });

  it.each([
    ['PUT', (id: string) => `/a2a/${id}`, { description: 'x' }],
    ['POST', (id: string) => `/a2a/${id}/toggle`, undefined],
    ['DELETE', (id: string) => `/a2a/${id}`, undefined],
  ])('forbids a viewer to %s and changes nothing', async (method, path, body) => {
    const agent = await api.createAgent();
    const res = await api.request<ErrorBody>(method, path(agent.id), { token: viewer, body });
    expect(res.status).toBe(403);
    expect((await api.get<AgentRead>(`/a2a/${agent.id}`)).body).toEqual(agent);
  });

  it.each([
    ['PUT', '/a2a/6f1c1d2e-0000-4000-8000-000000000000', { description: 'x' }],
    ['POST', '/a2a/6f1c1d2e-0000-4000-8000-000000000000/toggle', undefined],
  ])('answers 404 to %s on an unknown id', async (method, path, body) => {
    const res = await api.request<ErrorBody>(method, path, { body });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('AGENT_NOT_FOUND');
  });

  it('answers 401 without a token, for every agent route', async () => {
    const agent = await api.createAgent();
    const calls: [string, string][] = [
      ['GET', '/a2a'],
      ['POST', '/a2a'],
      ['GET', `/a2a/${agent.id}`],
      ['PUT', `/a2a/${agent.id}`],
      ['DELETE', `/a2a/${agent.id}`],
      ['POST', `/a2a/${agent.id}/toggle`],
    ];
    for (const [method, path] of calls) {
      const res = await api.request(method, path, {
        token: null,
        body: method === 'GET' ? undefined : validAgent(),
      });
      expect([method, path, res.status]).toEqual([method, path, 401]);
    }
    expect(await api.agentCount()).toBe(1);
  });
});
