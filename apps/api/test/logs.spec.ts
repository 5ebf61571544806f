import { TestApi, validAgent } from './harness';

/** What the API writes to its log (pino JSON lines on stdout) while handling requests full of secrets. */
describe('logs', () => {
  const SECRET = 'sk-log-canary-5f1e0c9a7b';
  const PASSWORD = 'pw-log-canary-3d2b';
  let api: TestApi;
  const written: string[] = [];
  let spy: jest.SpyInstance;

  beforeAll(async () => {
    // Replacing stdout.write before the app exists makes pino log through it (instead of straight to fd 1).
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    api = await TestApi.start({ LOG_LEVEL: 'trace' });
  });
  afterAll(async () => {
    await api.close();
    spy.mockRestore();
  });

  it('records requests with their id but never a credential, token or password', async () => {
    const created = await api.post<{ id: string }>(
      '/a2a',
      validAgent({ authType: 'bearer', auth: { token: SECRET } }),
    );
    expect(created.status).toBe(201);
    await api.put(`/a2a/${created.body.id}`, {
      authType: 'basic',
      auth: { username: 'u', password: SECRET },
    });
    await api.post('/a2a', validAgent({ authType: 'bearer', auth: { token: SECRET, bad: true } }));
    await api.post('/auth/login', { email: 'admin@example.com', password: PASSWORD }, { token: null });
    const token = await api.createToken('viewer');
    await api.get('/a2a', { token, headers: { 'x-request-id': 'log-check-1' } });

    const log = written.join('');
    expect(log).toContain('"requestId":"log-check-1"');
    expect(log).toContain('"url":"/a2a"');
    for (const secret of [SECRET, PASSWORD, token, api.adminToken]) expect(log).not.toContain(secret);
  });

  it('carries the request id into every line a call through the data plane writes', async () => {
    const agent = await api.post<{ name: string }>(
      '/a2a',
      validAgent({ name: 'log-unreachable', endpointUrl: 'http://127.0.0.1:9/' }),
    );
    expect(agent.status).toBe(201);
    const call = await api.post(
      '/a2a/log-unreachable/invoke',
      { message: 'hi' },
      {
        headers: { 'x-request-id': 'call-log-1' },
      },
    );
    expect(call.status).toBe(502);
    const lines = written
      .join('')
      .split('\n')
      .filter((l) => l.includes('log-unreachable') || l.includes('/a2a/log-unreachable/invoke'))
      .filter((l) => !l.includes('"url":"/a2a"'));
    const health = lines.find((l) => l.includes('agent_health_changed'));
    const access = lines.find((l) => l.includes('"url":"/a2a/log-unreachable/invoke"'));
    expect(health).toContain('"requestId":"call-log-1"');
    expect(access).toContain('"requestId":"call-log-1"');
    expect(access).toContain('"statusCode":502');
  });
});
