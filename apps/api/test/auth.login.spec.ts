import type { AgentRead } from '@switchboard/api-contract';
import { ADMIN, TestApi, validAgent, type ErrorBody } from './harness';

describe('POST /auth/login', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  afterAll(() => api.close());

  it('returns a JWT and the user for the right credentials', async () => {
    const res = await api.post<{
      accessToken: string;
      tokenType: string;
      expiresIn: number;
      user: { email: string; role: string };
    }>('/auth/login', ADMIN, { token: null });
    expect(res.status).toBe(200);
    expect(res.body.tokenType).toBe('Bearer');
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    expect(res.body.expiresIn).toBeGreaterThan(0);
    expect(res.body.user).toMatchObject({ email: ADMIN.email, role: 'admin' });
    expect(JSON.stringify(res.body)).not.toContain(ADMIN.password);
  });

  it('accepts the email in any case', async () => {
    const res = await api.post(
      '/auth/login',
      { ...ADMIN, email: ADMIN.email.toUpperCase() },
      { token: null },
    );
    expect(res.status).toBe(200);
  });

  it.each([
    ['a wrong password', { email: ADMIN.email, password: 'wrong' }],
    ['an unknown email', { email: 'nobody@example.com', password: ADMIN.password }],
  ])('rejects %s with 401 INVALID_CREDENTIALS', async (_, body) => {
    const res = await api.post<ErrorBody>('/auth/login', body, { token: null });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('INVALID_CREDENTIALS');
    expect(res.body.requestId).toBeTruthy();
  });

  it.each([
    ['a missing password', { email: ADMIN.email }, 'password'],
    ['a malformed email', { email: 'not-an-email', password: 'x' }, 'email'],
    ['a wrong type', { email: ADMIN.email, password: 42 }, 'password'],
    ['an unknown field', { ...ADMIN, remember: true }, 'remember'],
  ])('rejects %s with 400 naming the field', async (_, body, field) => {
    const res = await api.post<ErrorBody>('/auth/login', body, { token: null });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(res.body.message).toContain(field);
  });

  it('rejects malformed JSON with 400, not 500', async () => {
    const res = await api.request<ErrorBody>('POST', '/auth/login', { token: null, rawBody: '{"email": ' });
    expect(res.status).toBe(400);
    expect(res.body.message).toMatch(/JSON/);
  });
});

describe('login rate limit', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start({ LOGIN_RATE_LIMIT: '4' });
  });
  afterAll(() => api.close());

  it('answers 429 with Retry-After once a client exceeds the limit', async () => {
    // TestApi.start already signed in once.
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      statuses.push((await api.post('/auth/login', { ...ADMIN, password: 'wrong' }, { token: null })).status);
    }
    expect(statuses).toEqual([401, 401, 401, 429]);
    const limited = await api.post<ErrorBody>('/auth/login', ADMIN, { token: null });
    expect(limited.status).toBe(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('behind a load balancer (TRUST_PROXY)', () => {
  const login = (api: TestApi, forwardedFor: string, password = 'wrong') =>
    api.post(
      '/auth/login',
      { ...ADMIN, password },
      { token: null, headers: { 'x-forwarded-for': forwardedFor } },
    );

  it('limits logins per client, as X-Forwarded-For from a trusted proxy names it, and audits that address', async () => {
    const api = await TestApi.start({ LOGIN_RATE_LIMIT: '3', TRUST_PROXY: 'loopback' });
    try {
      // Everyone arrives from the proxy's address; each client keeps its own budget of attempts.
      for (let i = 0; i < 3; i++) expect((await login(api, '203.0.113.7')).status).toBe(401);
      expect((await login(api, '203.0.113.7')).status).toBe(429);
      expect((await login(api, '198.51.100.9', ADMIN.password)).status).toBe(200);

      const created = await api.post<AgentRead>('/a2a', validAgent(), {
        headers: { 'x-forwarded-for': '198.51.100.9, 10.0.0.5' },
      });
      expect(created.body.createdFromIp).toBe('10.0.0.5'); // the rightmost hop the trusted proxy saw
    } finally {
      await api.close();
    }
  });

  it('without it, ignores X-Forwarded-For (anyone could write one)', async () => {
    const api = await TestApi.start({ LOGIN_RATE_LIMIT: '2' });
    try {
      // start() signed in from 127.0.0.1 once; a made-up header does not buy another budget.
      expect((await login(api, '203.0.113.7')).status).toBe(401);
      expect((await login(api, '198.51.100.9')).status).toBe(429);
      const created = await api.post<AgentRead>('/a2a', validAgent(), {
        headers: { 'x-forwarded-for': '203.0.113.7' },
      });
      expect(created.body.createdFromIp).toBe('127.0.0.1');
    } finally {
      await api.close();
    }
  });
});
