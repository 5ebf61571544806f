import { TestApi, type ErrorBody } from './harness';

interface Created {
  id: string;
  token: string;
  role: string;
  prefix: string;
  expiresAt: string | null;
}

describe('API tokens', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await TestApi.start();
  });
  beforeEach(() => api.reset());
  afterAll(() => api.close());

  it('creates a token that is shown once, stored hashed and works as a Bearer credential', async () => {
    const res = await api.post<Created>('/auth/tokens', { name: 'ci', expiresInDays: 30 });
    expect(res.status).toBe(201);
    expect(res.body.token).toMatch(/^sbt_[A-Za-z0-9_-]{40,}$/);
    expect(res.body.role).toBe('admin');
    expect(res.body.token.startsWith(res.body.prefix)).toBe(true);
    expect(new Date(res.body.expiresAt!).getTime()).toBeGreaterThan(Date.now() + 29 * 86_400_000);

    const list = await api.get<object[]>('/auth/tokens');
    expect(list.status).toBe(200);
    expect(list.body).toHaveLength(1);
    expect(JSON.stringify(list.body)).not.toContain(res.body.token);

    const [row] = await api.db.query('SELECT token_hash FROM api_tokens WHERE id = $1', [res.body.id]);
    expect(row.token_hash).not.toContain(res.body.token);
    expect(row.token_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await api.get<{ email: string }>('/auth/me', { token: res.body.token });
    expect(me.status).toBe(200);
    expect(me.body.email).toBe('admin@example.com');
  });

  it('gives a viewer token read access only', async () => {
    const viewer = await api.createToken('viewer');
    expect((await api.get('/a2a', { token: viewer })).status).toBe(200);
    const write = await api.post<ErrorBody>(
      '/a2a',
      { name: 'x', endpointUrl: 'http://127.0.0.1:1/' },
      { token: viewer },
    );
    expect(write.status).toBe(403);
    expect(write.body.code).toBe('FORBIDDEN');
    expect(await api.agentCount()).toBe(0);
  });

  it('does not let a viewer mint an admin token', async () => {
    const viewer = await api.createToken('viewer');
    const res = await api.post<ErrorBody>(
      '/auth/tokens',
      { name: 'escalate', role: 'admin' },
      { token: viewer },
    );
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('ROLE_NOT_ALLOWED');
    const own = await api.post<Created>('/auth/tokens', { name: 'mine' }, { token: viewer });
    expect(own.status).toBe(201);
    expect(own.body.role).toBe('viewer');
  });

  it('revokes a token so it stops working', async () => {
    const created = (await api.post<Created>('/auth/tokens', { name: 'temp' })).body;
    expect((await api.delete(`/auth/tokens/${created.id}`)).status).toBe(204);
    const after = await api.get<ErrorBody>('/auth/me', { token: created.token });
    expect(after.status).toBe(401);
    expect((await api.delete(`/auth/tokens/${created.id}`)).status).toBe(404);
  });

  it('rejects an expired token with TOKEN_EXPIRED', async () => {
    const created = (await api.post<Created>('/auth/tokens', { name: 'old', expiresInDays: 1 })).body;
    await api.db.query(`UPDATE api_tokens SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      created.id,
    ]);
    const res = await api.get<ErrorBody>('/auth/me', { token: created.token });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe('TOKEN_EXPIRED');
  });

  it.each([
    ['an empty name', { name: '' }, 'name'],
    ['an unknown role', { name: 't', role: 'root' }, 'role'],
    ['a negative lifetime', { name: 't', expiresInDays: -1 }, 'expiresInDays'],
    ['an unknown field', { name: 't', scopes: ['*'] }, 'scopes'],
  ])('rejects %s with 400 naming the field', async (_, body, field) => {
    const res = await api.post<ErrorBody>('/auth/tokens', body);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(field);
  });

  it('answers 400 for a token id that is not a UUID', async () => {
    const res = await api.delete<ErrorBody>('/auth/tokens/abc');
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('id');
  });
});
