import type { AgentRead } from '@switchboard/api-contract';
import { asStored, type ErrorBody, TestApi, validAgent } from './harness';

describe('POST /a2a', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ A2A_DEFAULT_TIMEOUT_MS: '45000' });
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  it('registers an agent with defaults, a derived slug and audit fields', async () => {
    const res = await api.post<AgentRead>(
      '/a2a',
      { name: 'Hello World Agent', endpointUrl: 'http://127.0.0.1:9999/', tags: ['Demo', 'demo', 'hello'] },
      { headers: { 'user-agent': 'switchboard-tests' } },
    );
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      name: 'Hello World Agent',
      slug: 'hello-world-agent',
      provider: 'a2a',
      protocolVersion: '1.0',
      authType: 'none',
      hasAuth: false,
      auth: null,
      tags: ['demo', 'hello'],
      enabled: true,
      timeoutMs: 45000,
      version: 1,
      createdBy: 'admin@example.com',
      createdVia: 'api',
      createdFromIp: '127.0.0.1',
      createdUserAgent: 'switchboard-tests',
      lastInteraction: null,
    });
    expect(res.body.id).toMatch(/^[0-9a-f-]{36}$/);
    expect((await api.get<AgentRead>(`/a2a/${res.body.id}`)).body).toEqual(asStored(res.body));
  });

  it('records registrations from the admin UI as createdVia "ui"', async () => {
    const res = await api.post<AgentRead>('/a2a', validAgent(), {
      headers: { 'x-switchboard-client': 'web' },
    });
    expect(res.body.createdVia).toBe('ui');
  });

  it('keeps every catalog field it was given', async () => {
    const body = validAgent({
      provider: 'langgraph',
      protocolVersion: '0.3',
      capabilities: { streaming: true, multiTurn: true },
      config: { temperature: 0.7, max_tokens: 1000 },
      providerConfig: { assistantId: 'agent' },
      enabled: false,
      timeoutMs: 1500,
      rateLimitRpm: 60,
      costPerRequest: 0.0125,
    });
    const res = await api.post<AgentRead>('/a2a', body);
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ ...body, description: 'A test agent' });
  });

  it('rejects a duplicate name with 409 and keeps the first agent', async () => {
    const first = await api.createAgent({ name: 'dup' });
    const res = await api.post<ErrorBody>(
      '/a2a',
      validAgent({ name: 'dup', endpointUrl: 'http://127.0.0.1:1/' }),
    );
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('AGENT_NAME_TAKEN');
    expect(res.body.message).toContain('name');
    expect(await api.agentCount()).toBe(1);
    expect((await api.get<AgentRead>(`/a2a/${first.id}`)).body.endpointUrl).toBe(first.endpointUrl);
  });

  it('rejects a name whose slug another agent has with 409', async () => {
    await api.createAgent({ name: 'My Agent' });
    const res = await api.post<ErrorBody>('/a2a', validAgent({ name: 'my-agent' }));
    expect(res.status).toBe(409);
    expect(res.body.code).toBe('AGENT_SLUG_TAKEN');
  });

  it.each([
    ['a missing name', { name: undefined }, 'name'],
    ['a name of the wrong type', { name: 42 }, 'name'],
    ['an over-long name', { name: 'a'.repeat(101) }, 'name'],
    ['a name with symbols only', { name: '!!!' }, 'name'],
    ['an over-long description', { description: 'd'.repeat(2001) }, 'description'],
    ['a missing endpointUrl', { endpointUrl: undefined }, 'endpointUrl'],
    ['a non-http endpointUrl', { endpointUrl: 'ftp://agents.example.com/' }, 'endpointUrl'],
    ['a javascript: endpointUrl', { endpointUrl: 'javascript:alert(1)' }, 'endpointUrl'],
    ['an endpointUrl that is not a URL', { endpointUrl: 'not a url' }, 'endpointUrl'],
    ['an unknown provider', { provider: 'skynet' }, 'provider'],
    ['an unknown authType', { authType: 'magic' }, 'authType'],
    ['a bearer authType without auth', { authType: 'bearer' }, 'auth'],
    ['auth fields of another authType', { authType: 'bearer', auth: { apiKey: 'k' } }, 'auth'],
    ['auth without authType', { auth: { token: 't' } }, 'authType'],
    [
      'a custom header with a bad name',
      { authType: 'headers', auth: { headers: { 'Bad Header': 'v' } } },
      'auth.headers.Bad Header',
    ],
    ['tags that are not an array', { tags: 'demo' }, 'tags'],
    ['a tag with spaces', { tags: ['two words'] }, 'tags.0'],
    ['a timeout below 100 ms', { timeoutMs: 10 }, 'timeoutMs'],
    ['a fractional timeout', { timeoutMs: 1000.5 }, 'timeoutMs'],
    ['a negative cost', { costPerRequest: -1 }, 'costPerRequest'],
    ['an unknown capability', { capabilities: { teleport: true } }, 'capabilities'],
    ['config that is not an object', { config: [1, 2] }, 'config'],
    ['enabled as a string', { enabled: 'yes' }, 'enabled'],
    ['an unknown top-level field', { agentKind: 'jsonrpc' }, 'agentKind'],
    ['a ContextForge agent_type it does not have', { agent_type: 'mcp' }, 'agent_type'],
  ])('rejects %s with 400 naming the field, leaving the catalog unchanged', async (_, overrides, field) => {
    await api.createAgent({ name: 'existing' });
    const res = await api.post<ErrorBody>('/a2a', { ...validAgent(), ...overrides });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain(field);
    expect(res.body.details?.issues?.length).toBeGreaterThan(0);
    expect(await api.agentCount()).toBe(1);
  });

  it.each([
    ['malformed JSON', { rawBody: '{"name": "x",' }],
    ['a JSON array', { rawBody: '[]' }],
    [
      'a non-JSON content type',
      { rawBody: 'name=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } },
    ],
  ])('rejects %s with a 4xx, never a 500', async (_, options) => {
    const res = await api.request<ErrorBody>('POST', '/a2a', options);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expect(res.body.requestId).toBeTruthy();
    expect(await api.agentCount()).toBe(0);
  });

  it('rejects a body larger than the limit with 413', async () => {
    const res = await api.request<ErrorBody>('POST', '/a2a', {
      body: { ...validAgent(), config: { blob: 'x'.repeat(2_000_000) } },
    });
    expect(res.status).toBe(413);
    expect(await api.agentCount()).toBe(0);
  });
});

describe('agent secrets', () => {
  let api: TestApi;
  const SECRET = 'sk-live-0123456789abcdef';
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  it.each([
    ['bearer', { token: SECRET }, { token: '********' }],
    ['api-key', { apiKey: SECRET }, { apiKey: '********', headerName: 'X-API-Key' }],
    ['basic', { username: 'svc', password: SECRET }, { username: 'svc', password: '********' }],
    [
      'oauth2-client-credentials',
      { tokenUrl: 'https://login.example.com/token', clientId: 'cid', clientSecret: SECRET },
      { tokenUrl: 'https://login.example.com/token', clientId: 'cid', clientSecret: '********' },
    ],
    [
      'aws-sigv4',
      { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: SECRET, region: 'us-east-1' },
      {
        accessKeyId: '********',
        secretAccessKey: '********',
        region: 'us-east-1',
        service: 'bedrock-agentcore',
      },
    ],
    ['headers', { headers: { 'X-Tenant-Key': SECRET } }, { headers: { 'X-Tenant-Key': '********' } }],
  ])('never returns a %s secret, and stores it encrypted', async (authType, auth, masked) => {
    const created = await api.post<AgentRead>('/a2a', validAgent({ authType: authType as never, auth }));
    expect(created.status).toBe(201);
    expect(created.body.hasAuth).toBe(true);
    expect(created.body.auth).toEqual(masked);
    for (const res of [created, await api.get(`/a2a/${created.body.id}`), await api.get('/a2a')]) {
      expect(res.text).not.toContain(SECRET);
    }
    const [row] = await api.db.query('SELECT auth_value FROM agents WHERE id = $1', [created.body.id]);
    expect(row.auth_value).toMatch(/^v1\./);
    expect(row.auth_value).not.toContain(SECRET);
  });

  it('does not echo a secret in a validation error', async () => {
    const res = await api.post<ErrorBody>(
      '/a2a',
      validAgent({ authType: 'bearer', auth: { token: SECRET, extra: 1 } }),
    );
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(SECRET);
  });
});

describe('catalog limits and outbound policy', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ A2A_MAX_AGENTS: '2', OUTBOUND_ALLOW_PRIVATE: 'false' });
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  it('enforces A2A_MAX_AGENTS with a clear 422', async () => {
    await api.createAgent({ endpointUrl: 'https://a.example.com/' });
    await api.createAgent({ endpointUrl: 'https://b.example.com/' });
    const res = await api.post<ErrorBody>('/a2a', validAgent({ endpointUrl: 'https://c.example.com/' }));
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('AGENT_LIMIT_REACHED');
    expect(res.body.message).toContain('A2A_MAX_AGENTS');
    expect(await api.agentCount()).toBe(2);
  });

  it.each([
    'http://127.0.0.1:9999/',
    'http://localhost:9999/',
    'http://10.1.2.3/',
    'http://192.168.0.10/',
    'http://169.254.169.254/latest/meta-data/',
    'http://[::1]:8080/',
    'http://[::ffff:127.0.0.1]/',
    'http://0.0.0.0/',
  ])('refuses the private endpoint %s when OUTBOUND_ALLOW_PRIVATE=false', async (endpointUrl) => {
    const res = await api.post<ErrorBody>('/a2a', validAgent({ endpointUrl }));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('OUTBOUND_URL_NOT_ALLOWED');
    expect(res.body.message).toContain('endpointUrl');
    expect(await api.agentCount()).toBe(0);
  });

  it('refuses credentials embedded in the URL', async () => {
    const res = await api.post<ErrorBody>(
      '/a2a',
      validAgent({ endpointUrl: 'https://user:pw@agents.example.com/' }),
    );
    expect(res.status).toBe(400);
    expect(res.text).not.toContain(':pw@');
  });

  it('accepts a public endpoint', async () => {
    expect(
      (await api.post('/a2a', validAgent({ endpointUrl: 'https://agents.example.com/a2a' }))).status,
    ).toBe(201);
  });
});
