/**
 * OutboundHttp against real HTTP servers on 127.0.0.1 ephemeral ports: credentials on the wire, OAuth2
 * client credentials, status mapping, the size cap, redirects, transport errors and the SSRF policy.
 */
import { createServer, type IncomingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { hostname } from 'node:os';
import { lookup } from 'node:dns/promises';
import type { AgentAuth, AgentAuthType } from '../auth/auth-types';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { AgentConfig, type AgentSpec } from '../gateway/agent-config';
import { OutboundHttp, type OutboundHttpOptions } from './outbound-http';
import { isPrivateAddress, OutboundPolicy } from './outbound-policy';

// ---- local servers -----------------------------------------------------------------------------------

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  /** `http://127.0.0.1:<port>` (no trailing slash). */
  origin: string;
  port: number;
  seen: Seen[];
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: OutboundHttp[] = [];

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** A server on 127.0.0.1:0 that records every request (body read) before handing it to `handler`. */
async function serve(handler: (req: Seen, res: ServerResponse) => void): Promise<TestServer> {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const request = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString(),
      };
      seen.push(request);
      handler(request, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  const s: TestServer = {
    origin: `http://127.0.0.1:${port}`,
    port,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  servers.push(s);
  return s;
}

const json = (res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
};

function client(options: Partial<OutboundHttpOptions> = {}) {
  const http = new OutboundHttp({ policy: new OutboundPolicy(true), ...options });
  clients.push(http);
  return http;
}

/** A port nothing listens on (bound, then released). */
async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** An agent spec with any auth settings (also ones the builder has no method for, e.g. `queryParam`). */
const spec = (url: string, authType: AgentAuthType, auth?: Record<string, unknown>): AgentSpec => ({
  ...new AgentConfig('agent', url),
  authType,
  credentials: () => auth as AgentAuth | undefined,
});

async function errorOf(run: Promise<unknown>): Promise<A2AError> {
  let outcome: unknown;
  try {
    await run;
  } catch (error) {
    outcome = error;
  }
  if (!(outcome instanceof A2AError)) {
    throw new Error(`expected an A2AError, got ${outcome === undefined ? 'success' : String(outcome)}`);
  }
  return outcome;
}

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Every message and detail of an error and its causes, to look for leaked secrets. */
function everythingIn(error: unknown): string {
  const parts: string[] = [];
  for (
    let e = error as { message?: unknown; details?: unknown; cause?: unknown } | undefined, i = 0;
    e && i < 8;
    i++
  ) {
    parts.push(String(e.message), JSON.stringify(e.details ?? null));
    e = e.cause as typeof e;
  }
  return parts.join('\n');
}

// ---- credentials -------------------------------------------------------------------------------------

describe('OutboundHttp: credentials on the wire', () => {
  it.each<[string, AgentAuthType, Record<string, unknown> | undefined, (seen: Seen) => void]>([
    ['none', 'none', undefined, (s) => expect(s.headers.authorization).toBeUndefined()],
    [
      'api-key (default header)',
      'api-key',
      { apiKey: 'k-123', headerName: 'X-API-Key' },
      (s) => expect(s.headers['x-api-key']).toBe('k-123'),
    ],
    [
      'api-key (own header)',
      'api-key',
      { apiKey: 'k-123', headerName: 'X-Custom-Key' },
      (s) => expect(s.headers['x-custom-key']).toBe('k-123'),
    ],
    [
      'api-key (queryParam)',
      'api-key',
      { apiKey: 'k 1&2', headerName: 'X-API-Key', queryParam: 'api_key' },
      (s) => {
        const url = new URL(s.url, 'http://x');
        expect(url.pathname).toBe('/a2a');
        expect(url.searchParams.get('api_key')).toBe('k 1&2');
        expect(url.searchParams.get('keep')).toBe('1'); // the URL's own query stays
        expect(s.headers['x-api-key']).toBeUndefined();
      },
    ],
    ['bearer', 'bearer', { token: 'tok-abc' }, (s) => expect(s.headers.authorization).toBe('Bearer tok-abc')],
    [
      'basic',
      'basic',
      { username: 'alice', password: 'p:ss wörd' },
      (s) =>
        expect(s.headers.authorization).toBe(`Basic ${Buffer.from('alice:p:ss wörd').toString('base64')}`),
    ],
    [
      'custom headers',
      'headers',
      { headers: { 'X-Tenant': 'acme', 'X-Signature': 'sig' } },
      (s) => {
        expect(s.headers['x-tenant']).toBe('acme');
        expect(s.headers['x-signature']).toBe('sig');
      },
    ],
    [
      'aws-sigv4 (signed last, over the final request; see sigv4.spec.ts)',
      'aws-sigv4',
      {
        accessKeyId: 'AK',
        secretAccessKey: 'SK',
        region: 'us-east-1',
        service: 'bedrock-agentcore',
      },
      (s) => {
        expect(s.headers.authorization).toMatch(
          /^AWS4-HMAC-SHA256 Credential=AK\/\d{8}\/us-east-1\/bedrock-agentcore\/aws4_request, SignedHeaders=content-type;host;x-amz-date, Signature=[0-9a-f]{64}$/,
        );
        expect(JSON.stringify(s)).not.toContain('SK');
      },
    ],
  ])('%s', async (_, authType, auth, check) => {
    const server = await serve((_, res) => res.end('ok'));
    const fetch = client().fetchFor(spec(`${server.origin}/a2a`, authType, auth));
    const response = await fetch(`${server.origin}/a2a?keep=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(await response.text()).toBe('ok');
    expect(server.seen).toHaveLength(1);
    expect(server.seen[0].headers['content-type']).toBe('application/json'); // the caller's headers stay
    check(server.seen[0]);
  });

  it('adds the agent’s plain headers and extra headers; credentials win over both', async () => {
    const server = await serve((_, res) => res.end('ok'));
    const agent = new AgentConfig('agent', server.origin)
      .withHeaders({ 'x-team': 'blue', authorization: 'spoofed' })
      .withBearerToken('real');
    const fetch = client().fetchFor(agent, { 'x-request-id': 'r-1' });
    await (await fetch(`${server.origin}/`)).text();
    expect(server.seen[0].headers).toMatchObject({
      'x-team': 'blue',
      'x-request-id': 'r-1',
      authorization: 'Bearer real',
    });
  });

  // Finding (see report): plain agent headers (`withHeaders`) are not checked for CR/LF; `Headers.set`
  // throws a bare TypeError that the gateway reads as a PROTOCOL_ERROR of the agent. Remove `.failing`
  // once fixed.
  it('refuses CR/LF in a plain agent header with INVALID_REQUEST', async () => {
    const server = await serve((_, res) => res.end('ok'));
    const agent = new AgentConfig('agent', server.origin).withHeaders({ 'x-trace': 'a\r\nX-Injected: 1' });
    const error = await errorOf(client().fetchFor(agent)(`${server.origin}/`));
    expect(error.code).toBe(A2AErrorCode.InvalidRequest);
    expect(server.seen).toHaveLength(0);
  });

  it.each<[string, AgentAuthType, Record<string, unknown>]>([
    ['a bearer token', 'bearer', { token: 'abc\r\nX-Injected: 1' }],
    ['an api key', 'api-key', { apiKey: 'abc\nX-Injected: 1', headerName: 'X-API-Key' }],
    ['a custom header', 'headers', { headers: { 'X-Ok': 'fine', 'X-Bad': 'a\rb' } }],
  ])('refuses CR/LF in %s (INVALID_REQUEST, nothing sent)', async (_, authType, auth) => {
    const server = await serve((_, res) => res.end('ok'));
    const error = await errorOf(client().fetchFor(spec(server.origin, authType, auth))(`${server.origin}/`));
    expect(error.code).toBe(A2AErrorCode.InvalidRequest);
    expect(error.message).toMatch(/CR or LF/);
    expect(server.seen).toHaveLength(0);
  });
});

// ---- OAuth2 client credentials -----------------------------------------------------------------------

describe('OutboundHttp: OAuth2 client credentials', () => {
  const SECRET = 'client-s3cret-value';

  /** A token endpoint handing out tok-1, tok-2, … and an agent that accepts the tokens in `accept`. */
  async function oauthSetup(
    options: {
      expiresIn?: unknown;
      accept?: (token: string) => boolean;
      tokenAnswer?: (n: number, res: ServerResponse) => void;
    } = {},
  ) {
    let issued = 0;
    const idp = await serve((req, res) => {
      issued++;
      if (options.tokenAnswer) return options.tokenAnswer(issued, res);
      json(res, 200, {
        access_token: `tok-${issued}`,
        token_type: 'Bearer',
        expires_in: options.expiresIn ?? 3600,
      });
    });
    const accept = options.accept ?? (() => true);
    const agentServer = await serve((req, res) => {
      const token = (req.headers.authorization ?? '').replace(/^Bearer /, '');
      if (!accept(token)) return json(res, 401, { error: 'invalid_token' });
      json(res, 200, { ok: true, token });
    });
    const agent = new AgentConfig('secured', agentServer.origin).withOAuth2ClientCredentials({
      tokenUrl: `${idp.origin}/oauth/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
      scope: 'agents:invoke',
      audience: 'https://agents.example.com',
    });
    const http = client();
    const fetch = http.fetchFor(agent);
    const call = async () =>
      (await (await fetch(`${agentServer.origin}/rpc`, { method: 'POST', body: '{}' })).json()) as {
        token: string;
      };
    return { idp, agentServer, agent, http, fetch, call };
  }

  it('fetches a token with the client credentials grant and sends it as a bearer token', async () => {
    const { idp, agentServer, call } = await oauthSetup();
    expect(await call()).toEqual({ ok: true, token: 'tok-1' });
    expect(idp.seen).toHaveLength(1);
    const tokenRequest = idp.seen[0];
    expect(tokenRequest.method).toBe('POST');
    expect(tokenRequest.url).toBe('/oauth/token');
    expect(tokenRequest.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(Object.fromEntries(new URLSearchParams(tokenRequest.body))).toEqual({
      grant_type: 'client_credentials',
      client_id: 'client-1',
      client_secret: SECRET,
      scope: 'agents:invoke',
      audience: 'https://agents.example.com',
    });
    expect(agentServer.seen[0].headers.authorization).toBe('Bearer tok-1');
  });

  it('caches the token: one token request for many calls, concurrent ones included', async () => {
    const { idp, agentServer, call } = await oauthSetup();
    await Promise.all([call(), call(), call(), call(), call()]);
    await call();
    await call();
    expect(idp.seen).toHaveLength(1);
    expect(agentServer.seen.map((s) => s.headers.authorization)).toEqual(Array(7).fill('Bearer tok-1'));
  });

  it('refreshes a token that expires (expires_in within the 30 s safety margin: fetched per call)', async () => {
    const { idp, call } = await oauthSetup({ expiresIn: 30 });
    expect((await call()).token).toBe('tok-1');
    expect((await call()).token).toBe('tok-2');
    expect(idp.seen).toHaveLength(2);
  });

  it('when the agent answers 401, fetches a new token once and retries once', async () => {
    const { idp, agentServer, call } = await oauthSetup({ accept: (t) => t !== 'tok-1' });
    expect((await call()).token).toBe('tok-2');
    expect(idp.seen).toHaveLength(2);
    expect(agentServer.seen.map((s) => s.headers.authorization)).toEqual(['Bearer tok-1', 'Bearer tok-2']);
    expect(agentServer.seen[1].body).toBe('{}'); // the same request again
    await call(); // the fresh token is cached
    expect(idp.seen).toHaveLength(2);
  });

  it('an agent that keeps answering 401 → AUTHENTICATION_ERROR after one retry', async () => {
    const { idp, agentServer, fetch } = await oauthSetup({ accept: () => false });
    const error = await errorOf(fetch(`${agentServer.origin}/rpc`));
    expect(error.code).toBe(A2AErrorCode.AuthenticationError);
    expect(error.details).toMatchObject({ agentName: 'secured', status: 401 });
    expect(idp.seen).toHaveLength(2);
    expect(agentServer.seen).toHaveLength(2);
  });

  it.each<[string, (n: number, res: ServerResponse) => void]>([
    [
      'HTTP 400 (body echoing the secret)',
      (_, res) => json(res, 400, { error: 'invalid_client', error_description: `bad secret ${SECRET}` }),
    ],
    ['HTTP 500', (_, res) => json(res, 500, { error: 'server_error' })],
    ['no access_token', (_, res) => json(res, 200, { token_type: 'Bearer' })],
    ['an empty access_token', (_, res) => json(res, 200, { access_token: '' })],
    ['not JSON', (_, res) => res.end(`<html>${SECRET}</html>`)],
    ['a dropped connection', (_, res) => res.socket?.destroy()],
  ])(
    'token endpoint failure (%s) → AUTHENTICATION_ERROR without the secret, agent not called',
    async (_, tokenAnswer) => {
      const { agentServer, fetch } = await oauthSetup({ tokenAnswer });
      const error = await errorOf(fetch(`${agentServer.origin}/rpc`));
      expect(error.code).toBe(A2AErrorCode.AuthenticationError);
      expect(error.message).toMatch(/Could not get an OAuth2 token for agent "secured"/);
      expect(everythingIn(error)).not.toContain(SECRET);
      expect(agentServer.seen).toHaveLength(0);
    },
  );

  it('an unreachable token endpoint → AUTHENTICATION_ERROR without the secret; a later call tries again', async () => {
    const port = await freePort();
    const agentServer = await serve((_, res) => res.end('ok'));
    const agent = new AgentConfig('secured', agentServer.origin).withOAuth2ClientCredentials({
      tokenUrl: `http://127.0.0.1:${port}/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
    });
    const fetch = client().fetchFor(agent);
    for (let i = 0; i < 2; i++) {
      const error = await errorOf(fetch(`${agentServer.origin}/`));
      expect(error.code).toBe(A2AErrorCode.AuthenticationError);
      expect(error.message).toMatch(/ECONNREFUSED/);
      expect(everythingIn(error)).not.toContain(SECRET);
    }
    expect(agentServer.seen).toHaveLength(0);
  });

  // Finding (see report): an access_token with CR/LF from the token endpoint is not checked like stored
  // credentials are; `Headers.set` then throws a bare TypeError, which the gateway reads as a
  // PROTOCOL_ERROR of the agent (and counts against its breaker). Remove `.failing` once fixed.
  it('an access_token containing CR/LF → AUTHENTICATION_ERROR', async () => {
    const { agentServer, fetch } = await oauthSetup({
      tokenAnswer: (_, res) => json(res, 200, { access_token: 'tok\r\nX-Injected: 1' }),
    });
    const error = await errorOf(fetch(`${agentServer.origin}/rpc`));
    expect(error.code).toBe(A2AErrorCode.AuthenticationError);
    expect(agentServer.seen).toHaveLength(0);
  });

  it('the token URL goes through the SSRF policy too', async () => {
    const idp = await serve((_, res) => json(res, 200, { access_token: 'tok' }));
    const agent = new AgentConfig('secured', 'https://agent.example.com/').withOAuth2ClientCredentials({
      tokenUrl: `${idp.origin}/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
    });
    const fetch = client({ policy: new OutboundPolicy(false) }).fetchFor(agent);
    const error = await errorOf(fetch('https://agent.example.com/'));
    expect(error.code).toBe(A2AErrorCode.AuthenticationError);
    expect(error.message).toMatch(/private or loopback/);
    expect(idp.seen).toHaveLength(0);
  });

  // BUG (see report): the token request is sent without the call's signal, so a token endpoint that
  // never answers holds the call (and every concurrent call for that client) past the agent's timeout
  // and past a caller abort, until undici's own 300 s headers timeout. Remove `.failing` once fixed.
  it('a hanging token endpoint does not outlive the call’s signal', async () => {
    const idp = await serve(() => undefined); // never answers
    const agentServer = await serve((_, res) => res.end('ok'));
    const agent = new AgentConfig('secured', agentServer.origin).withOAuth2ClientCredentials({
      tokenUrl: `${idp.origin}/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
    });
    const http = client();
    try {
      const call = http.fetchFor(agent)(`${agentServer.origin}/`, { signal: AbortSignal.timeout(100) });
      const outcome = await Promise.race([
        call.then(
          () => 'answered',
          () => 'rejected',
        ),
        delay(1_500).then(() => 'hung'),
      ]);
      expect(outcome).toBe('rejected');
    } finally {
      await http.dispatcher.destroy(); // the hung token request would keep close() waiting
      clients.splice(clients.indexOf(http), 1);
    }
  });

  // BUG (see report): on a 401 the first response's body is never consumed or canceled before the
  // retry. Its socket stays busy; with a body larger than the socket buffers and a small pool the retry
  // waits for a connection that never frees up. Remove `.failing` once fixed.
  it('the 401 answer is released before the retry (one connection per origin)', async () => {
    let issued = 0;
    const idp = await serve((_, res) => json(res, 200, { access_token: `tok-${++issued}` }));
    const agentServer = await serve((req, res) => {
      if (req.headers.authorization === 'Bearer tok-1') {
        res.writeHead(401, { 'content-type': 'text/plain' });
        return res.end('x'.repeat(1024 * 1024));
      }
      res.end('ok');
    });
    const agent = new AgentConfig('secured', agentServer.origin).withOAuth2ClientCredentials({
      tokenUrl: `${idp.origin}/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
    });
    const http = client({ connectionsPerOrigin: 1 });
    try {
      const call = http
        .fetchFor(agent)(`${agentServer.origin}/`)
        .then((r) => r.text());
      expect(await Promise.race([call, delay(1_500).then(() => 'hung')])).toBe('ok');
    } finally {
      await http.dispatcher.destroy();
      clients.splice(clients.indexOf(http), 1);
    }
  });
});

// ---- statuses ----------------------------------------------------------------------------------------

describe('OutboundHttp: HTTP statuses', () => {
  it.each<[number, A2AErrorCode, boolean | undefined]>([
    [401, A2AErrorCode.AuthenticationError, undefined],
    [403, A2AErrorCode.AuthenticationError, undefined],
    [500, A2AErrorCode.UpstreamError, false],
    [501, A2AErrorCode.UpstreamError, false],
    [502, A2AErrorCode.UpstreamError, true],
    [503, A2AErrorCode.UpstreamError, true],
    [504, A2AErrorCode.UpstreamError, true],
    [429, A2AErrorCode.RateLimitExceeded, undefined],
    [413, A2AErrorCode.InvalidRequest, undefined],
  ])('HTTP %i → %s (retryable: %s)', async (status, code, retryable) => {
    const server = await serve((_, res) => {
      res.writeHead(status, { 'content-type': 'text/html' });
      res.end('<h1>nope</h1>');
    });
    const error = await errorOf(
      client().fetchFor(spec(server.origin, 'bearer', { token: 't' }))(`${server.origin}/`),
    );
    expect(error.code).toBe(code);
    expect(error.details.status).toBe(status);
    expect(error.details.agentName).toBe('agent');
    expect(error.details.retryable).toBe(retryable);
    expect(error.message).toContain(`HTTP ${status}`);
  });

  it('reads Retry-After (seconds) into retryAfterMs', async () => {
    const server = await serve((_, res) => {
      res.writeHead(503, { 'retry-after': '7' });
      res.end();
    });
    const error = await errorOf(client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`));
    expect(error.details).toMatchObject({ status: 503, retryable: true, retryAfterMs: 7_000 });
  });

  it.each([500, 503])(
    'passes a %i with a JSON-RPC error body through to the protocol client',
    async (status) => {
      const body = { jsonrpc: '2.0', id: 1, error: { code: -32603, message: 'Internal error' } };
      const server = await serve((_, res) => json(res, status, body));
      const response = await client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`, {
        method: 'POST',
        body: '{}',
      });
      expect(response.status).toBe(status);
      expect(response.headers.get('content-type')).toBe('application/json');
      expect(await response.json()).toEqual(body);
    },
  );

  it('a 5xx whose JSON body has no error member is an UPSTREAM_ERROR', async () => {
    const server = await serve((_, res) => json(res, 502, { message: 'bad gateway' }));
    const error = await errorOf(client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`));
    expect(error).toMatchObject({
      code: A2AErrorCode.UpstreamError,
      details: { status: 502, retryable: true },
    });
  });

  it.each([200, 201, 400, 404])('leaves HTTP %i to the protocol client', async (status) => {
    const server = await serve((_, res) => json(res, status, { status }));
    const response = await client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`);
    expect(response.status).toBe(status);
    expect(await response.json()).toEqual({ status });
  });
});

// ---- size cap ----------------------------------------------------------------------------------------

describe('OutboundHttp: response size cap', () => {
  const MAX = 1_024;

  it('refuses a declared content-length above the cap (RESPONSE_TOO_LARGE)', async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(MAX + 1) });
      res.end('x'.repeat(MAX + 1));
    });
    const error = await errorOf(
      client({ maxResponseBytes: MAX }).fetchFor(spec(server.origin, 'none'))(`${server.origin}/`),
    );
    expect(error.code).toBe(A2AErrorCode.ResponseTooLarge);
    expect(error.details).toMatchObject({ agentName: 'agent', maxBytes: MAX });
  });

  it('cuts a chunked body off when it grows past the cap', async () => {
    const server = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }); // no content-length: chunked
      for (let i = 0; i < 4; i++) res.write('y'.repeat(512));
      res.end();
    });
    // Non-streaming bodies are read (and counted) before the response is handed on.
    const error = await errorOf(
      client({ maxResponseBytes: MAX }).fetchFor(spec(server.origin, 'none'))(`${server.origin}/`),
    );
    expect(error.code).toBe(A2AErrorCode.ResponseTooLarge);
  });

  it.each([
    ['content-length', true],
    ['chunked', false],
  ])('lets a body of exactly the cap through (%s)', async (_, declared) => {
    const server = await serve((_, res) => {
      res.writeHead(200, declared ? { 'content-length': String(MAX) } : {});
      res.write('z'.repeat(MAX / 2));
      res.end('z'.repeat(MAX / 2));
    });
    const response = await client({ maxResponseBytes: MAX }).fetchFor(spec(server.origin, 'none'))(
      `${server.origin}/`,
    );
    expect((await response.text()).length).toBe(MAX);
  });

  it('does not cap SSE streams', async () => {
    const event = `data: ${JSON.stringify({ result: { statusUpdate: { text: 'x'.repeat(200) } } })}\n\n`;
    const server = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (let i = 0; i < 50; i++) res.write(event);
      res.end();
    });
    const response = await client({ maxResponseBytes: MAX }).fetchFor(spec(server.origin, 'none'))(
      `${server.origin}/`,
    );
    const text = await response.text();
    expect(text.length).toBe(event.length * 50);
    expect(text.length).toBeGreaterThan(MAX * 10);
  });

  it('hands an SSE answer over as it arrives: status, headers, and a body a protocol client pipes', async () => {
    let sendRest!: () => void;
    const server = await serve((_, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'x-agent': 'a' });
      res.write('data: one\n\n');
      sendRest = () => res.end('data: two\n\n');
    });
    const response = await client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`);
    expect([response.ok, response.status, response.headers.get('x-agent')]).toEqual([true, 200, 'a']);
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    expect((await reader.read()).value).toBe('data: one\n\n'); // before the agent sent the rest
    sendRest();
    expect((await reader.read()).value).toBe('data: two\n\n');
    expect((await reader.read()).done).toBe(true);
  });

  it('closes the agent’s connection when the reader cancels an SSE body', async () => {
    let closed!: Promise<void>;
    const server = await serve((_, res) => {
      closed = new Promise((resolve) => res.on('close', () => resolve()));
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write('data: one\n\n');
    });
    const response = await client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`);
    const reader = response.body!.getReader();
    await reader.read();
    await reader.cancel();
    await closed;
  });
});

// ---- redirects ---------------------------------------------------------------------------------------

describe('OutboundHttp: redirects', () => {
  it('follows a same-origin redirect, with the credentials', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/old') {
        res.writeHead(302, { location: '/new?x=1' });
        return res.end();
      }
      res.end(`at ${req.url}`);
    });
    const response = await client().fetchFor(spec(server.origin, 'bearer', { token: 't' }))(
      `${server.origin}/old`,
    );
    expect(await response.text()).toBe('at /new?x=1');
    expect(server.seen.map((s) => [s.url, s.headers.authorization])).toEqual([
      ['/old', 'Bearer t'],
      ['/new?x=1', 'Bearer t'],
    ]);
  });

  it('refuses a cross-origin redirect (OUTBOUND_URL_NOT_ALLOWED) without contacting the other host', async () => {
    const other = await serve((_, res) => res.end('should not be reached'));
    const server = await serve((_, res) => {
      res.writeHead(307, { location: `${other.origin}/steal` });
      res.end();
    });
    const error = await errorOf(
      client().fetchFor(spec(server.origin, 'bearer', { token: 't' }))(`${server.origin}/`),
    );
    expect(error.code).toBe(A2AErrorCode.OutboundUrlNotAllowed);
    expect(error.message).toContain(`127.0.0.1:${other.port}`);
    expect(other.seen).toHaveLength(0);
  });

  it('gives up after maxRedirects (PROTOCOL_ERROR)', async () => {
    const server = await serve((_, res) => {
      res.writeHead(301, { location: '/loop' });
      res.end();
    });
    const error = await errorOf(
      client({ maxRedirects: 2 }).fetchFor(spec(server.origin, 'none'))(`${server.origin}/loop`),
    );
    expect(error.code).toBe(A2AErrorCode.ProtocolError);
    expect(error.message).toMatch(/more than 2 times/);
    expect(server.seen).toHaveLength(3);
  });
});

// ---- transport errors and the SSRF policy ------------------------------------------------------------

describe('OutboundHttp: transport errors', () => {
  it('connection refused → CONNECTION_ERROR, retryable (the agent cannot have acted)', async () => {
    const port = await freePort();
    const error = await errorOf(
      client().fetchFor(spec(`http://127.0.0.1:${port}`, 'none'))(`http://127.0.0.1:${port}/`),
    );
    expect(error.code).toBe(A2AErrorCode.ConnectionError);
    expect(error.details).toMatchObject({ agentName: 'agent', retryable: true, cause: 'ECONNREFUSED' });
  });

  it('a connection dropped after the request was sent → CONNECTION_ERROR, not retryable', async () => {
    const server = await serve((_, res) => res.socket?.destroy());
    const error = await errorOf(
      client().fetchFor(spec(server.origin, 'none'))(`${server.origin}/`, { method: 'POST', body: '{}' }),
    );
    expect(error.code).toBe(A2AErrorCode.ConnectionError);
    expect(error.details.retryable).toBe(false);
    expect(server.seen).toHaveLength(1);
  });

  it('an aborted signal → its A2AError reason; AbortSignal.timeout → TIMEOUT; any other abort → CANCELED', async () => {
    const server = await serve(() => undefined); // never answers
    const fetch = client().fetchFor(spec(server.origin, 'none'));
    const abortLater = (reason?: unknown) => {
      const controller = new AbortController();
      setTimeout(() => controller.abort(reason), 30);
      return controller.signal;
    };
    const timeout = A2AError.timeout('agent', 30);
    expect(await errorOf(fetch(`${server.origin}/`, { signal: abortLater(timeout) }))).toBe(timeout);
    expect((await errorOf(fetch(`${server.origin}/`, { signal: AbortSignal.timeout(30) }))).code).toBe(
      A2AErrorCode.Timeout,
    );
    expect((await errorOf(fetch(`${server.origin}/`, { signal: abortLater() }))).code).toBe(
      A2AErrorCode.Canceled,
    );
  });
});

describe('OutboundHttp: SSRF policy (allowPrivate = false)', () => {
  it.each(['127.0.0.1', 'localhost', '[::ffff:127.0.0.1]'])('refuses %s, nothing sent', async (host) => {
    const server = await serve((_, res) => res.end('reached'));
    const url = `http://${host}:${server.port}/`;
    const error = await errorOf(
      client({ policy: new OutboundPolicy(false) }).fetchFor(spec(url, 'none'))(url),
    );
    expect(error.code).toBe(A2AErrorCode.OutboundUrlNotAllowed);
    expect(server.seen).toHaveLength(0);
  });

  /** The policy with its check of the URL as written turned off, to reach the connect-time DNS check. */
  class DnsCheckOnly extends OutboundPolicy {
    override assertAllowedUrl(url: URL): URL {
      return url;
    }
  }

  it('refuses a hostname that resolves to 127.0.0.1 at connect time (localhost through DNS)', async () => {
    const server = await serve((_, res) => res.end('reached'));
    const url = `http://localhost:${server.port}/`;
    const error = await errorOf(client({ policy: new DnsCheckOnly(false) }).fetchFor(spec(url, 'none'))(url));
    expect(error.code).toBe(A2AErrorCode.OutboundUrlNotAllowed);
    expect(error.message).toMatch(/resolves to a private address/);
    expect(server.seen).toHaveLength(0);
  });

  it('refuses this machine’s own hostname when it resolves to a private address', async () => {
    const name = hostname();
    const resolved = await lookup(name, { all: true }).catch(() => []);
    if (!resolved.some((a) => isPrivateAddress(a.address))) return; // nothing to show on this host
    const server = await serve((_, res) => res.end('reached'));
    const url = `http://${name}:${server.port}/`;
    const error = await errorOf(
      client({ policy: new OutboundPolicy(false) }).fetchFor(spec(url, 'none'))(url),
    );
    expect(error.code).toBe(A2AErrorCode.OutboundUrlNotAllowed);
    expect(server.seen).toHaveLength(0);
  });

  it('the same targets are reachable with allowPrivate = true', async () => {
    const server = await serve((_, res) => res.end('reached'));
    for (const host of ['127.0.0.1', 'localhost']) {
      const url = `http://${host}:${server.port}/`;
      expect(await (await client().fetchFor(spec(url, 'none'))(url)).text()).toBe('reached');
    }
  });
});
