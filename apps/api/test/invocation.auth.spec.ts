import { createServer, request as httpRequest, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';

/**
 * A plain HTTP hop in front of the hello agent that records what the gateway sends (headers, query) and
 * plays an OAuth2 token endpoint at /token — so the test sees the credentials an agent would receive.
 */
async function recordingHop(target: string) {
  const seen: { path: string; headers: IncomingHttpHeaders }[] = [];
  let tokenCalls = 0;
  const upstream = new URL(target);
  const server: Server = createServer((req, res) => {
    if (req.url === '/token') {
      tokenCalls++;
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        const ok = form.get('client_id') === 'cid' && form.get('client_secret') === 'oauth-client-secret';
        res.writeHead(ok ? 200 : 401, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify(
            ok
              ? { access_token: `tok-${tokenCalls}`, expires_in: 3600, token_type: 'Bearer' }
              : { error: 'invalid_client' },
          ),
        );
      });
      return;
    }
    seen.push({ path: req.url ?? '', headers: req.headers });
    const forward = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        path: req.url,
        method: req.method,
        headers: { ...req.headers, host: upstream.host },
      },
      (up) => {
        if (!req.url?.includes('.well-known')) {
          res.writeHead(up.statusCode ?? 502, up.headers);
          up.pipe(res);
          return;
        }
        // The card names the agent's own URL; point it at this hop so the calls come through here too.
        let card = '';
        up.on('data', (c) => (card += c));
        up.on('end', () => {
          const rewritten = card.split(target).join(url);
          res.writeHead(up.statusCode ?? 502, {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(rewritten),
          });
          res.end(rewritten);
        });
      },
    );
    req.pipe(forward);
  });
  let url = '';
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    seen,
    tokenCalls: () => tokenCalls,
    reset: () => {
      seen.length = 0;
      tokenCalls = 0;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe('outbound credentials, from the encrypted catalog to the agent', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  let hop: Awaited<ReturnType<typeof recordingHop>>;

  beforeAll(async () => {
    agent = await startHelloAgentProcess('1.0');
    hop = await recordingHop(agent.url);
    api = await TestApi.start();
  });
  beforeEach(async () => {
    await api.reset();
    hop.reset();
  });
  afterAll(async () => {
    await api.close();
    await hop.close();
    await agent.close();
  });

  const call = async (name: string) => {
    const res = await api.post<{ task: { status: { state: string } } }>(`/a2a/${name}/invoke`, {
      message: 'ping',
    });
    expect(res.status).toBe(200);
    expect(res.body.task.status.state).toBe('TASK_STATE_COMPLETED');
  };

  it.each([
    [
      'bearer',
      { token: 'bearer-secret' },
      (h: IncomingHttpHeaders) => h.authorization === 'Bearer bearer-secret',
    ],
    [
      'api-key',
      { apiKey: 'key-secret', headerName: 'X-Agent-Key' },
      (h: IncomingHttpHeaders) => h['x-agent-key'] === 'key-secret',
    ],
    [
      'basic',
      { username: 'svc', password: 'pw-secret' },
      (h: IncomingHttpHeaders) =>
        h.authorization === `Basic ${Buffer.from('svc:pw-secret').toString('base64')}`,
    ],
    [
      'headers',
      { headers: { 'X-Tenant': 't-1', 'X-Tenant-Key': 'tk-secret' } },
      (h: IncomingHttpHeaders) => h['x-tenant'] === 't-1' && h['x-tenant-key'] === 'tk-secret',
    ],
  ])('sends %s credentials on the card fetch and on every call', async (authType, auth, check) => {
    await api.createAgent({ name: 'secured', endpointUrl: hop.url, authType: authType as never, auth });
    await call('secured');
    expect(hop.seen.length).toBeGreaterThanOrEqual(2);
    expect(hop.seen.every((r) => check(r.headers))).toBe(true);
    expect(hop.seen.every((r) => r.headers['a2a-version'] === '1.0')).toBe(true);
  });

  it('sends an api key as a query parameter when configured so', async () => {
    await api.createAgent({
      name: 'q',
      endpointUrl: hop.url,
      authType: 'api-key',
      auth: { apiKey: 'qk', queryParam: 'key' },
    });
    await call('q');
    expect(hop.seen.every((r) => new URL(r.path, 'http://x').searchParams.get('key') === 'qk')).toBe(true);
  });

  it('fetches an OAuth2 client-credentials token once, caches it, and uses it', async () => {
    await api.createAgent({
      name: 'oauth',
      endpointUrl: hop.url,
      authType: 'oauth2-client-credentials',
      auth: { tokenUrl: `${hop.url}token`, clientId: 'cid', clientSecret: 'oauth-client-secret' },
    });
    for (let i = 0; i < 3; i++) await call('oauth');
    expect(hop.tokenCalls()).toBe(1);
    expect(hop.seen.every((r) => r.headers.authorization === 'Bearer tok-1')).toBe(true);
  });

  it('reports a token endpoint that refuses as an authentication error, without the secret', async () => {
    await api.createAgent({
      name: 'badoauth',
      endpointUrl: hop.url,
      authType: 'oauth2-client-credentials',
      auth: { tokenUrl: `${hop.url}token`, clientId: 'cid', clientSecret: 'wrong-secret-value' },
    });
    const res = await api.post<ErrorBody>('/a2a/badoauth/invoke', { message: 'ping' });
    expect(res.status).toBe(502);
    expect(res.body.code).toBe('AUTHENTICATION_ERROR');
    expect(res.text).not.toContain('wrong-secret-value');
  });

  it('rejects CR/LF in a credential at registration', async () => {
    const res = await api.post<ErrorBody>('/a2a', {
      name: 'crlf',
      endpointUrl: hop.url,
      authType: 'bearer',
      auth: { token: 'a\r\nX-Evil: 1' },
    });
    expect(res.status).toBe(400);
    expect(res.body.message).toContain('auth.token');
  });
});
