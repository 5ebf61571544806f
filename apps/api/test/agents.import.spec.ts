import type { AgentRead } from '@switchboard/api-contract';
import { startHelloAgentProcesses, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';

describe('POST /a2a/import and /a2a/:id/refresh-card', () => {
  let api: TestApi;
  const agents: Record<string, HelloAgentProcess> = {};
  beforeAll(async () => {
    [agents.v10, agents.v03, agents.v02] = await startHelloAgentProcesses('1.0', '0.3', '0.2');
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await api.close();
    await Promise.all(Object.values(agents).map((a) => a.close()));
  });

  it('fills the catalog entry from a v1.0 card found under the base URL, stores the card, and can call it', async () => {
    const res = await api.post<AgentRead>('/a2a/import', { cardUrl: agents.v10.url });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Hello World Agent',
      slug: 'hello-world-agent',
      endpointUrl: agents.v10.url,
      protocolVersion: '1.0',
      capabilities: { streaming: true },
      providerConfig: { preferredBinding: 'JSONRPC' },
      createdVia: 'import',
      cardUrl: `${agents.v10.url}.well-known/agent-card.json`,
    });
    expect(res.body.description).toBeTruthy();
    expect(res.body.tags.length).toBeGreaterThan(0);
    expect(res.body.card).toMatchObject({
      name: 'Hello World Agent',
      skills: [expect.objectContaining({ id: 'hello_world' })],
    });
    const call = await api.post<{ task: { status: { state: string } } }>('/a2a/hello-world-agent/invoke', {
      message: 'ping',
    });
    expect(call.body.task.status.state).toBe('TASK_STATE_COMPLETED');
  });

  it('imports a v0.3 agent from its card URL and a v0.2 agent from agent.json', async () => {
    const v03 = await api.post<AgentRead>('/a2a/import', {
      cardUrl: `${agents.v03.url}.well-known/agent-card.json`,
      name: 'old_one',
    });
    expect(v03.status).toBe(201);
    expect(v03.body).toMatchObject({ name: 'old_one', protocolVersion: '0.3' });
    const v02 = await api.post<AgentRead>('/a2a/import', {
      cardUrl: agents.v02.url,
      name: 'older_one',
      tags: ['legacy'],
    });
    expect(v02.status).toBe(201);
    expect(v02.body).toMatchObject({
      protocolVersion: '0.3',
      cardUrl: `${agents.v02.url}.well-known/agent.json`,
      tags: ['legacy'],
    });
    for (const name of ['old_one', 'older_one']) {
      const call = await api.post<{ task: { status: { state: string } } }>(`/a2a/${name}/invoke`, {
        message: 'ping',
      });
      expect(call.body.task.status.state).toBe('TASK_STATE_COMPLETED');
    }
  });

  it('refreshes the stored card and bumps the version', async () => {
    const created = (await api.post<AgentRead>('/a2a/import', { cardUrl: agents.v10.url })).body;
    await api.db.query(`UPDATE agents SET card = '{}'::jsonb WHERE id = $1`, [created.id]);
    const refreshed = await api.post<AgentRead>(`/a2a/${created.id}/refresh-card`);
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.card).toMatchObject({ name: 'Hello World Agent' });
    expect(refreshed.body.version).toBe(created.version + 1);
  });

  it.each([
    ['a taken name with other settings', () => ({ cardUrl: agents.v03.url }), 409],
    ['a URL that is not http(s)', () => ({ cardUrl: 'ftp://example.com/card.json' }), 400],
    ['an unknown field', () => ({ cardUrl: agents.v10.url, provider: 'x' }), 400],
    ['a server without a card', () => ({ cardUrl: `${api.baseUrl}/nothing-here` }), 502],
  ])('rejects %s and leaves the catalog as it was', async (_, body, status) => {
    await api.post('/a2a/import', { cardUrl: agents.v10.url });
    const before = await api.agentCount();
    const res = await api.post<ErrorBody>('/a2a/import', body());
    expect(res.status).toBe(status);
    expect(await api.agentCount()).toBe(before);
  });

  it('answers a repeated import of the same card 200 with the agent the first one made', async () => {
    const first = await api.post<AgentRead>('/a2a/import', { cardUrl: agents.v10.url });
    expect(first.status).toBe(201);
    const again = await api.post<AgentRead>('/a2a/import', { cardUrl: agents.v10.url });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    expect(await api.agentCount()).toBe(1);
  });

  it('previews an import without saving anything', async () => {
    const res = await api.post<{ cardUrl: string; card: { name: string }; agent: Record<string, unknown> }>(
      '/a2a/import/preview',
      { cardUrl: agents.v03.url, name: 'renamed' },
    );
    expect(res.status).toBe(200);
    expect(res.body.cardUrl).toBe(`${agents.v03.url}.well-known/agent-card.json`);
    expect(res.body.card.name).toBe('Hello World Agent');
    expect(res.body.agent).toMatchObject({
      name: 'renamed',
      endpointUrl: agents.v03.url,
      protocolVersion: '0.3',
    });
    expect(await api.agentCount()).toBe(0);
    const bad = await api.post<{ code: string }>('/a2a/import/preview', { cardUrl: 'http://127.0.0.1:1/' });
    expect(bad.status).toBe(502);
  });

  it('reports a name or slug taken by another agent in the preview, and a free name that imports', async () => {
    // The demo agent's name differs from the card's, but both make the slug "hello-world-agent".
    const demo = await api.createAgent({ name: 'hello_world_agent', endpointUrl: agents.v03.url });
    type Preview = {
      agent: { name: string };
      collision: { field: string; agentId: string; agentName: string; reuse: boolean } | null;
      suggestedName: string | null;
    };
    const res = await api.post<Preview>('/a2a/import/preview', { cardUrl: agents.v10.url });
    expect(res.status).toBe(200);
    expect(res.body.collision).toMatchObject({
      field: 'slug',
      agentId: demo.id,
      agentName: 'hello_world_agent',
      reuse: false,
    });
    expect(res.body.suggestedName).toBe('Hello World Agent 2');
    expect((await api.post('/a2a/import', { cardUrl: agents.v10.url })).status).toBe(409);

    const imported = await api.post<AgentRead>('/a2a/import', {
      cardUrl: agents.v10.url,
      name: res.body.suggestedName,
    });
    expect(imported.status).toBe(201);
    expect(imported.body.slug).toBe('hello-world-agent-2');

    // The same card under the same name again: the import would answer that agent (a retry), said so.
    const again = await api.post<Preview>('/a2a/import/preview', {
      cardUrl: agents.v10.url,
      name: 'Hello World Agent 2',
    });
    expect(again.body.collision).toMatchObject({ field: 'name', agentId: imported.body.id, reuse: true });
    expect(again.body.suggestedName).toBe('Hello World Agent 3');
  });

  it('reports no collision when the name is free', async () => {
    const res = await api.post<{ collision: unknown; suggestedName: unknown }>('/a2a/import/preview', {
      cardUrl: agents.v10.url,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ collision: null, suggestedName: null });
  });

  it('forbids a viewer to import', async () => {
    const viewer = await api.createToken('viewer');
    expect((await api.post('/a2a/import', { cardUrl: agents.v10.url }, { token: viewer })).status).toBe(403);
  });
});

describe('import under OUTBOUND_ALLOW_PRIVATE=false', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ OUTBOUND_ALLOW_PRIVATE: 'false' });
  });
  afterAll(() => api.close());

  it.each(['http://127.0.0.1:9/', 'http://localhost:9/card.json', 'http://169.254.169.254/latest/'])(
    'refuses to fetch %s',
    async (cardUrl) => {
      const res = await api.post<ErrorBody>('/a2a/import', { cardUrl });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('OUTBOUND_URL_NOT_ALLOWED');
    },
  );
});
