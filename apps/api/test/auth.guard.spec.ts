import { createHmac } from 'node:crypto';
import { TestApi, type ErrorBody } from './harness';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
function signJwt(payload: Record<string, unknown>, secret: string): string {
  const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

describe('the global auth guard', () => {
  let api: TestApi;
  let adminId: string;
  const JWT_SECRET = 'a-test-secret-that-is-long-enough';
  beforeAll(async () => {
    api = await TestApi.start({ JWT_SECRET });
    adminId = (await api.get<{ id: string }>('/auth/me')).body.id;
  });
  afterAll(() => api.close());

  it('lets the signed-in user read /auth/me', async () => {
    const res = await api.get<{ email: string; role: string }>('/auth/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ email: 'admin@example.com', role: 'admin' });
  });

  const now = () => Math.floor(Date.now() / 1000);
  it.each([
    ['no Authorization header', () => null, 'TOKEN_MISSING'],
    [
      'a token signed with another secret',
      () => signJwt({ sub: adminId, role: 'admin', exp: now() + 60 }, 'another-secret-of-enough-length'),
      'TOKEN_INVALID',
    ],
    [
      'an expired token',
      () => signJwt({ sub: adminId, role: 'admin', exp: now() - 60 }, JWT_SECRET),
      'TOKEN_EXPIRED',
    ],
    [
      'a token with alg none',
      () => `${b64({ alg: 'none' })}.${b64({ sub: adminId, role: 'admin' })}.`,
      'TOKEN_INVALID',
    ],
    ['garbage', () => 'not-a-jwt', 'TOKEN_INVALID'],
    ['an unknown API token', () => 'sbt_doesnotexist', 'TOKEN_INVALID'],
  ])('answers 401 for %s', async (_, token, code) => {
    const res = await api.get<ErrorBody>('/a2a', { token: token() });
    expect(res.status).toBe(401);
    expect(res.body.code).toBe(code);
  });

  it('answers 401 for a non-Bearer scheme', async () => {
    const res = await api.get<ErrorBody>('/a2a', {
      token: null,
      headers: { authorization: 'Basic YWRtaW46Y2hhbmdlbWU=' },
    });
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/Bearer/);
  });

  it('accepts a valid token for a user that exists', async () => {
    const token = signJwt(
      { sub: adminId, email: 'admin@example.com', role: 'admin', exp: now() + 60 },
      JWT_SECRET,
    );
    expect((await api.get('/a2a', { token })).status).toBe(200);
  });

  it('rejects a valid signature for a user that does not exist', async () => {
    const token = signJwt(
      { sub: '00000000-0000-4000-8000-000000000000', role: 'admin', exp: now() + 60 },
      JWT_SECRET,
    );
    const res = await api.get<ErrorBody>('/a2a', { token });
    expect(res.status).toBe(401);
  });

  it.each(['/health', '/ready', '/docs/openapi.json'])('leaves %s public', async (path) => {
    expect((await api.get(path, { token: null })).status).toBe(200);
  });
});
