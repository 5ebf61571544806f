/**
 * The pipeline's retry rule with the real A2AAdapter over real HTTP: a minimal v1.0 agent on 127.0.0.1
 * (a card and a JSON-RPC endpoint that answers with an HTTP error status), to check that the
 * retryability OutboundHttp gives a 502/503/504 survives the SDK client on its way to the gateway.
 */
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2AAdapter } from '../adapters/a2a/a2a.adapter';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { A2AGateway } from './a2a-gateway';
import { AgentConfig } from './agent-config';
import type { InvocationRecord } from './ports';

async function failingAgent(answer: (res: ServerResponse) => void) {
  let calls = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/.well-known/agent-card.json') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(card));
      }
      calls++;
      answer(res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const card = {
    name: 'failing',
    description: 'answers every call with an HTTP error',
    version: '1.0.0',
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: {},
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [],
  };
  return {
    url,
    calls: () => calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
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

  // BUG (see report): OutboundHttp passes a 5xx with a JSON `{"error": …}` body through to the SDK (as a
  // protocol error body); the SDK then throws "… Status: 503 …" and fromSdkError() rebuilds an
  // UPSTREAM_ERROR with the status but without `retryable`, so 502/503/504 with a JSON error body (the
  // hello agent's `error:503`, google.rpc.Status bodies of proxies) are never retried. Remove `.failing`
  // once fixed.
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
