import type { AgentRead, ServerRead } from '@switchboard/api-contract';
import { asStored, type ErrorBody, HttpApi, TestApi, validAgent } from './harness';
import { AnswerDroppingProxy } from './support/answer-dropping-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';

/** Breaking a table needs a database of the spec's own: a new one on the run's server (not the embedded one). */
const onServer = process.env.SWITCHBOARD_TEST_DB === 'server';
const serverUrl = () => {
  const url = new URL(process.env.DATABASE_URL as string);
  url.pathname = '/postgres';
  return url.toString();
};

/**
 * Writes answer what happened: a committed write is never answered with an error, and a client that lost an
 * answer can send the same create again and get the same resource back (creates are idempotent by name).
 */
describe('writes tell the truth and are safe to retry', () => {
  let api: TestApi;
  let lossy: AnswerDroppingProxy;
  let throughLossy: HttpApi;

  beforeAll(async () => {
    api = await TestApi.start();
    lossy = new AnswerDroppingProxy(Number(new URL(api.baseUrl).port));
    await lossy.start();
    throughLossy = new HttpApi(lossy.url);
    throughLossy.adminToken = api.adminToken;
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await lossy?.close();
    await api?.close();
  });

  it('a create whose answer was lost is retried and answered 200 with the same agent, not 409', async () => {
    const body = validAgent({ name: 'lost_answer', authType: 'bearer', auth: { token: 's3cr3t' } });
    await expect(throughLossy.post('/a2a', body)).rejects.toThrow();
    expect(lossy.dropped).toBe(1);
    expect(await api.agentCount()).toBe(1); // it was committed; the caller does not know

    const retried = await api.post<AgentRead>('/a2a', body);
    expect(retried.status).toBe(200);
    const [{ id }] = await api.db.query(`SELECT id FROM agents WHERE name = 'lost_answer'`);
    expect(retried.body).toMatchObject({ id, name: 'lost_answer', version: 1, hasAuth: true });
    expect(await api.agentCount()).toBe(1);
    // Answered like a fresh read of the agent.
    expect((await api.get<AgentRead>(`/a2a/${id}`)).body).toEqual(asStored(retried.body));
  });

  it('a create whose answer was lost is retried and answered 200 with the same server, not 409', async () => {
    const agent = await api.createAgent();
    const body = { name: 'lost-server', description: 'd', associatedAgents: [agent.id] };
    await expect(throughLossy.post('/servers', body)).rejects.toThrow();
    const retried = await api.post<ServerRead>('/servers', body);
    expect(retried.status).toBe(200);
    expect(retried.body).toMatchObject({ name: 'lost-server', associatedAgents: [agent.id] });
    const [{ count }] = await api.db.query(`SELECT count(*)::int AS count FROM virtual_servers`);
    expect(count).toBe(1);
  });

  it.each([
    ['another endpoint', { endpointUrl: 'http://127.0.0.1:1/' }],
    ['another secret', { authType: 'bearer', auth: { token: 'other' } }],
    ['other tags', { tags: ['else'] }],
  ])('a create for a taken name with %s stays 409 and changes nothing', async (_, change) => {
    const body = validAgent({ name: 'taken', authType: 'bearer', auth: { token: 's3cr3t' } });
    const first = await api.post<AgentRead>('/a2a', body);
    expect(first.status).toBe(201);
    const res = await api.post<ErrorBody>('/a2a', { ...body, ...change });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('AGENT_NAME_TAKEN');
    expect(res.body.details).toMatchObject({ field: 'name', id: first.body.id });
    expect((await api.get<AgentRead>(`/a2a/${first.body.id}`)).body).toEqual(asStored(first.body));
  });

  it('a server create for a taken name with other settings stays 409', async () => {
    expect((await api.post('/servers', { name: 'twin' })).status).toBe(201);
    const res = await api.post<ErrorBody>('/servers', { name: 'twin', enabled: false });
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('SERVER_NAME_TAKEN');
  });

  it('the same create sent twice at once makes one agent: one 201, one 200', async () => {
    const body = validAgent({ name: 'twice' });
    const answers = await Promise.all([api.post<AgentRead>('/a2a', body), api.post<AgentRead>('/a2a', body)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 201]);
    expect(answers[0].body.id).toBe(answers[1].body.id);
    expect(await api.agentCount()).toBe(1);
  });

  (onServer ? describe : describe.skip)('with the call summaries unreadable (agent_metrics gone)', () => {
    let db: TestDatabase;
    let own: TestApi;
    beforeAll(async () => {
      db = await createTestDatabase(serverUrl());
      own = await TestApi.start({ DATABASE_URL: db.url });
    }, 60_000);
    beforeEach(() => own.db.query('ALTER TABLE agent_metrics RENAME TO agent_metrics_away'));
    afterEach(() => own.db.query('ALTER TABLE agent_metrics_away RENAME TO agent_metrics'));
    afterAll(async () => {
      await own?.close();
      await db?.drop();
    });

    it('a committed create is still answered 201 with the agent it made', async () => {
      const res = await own.post<AgentRead>('/a2a', validAgent({ name: 'committed' }));
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'committed', version: 1, metrics: { invocations: 0 } });
      expect(await own.agentCount()).toBe(1);
    });

    it('an update that cannot be answered is not made', async () => {
      const [{ id }] = await own.db.query(
        `INSERT INTO agents (name, slug, endpoint_url, provider, protocol_version, capabilities, config,
           provider_config, auth_type, tags, enabled, timeout_ms)
         VALUES ('kept', 'kept', 'http://127.0.0.1:9999/', 'a2a', '1.0', '{}', '{}', '{}', 'none', '{}', true, 30000)
         RETURNING id`,
      );
      const res = await own.put<ErrorBody>(`/a2a/${id}`, { description: 'changed' });
      expect(res.status).toBeGreaterThanOrEqual(500);
      const [row] = await own.db.query(`SELECT description, version FROM agents WHERE id = $1`, [id]);
      expect(row).toEqual({ description: null, version: 1 });
    });
  });
});
