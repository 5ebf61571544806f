import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApp } from '../src/app.factory';
import { TestApi } from './harness';

describe('the app shell', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.close());

  it('answers /health and /ready', async () => {
    expect((await api.get('/health', { token: null })).body).toEqual({ status: 'ok' });
    expect((await api.get('/ready', { token: null })).body).toEqual({
      status: 'ok',
      database: 'up',
      redis: 'off',
    });
  });

  it('echoes a caller’s X-Request-Id and makes one up otherwise', async () => {
    const given = await api.get('/health', { headers: { 'x-request-id': 'trace-123' } });
    expect(given.headers.get('x-request-id')).toBe('trace-123');
    const made = await api.get<{ requestId: string }>('/nope');
    expect(made.status).toBe(404);
    expect(made.headers.get('x-request-id')).toBe(made.body.requestId);
    expect(made.body.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves Swagger UI at /docs and documents every route with schemas', async () => {
    expect((await api.get('/docs', { token: null })).text).toContain('swagger');
    const doc = (
      await api.get<{ paths: Record<string, Record<string, { responses: object; summary?: string }>> }>(
        '/docs/openapi.json',
        { token: null },
      )
    ).body;
    const routes = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
    );
    expect(routes.sort()).toEqual(
      [
        'DELETE /a2a/{id}',
        'DELETE /auth/tokens/{id}',
        'GET /a2a',
        'GET /a2a/{id}',
        'GET /a2a/{name}/tasks/{taskId}',
        'GET /a2a/{name}/tasks/{taskId}/wait',
        'GET /a2a/{slug}/.well-known/agent-card.json',
        'GET /tasks',
        'GET /metrics',
        'GET /a2a/{id}/metrics',
        'GET /a2a/{id}/health',
        'POST /metrics/reset',
        'POST /a2a/{name}/invoke',
        'POST /a2a/{name}/stream',
        'POST /a2a/{name}/tasks/{taskId}/cancel',
        'POST /a2a/{slug}/jsonrpc',
        'POST /admin/a2a/{id}/test',
        'GET /auth/me',
        'GET /auth/tokens',
        'GET /config/export',
        'GET /health',
        'GET /metrics/prometheus',
        'GET /ready',
        'POST /a2a',
        'POST /a2a/{id}/toggle',
        'POST /a2a/{id}/refresh-card',
        'POST /a2a/import',
        'POST /a2a/import/preview',
        'POST /auth/login',
        'POST /auth/tokens',
        'POST /config/reload',
        'PUT /a2a/{id}',
        'GET /servers',
        'POST /servers',
        'GET /servers/{id}',
        'PUT /servers/{id}',
        'DELETE /servers/{id}',
        'POST /servers/{id}/toggle',
        'GET /servers/{id}/client-config',
        'GET /servers/{id}/tools',
        'POST /servers/{id}/mcp',
        'GET /.well-known/oauth-protected-resource/servers/{id}/mcp',
      ].sort(),
    );
    for (const ops of Object.values(doc.paths)) {
      for (const op of Object.values(ops)) expect(op.summary).toBeTruthy();
    }
    expect(JSON.stringify(doc.paths['/a2a'].post)).toContain('#/components/schemas/AgentCreateDto');
  });
});

describe('A2A_ENABLED=false', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ A2A_ENABLED: 'false' });
  });
  afterAll(() => api.close());

  it('unmounts the agent routes', async () => {
    expect((await api.get('/a2a')).status).toBe(404);
    expect((await api.get('/auth/me')).status).toBe(200);
  });

  it('still serves the process metrics to Prometheus', async () => {
    const res = await api.get('/metrics/prometheus');
    expect(res.status).toBe(200);
    expect(res.text).toContain('process_cpu_user_seconds_total');
    expect(res.text).not.toContain('switchboard_agent_health_state{');
  });
});

describe('production safety', () => {
  const saved = { ...process.env };
  afterEach(() => {
    process.env = { ...saved };
  });

  it('refuses to start in production with default secrets, naming them', async () => {
    process.env.NODE_ENV = 'production';
    delete process.env.ADMIN_PASSWORD;
    delete process.env.JWT_SECRET;
    delete process.env.ENCRYPTION_KEY;
    await expect(createApp()).rejects.toThrow(/ADMIN_PASSWORD, JWT_SECRET, ENCRYPTION_KEY/);
  });

  it('starts in production once every secret is set', async () => {
    Object.assign(process.env, {
      NODE_ENV: 'production',
      LOG_LEVEL: 'silent',
      ADMIN_PASSWORD: 'a-real-password',
      JWT_SECRET: 'a-real-jwt-secret-of-some-length',
      ENCRYPTION_KEY: 'a-real-encryption-key-of-32-chars-or-more',
      DEMO_AGENT: 'false',
    });
    const app: NestFastifyApplication = await createApp();
    await app.close();
  });
});

describe('readiness without a database', () => {
  it('answers /ready with 503 while /health stays up', async () => {
    const api = await TestApi.start();
    try {
      await api.db.destroy();
      const ready = await api.get('/ready', { token: null });
      expect(ready.status).toBe(503);
      expect(ready.body).toEqual({ status: 'unavailable', database: 'down', redis: 'off' });
      expect((await api.get('/health', { token: null })).status).toBe(200);
    } finally {
      await api.close();
    }
  });
});
