import type { AgentRead } from '@switchboard/api-contract';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';

describe('agents addressed by id, name or slug', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  beforeAll(async () => {
    hello = await startHelloAgentProcess('1.0');
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await api.close();
    await hello.close();
  });

  /** An agent whose name, slug and id are three different strings. */
  const register = () => api.createAgent({ name: 'Ref Test_Agent', endpointUrl: hello.url });
  const refs = (agent: AgentRead) => [
    ['id', agent.id],
    ['name', encodeURIComponent(agent.name)],
    ['slug', agent.slug],
  ];

  it('GET /a2a/:ref finds the same agent by each', async () => {
    const agent = await register();
    expect(agent.slug).toBe('ref-test-agent');
    for (const [, ref] of refs(agent)) {
      const res = await api.get<AgentRead>(`/a2a/${ref}`);
      expect(res.status).toBe(200);
      expect(res.body.id).toBe(agent.id);
    }
  });

  it('finds an agent by a long non-ASCII name (URL-encoded far past 100 characters)', async () => {
    const agent = await api.createAgent({ name: `x${'é'.repeat(99)}` });
    const path = `/a2a/${encodeURIComponent(agent.name)}`;
    expect(path.length).toBeGreaterThan(500);
    const res = await api.get<AgentRead>(path);
    expect(res.status).toBe(200);
    expect(res.body.id).toBe(agent.id);
  });

  it('PUT, toggle, health, metrics, refresh-card and the admin test take a name or a slug', async () => {
    const agent = await register();
    const byName = encodeURIComponent(agent.name);
    const put = await api.put<AgentRead>(`/a2a/${byName}`, { description: 'by name' });
    expect(put.status).toBe(200);
    expect(put.body).toMatchObject({ id: agent.id, description: 'by name' });
    const toggled = await api.post<AgentRead>(`/a2a/${agent.slug}/toggle`, { enabled: false });
    expect(toggled.status).toBe(200);
    expect(toggled.body).toMatchObject({ id: agent.id, enabled: false });
    await api.post(`/a2a/${agent.slug}/toggle`, { enabled: true });

    const health = await api.get<{ items: unknown[] }>(`/a2a/${agent.slug}/health`);
    expect(health.status).toBe(200);
    expect(health.body.items.length).toBeGreaterThan(0);

    const test = await api.post<{ success: boolean; agentName: string }>(`/admin/a2a/${agent.slug}/test`);
    expect(test.status).toBe(200);
    expect(test.body).toMatchObject({ success: true, agentName: agent.name });

    await api.recorder?.flush();
    const metrics = await api.get<{ agentId: string; points: { invocations: number }[] }>(
      `/a2a/${byName}/metrics?bucket=hour`,
    );
    expect(metrics.status).toBe(200);
    expect(metrics.body.agentId).toBe(agent.id);

    const refreshed = await api.post<AgentRead>(`/a2a/${agent.slug}/refresh-card`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body).toMatchObject({
      id: agent.id,
      card: expect.objectContaining({ name: expect.any(String) }),
    });
  });

  it('DELETE /a2a/:slug deletes that agent', async () => {
    const agent = await register();
    const other = await api.createAgent({ name: 'other' });
    expect((await api.delete(`/a2a/${agent.slug}`)).status).toBe(204);
    expect((await api.get(`/a2a/${agent.id}`)).status).toBe(404);
    expect((await api.get(`/a2a/${other.id}`)).status).toBe(200);
  });

  it.each([
    ['GET', '/a2a/no-such-agent'],
    ['PUT', '/a2a/no-such-agent'],
    ['DELETE', '/a2a/no-such-agent'],
    ['POST', '/a2a/no-such-agent/toggle'],
    ['GET', '/a2a/no-such-agent/health'],
    ['GET', '/a2a/no-such-agent/metrics'],
    ['POST', '/a2a/no-such-agent/refresh-card'],
    ['POST', '/admin/a2a/no-such-agent/test'],
  ])('answers %s %s with 404 naming the reference', async (method, path) => {
    const res = await api.request<ErrorBody>(method, path, {
      body: method === 'PUT' ? { description: 'x' } : undefined,
    });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('AGENT_NOT_FOUND');
    expect(res.body.message).toContain('"no-such-agent"');
  });
});
