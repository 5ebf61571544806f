/**
 * The pipeline's retry rule with the real A2AAdapter over real HTTP: a minimal v1.0 agent on 127.0.0.1
 * (a card and a JSON-RPC endpoint that answers with an HTTP error status), to check that the
 * retryability OutboundHttp gives a 502/503/504 survives the adapter's JSON-RPC client on its way to the gateway.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2AAdapter } from '../adapters/a2a/a2a.adapter';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { A2AGateway } from './a2a-gateway';
import { AgentConfig } from './agent-config';
import { AgentState, type InvocationRecord } from './ports';

/** A server on 127.0.0.1 that notes every request ("GET /path") and lets `answer` reply once its body is in. */
async function httpServer(answer: (req: IncomingMessage, res: ServerResponse, url: string) => void) {
  const seen: string[] = [];
  let url = '';
  const server = createServer((req, res) => {
    seen.push(`${req.method} ${req.url}`);
    req.resume();
    req.on('end', () => answer(req, res, url));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A minimal v1.0 card whose JSON-RPC interface is `url`. */
const cardOf = (url: string) => ({
  name: 'stub',
  description: 'a minimal v1.0 agent',
  version: '1.0.0',
  supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
  capabilities: {},
  defaultInputModes: ['text/plain'],
  defaultOutputModes: ['text/plain'],
  skills: [],
});

/** Serves its card; every other request is answered by `answer` (an HTTP error) and counted. */
async function failingAgent(answer: (res: ServerResponse) => void) {
  let calls = 0;
  const server = await httpServer((req, res, url) => {
    if (req.method === 'GET' && req.url === '/.well-known/agent-card.json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      return res.end(JSON.stringify(cardOf(url)));
    }
    calls++;
    answer(res);
  });
  return { url: server.url, calls: () => calls, close: server.close };
}

async function run(answer: (res: ServerResponse) => void) {
  const agent = await failingAgent(answer);
  const records: InvocationRecord[] = [];
  const gateway = new A2AGateway({
    allowPrivateNetworks: true,
    adapters: [new A2AAdapter()],
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    metrics: { record: (r) => records.push(r) },
  });
  gateway.registerAgent(new AgentConfig('failing', agent.url).withTimeout(5_000));
  try {
    const error = await gateway.sendMessage('failing', 'hi').then(
      () => undefined,
      (e: unknown) => e,
    );
    return { error: error as A2AError, calls: agent.calls(), records };
  } finally {
    await gateway.close();
    await agent.close();
  }
}

describe('A2AGateway + A2AAdapter: retries of HTTP 5xx over real HTTP', () => {
  it('retries a 503 with a non-JSON body (maxRetries 2 → 3 calls)', async () => {
    const { error, calls, records } = await run((res) => {
      res.writeHead(503, { 'content-type': 'text/html' });
      res.end('<h1>Service Unavailable</h1>');
    });
    expect(A2AError.is(error, A2AErrorCode.UpstreamError)).toBe(true);
    expect(error.details).toMatchObject({ status: 503, retryable: true });
    expect(calls).toBe(3);
    expect(records).toEqual([expect.objectContaining({ ok: false, attempts: 3 })]);
  });

  it('does not retry a 500', async () => {
    const { error, calls } = await run((res) => {
      res.writeHead(500, { 'content-type': 'text/plain' });
      res.end('boom');
    });
    expect(A2AError.is(error, A2AErrorCode.UpstreamError)).toBe(true);
    expect(calls).toBe(1);
  });

  // OutboundHttp passes a 5xx with a JSON `{"error": …}` body on to the protocol client (it could be a
  // JSON-RPC error): one that is not JSON-RPC (the hello agent's `error:503`, google.rpc.Status bodies
  // of proxies) must still be the retryable HTTP failure it is.
  it('retries a 503 whose body is a JSON error object', async () => {
    const { error, calls } = await run((res) => {
      res.writeHead(503, { 'content-type': 'application/json' });
      res.end(
        JSON.stringify({ error: { code: 503, message: 'Service Unavailable', status: 'UNAVAILABLE' } }),
      );
    });
    expect(A2AError.is(error, A2AErrorCode.UpstreamError)).toBe(true);
    expect(error.details.retryable).toBe(true);
    expect(calls).toBe(3);
  });
});

describe('A2AGateway.probe over real HTTP', () => {
  function gatewayFor(provider: 'a2a' | 'openai', url: string) {
    const records: InvocationRecord[] = [];
    const gateway = new A2AGateway({
      allowPrivateNetworks: true,
      metrics: { record: (r) => records.push(r) },
      retry: { maxRetries: 0 },
    });
    gateway.registerAgent(
      new AgentConfig('probed', url)
        .withProvider(provider)
        .withProviderConfig(provider === 'openai' ? { model: 'gpt-test' } : {})
        .withTimeout(2_000),
    );
    return { gateway, records };
  }

  it('A2A: reads the card again on every probe (past the cached connection), records no call', async () => {
    const agent = await httpServer((_, res, url) =>
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(cardOf(url))),
    );
    const { gateway, records } = gatewayFor('a2a', agent.url);
    try {
      await gateway.agentCard('probed'); // connects: the card is cached from here on
      expect((await gateway.probe('probed')).status).toBe('ok');
      expect((await gateway.probe('probed')).status).toBe('ok');
      expect(gateway.agentState('probed')).toBe(AgentState.Healthy);
      expect(agent.seen).toEqual(Array(3).fill('GET /.well-known/agent-card.json'));
      expect(records.map((r) => r.operation)).toEqual(['card']);
    } finally {
      await gateway.close();
      await agent.close();
    }
  });

  it('A2A: a card that cannot be read fails the probe and counts against the agent', async () => {
    const agent = await httpServer((_, res) => res.writeHead(503).end('down'));
    const { gateway } = gatewayFor('a2a', agent.url);
    try {
      const result = await gateway.probe('probed');
      expect(result).toMatchObject({ status: 'failed', error: { code: A2AErrorCode.UpstreamError } });
      expect(gateway.agentState('probed')).toBe(AgentState.Degraded);
      expect(agent.seen[0]).toBe('GET /.well-known/agent-card.json');
    } finally {
      await gateway.close();
      await agent.close();
    }
  });

  it('a provider without a health check: its URL answering HTTP (even 404) is up; 5xx or no answer is not', async () => {
    const agent = await httpServer((req, res) =>
      res.writeHead(req.url === '/down/' ? 502 : 404, { 'content-type': 'text/plain' }).end('no'),
    );
    const up = gatewayFor('openai', agent.url);
    const erroring = gatewayFor('openai', `${agent.url}down/`);
    try {
      expect(await up.gateway.probe('probed')).toEqual({ status: 'ok', latencyMs: expect.any(Number) });
      expect(up.gateway.agentState('probed')).toBe(AgentState.Healthy);
      expect(await erroring.gateway.probe('probed')).toMatchObject({
        status: 'failed',
        error: { code: A2AErrorCode.UpstreamError, details: { status: 502 } },
      });
      expect(agent.seen).toEqual(['GET /', 'GET /down/']);
      await agent.close();
      expect(await up.gateway.probe('probed')).toMatchObject({
        status: 'failed',
        error: { code: A2AErrorCode.ConnectionError },
      });
      expect(up.gateway.agentState('probed')).toBe(AgentState.Degraded);
      expect([...up.records, ...erroring.records]).toEqual([]);
    } finally {
      await up.gateway.close();
      await erroring.gateway.close();
      await agent.close();
    }
  });
});
