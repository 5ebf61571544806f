/**
 * OutboundAuth on its own: how each auth type lands on a request, and the OAuth2 token cache on an
 * injected clock against a real token endpoint on 127.0.0.1.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Agent, fetch as undiciFetch } from 'undici';
import type { AgentAuth, AgentAuthType } from '../auth/auth-types';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { OutboundAuth } from './outbound-auth';

describe('OutboundAuth.apply', () => {
  const auth = new OutboundAuth(() => Promise.reject(new Error('no token requests here')));
  const apply = (type: AgentAuthType, value?: Record<string, unknown>) =>
    auth.apply('agent', type, value as AgentAuth | undefined);

  it.each<[AgentAuthType, Record<string, unknown> | undefined, unknown]>([
    ['none', undefined, { headers: {}, query: {} }],
    ['bearer', undefined, { headers: {}, query: {} }], // no credentials stored: nothing added
    ['api-key', { apiKey: 'k', headerName: 'X-API-Key' }, { headers: { 'X-API-Key': 'k' }, query: {} }],
    [
      'api-key',
      { apiKey: 'k', headerName: 'X-API-Key', queryParam: 'key' },
      { headers: {}, query: { key: 'k' } },
    ],
    ['bearer', { token: 't' }, { headers: { authorization: 'Bearer t' }, query: {} }],
    ['basic', { username: 'u', password: 'p' }, { headers: { authorization: 'Basic dTpw' }, query: {} }],
    ['headers', { headers: { 'X-A': '1', 'X-B': '2' } }, { headers: { 'X-A': '1', 'X-B': '2' }, query: {} }],
    [
      'aws-sigv4',
      { accessKeyId: 'a', secretAccessKey: 's', region: 'r', service: 'x' },
      { headers: {}, query: {}, sign: expect.any(Function) },
    ],
  ])('%s %j', async (type, value, expected) => {
    expect(await apply(type, value)).toEqual(expected);
  });

  it('does not hand out its own header object (changing the result changes nothing)', async () => {
    const stored = { headers: { 'X-A': '1' } };
    const first = await apply('headers', stored);
    first.headers['X-A'] = 'changed';
    expect((await apply('headers', stored)).headers['X-A']).toBe('1');
  });

  it.each<[AgentAuthType, Record<string, unknown>]>([
    ['bearer', { token: 'a\r\nb' }],
    ['api-key', { apiKey: 'a\nb', headerName: 'X-API-Key' }],
    ['headers', { headers: { 'X-A': 'a\rb' } }],
  ])('refuses CR/LF in %s credentials', async (type, value) => {
    const error = await apply(type, value).catch((e: unknown) => e);
    expect(A2AError.is(error, A2AErrorCode.InvalidRequest)).toBe(true);
  });
});

describe('OutboundAuth: OAuth2 token cache (injected clock)', () => {
  let server: ReturnType<typeof createServer>;
  let tokenUrl: string;
  let dispatcher: Agent;
  const bodies: URLSearchParams[] = [];
  let answer: (n: number, res: ServerResponse) => void;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        bodies.push(new URLSearchParams(body));
        answer(bodies.length, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    tokenUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token`;
    dispatcher = new Agent();
  });
  afterAll(async () => {
    await dispatcher.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => {
    bodies.length = 0;
    answer = (n, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ access_token: `tok-${n}`, expires_in: 120 }));
    };
  });

  function setup() {
    const clock = { t: 1_000_000 };
    const auth = new OutboundAuth(
      (url, init) => undiciFetch(url, { ...(init as object), dispatcher }) as unknown as Promise<Response>,
      () => clock.t,
    );
    const creds = { tokenUrl, clientId: 'id-1', clientSecret: 'secret-1' };
    const token = async (c: Record<string, unknown> = creds, refresh = false) =>
      (await auth.apply('agent', 'oauth2-client-credentials', c as AgentAuth, refresh)).headers.authorization;
    return { clock, auth, creds, token };
  }

  const answerWith = (body: unknown) => (_: number, res: ServerResponse) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body));
  };

  it('keeps a token until 30 s before it expires, then fetches a new one', async () => {
    const { clock, token } = setup();
    expect(await token()).toBe('Bearer tok-1');
    clock.t += 89_999; // expires_in 120 s − 30 s margin = 90 s
    expect(await token()).toBe('Bearer tok-1');
    clock.t += 1;
    expect(await token()).toBe('Bearer tok-2');
    expect(await token()).toBe('Bearer tok-2');
    expect(bodies).toHaveLength(2);
  });

  it.each([
    ['a numeric string', '120', 90_000],
    ['missing (1 hour)', undefined, 3_570_000],
    ['not a number (1 hour)', 'soon', 3_570_000],
  ])('reads expires_in given as %s', async (_, expiresIn, validMs) => {
    answer = (n, res) => answerWith({ access_token: `tok-${n}`, expires_in: expiresIn })(n, res);
    const { clock, token } = setup();
    await token();
    clock.t += validMs - 1;
    expect(await token()).toBe('Bearer tok-1');
    clock.t += 1;
    expect(await token()).toBe('Bearer tok-2');
  });

  it('asks once for concurrent callers', async () => {
    const { token } = setup();
    const all = await Promise.all(Array.from({ length: 8 }, () => token()));
    expect(new Set(all)).toEqual(new Set(['Bearer tok-1']));
    expect(bodies).toHaveLength(1);
  });

  it('refresh = true and invalidate() both force a new token', async () => {
    const { auth, creds, token } = setup();
    await token();
    expect(await token(creds, true)).toBe('Bearer tok-2');
    auth.invalidate(creds);
    expect(await token()).toBe('Bearer tok-3');
  });

  it('caches per client, scope and audience', async () => {
    const { creds, token } = setup();
    await token(creds);
    await token({ ...creds, scope: 'a' });
    await token({ ...creds, audience: 'b' });
    await token({ ...creds, clientId: 'id-2' });
    await token({ ...creds, scope: 'a' });
    expect(bodies).toHaveLength(4);
    expect(bodies.map((b) => [b.get('client_id'), b.get('scope'), b.get('audience')])).toEqual([
      ['id-1', null, null],
      ['id-1', 'a', null],
      ['id-1', null, 'b'],
      ['id-2', null, null],
    ]);
  });

  it('a failed token request is not cached: the next call asks again', async () => {
    answer = (n, res) => {
      if (n === 1) {
        res.writeHead(503);
        return res.end();
      }
      answerWith({ access_token: `tok-${n}` })(n, res);
    };
    const { token } = setup();
    const error = await token().catch((e: unknown) => e);
    expect(A2AError.is(error, A2AErrorCode.AuthenticationError)).toBe(true);
    expect((error as A2AError).message).toMatch(/HTTP 503/);
    expect((error as A2AError).message).not.toContain('secret-1');
    expect(await token()).toBe('Bearer tok-2');
  });
});
