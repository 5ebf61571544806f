import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { TestApi } from './harness';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { connectMcp, createServer } from './mcp/mcp-client';
import { freePort } from './replica.process';

type RpcError = { code: number; message: string; data?: unknown };
type ErrorInfo = { '@type': string; reason?: string; domain?: string; metadata?: Record<string, string> };

const message = (text: string) => ({ messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text }] });
const v03Message = (text: string) => ({
  kind: 'message',
  messageId: crypto.randomUUID(),
  role: 'user',
  parts: [{ kind: 'text', text }],
});

/**
 * Every refusal of the gateway's own (rate limit, budget, open circuit, timeout, unreachable agent) says what
 * happened, in each door's own terms: A2A v1.0 (ErrorInfo reason + RetryInfo), A2A v0.3 (`data.code`), REST
 * (status + Retry-After) and MCP (`isError` with `structuredContent.error`).
 */
describe('the gateway’s refusals, at every door', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  let mcp: Client;

  beforeAll(async () => {
    hello = await startHelloAgentProcess('1.0');
    api = await TestApi.start({
      A2A_MAX_RETRIES: '0',
      A2A_CIRCUIT_FAILURE_THRESHOLD: '5', // one more than the four doors below call each agent
      A2A_CIRCUIT_COOLDOWN_MS: '60000',
    });
    await api.reset();
    // A port nothing listens on: calls to it are refused (CONNECTION_ERROR).
    const gone = `http://127.0.0.1:${await freePort()}`;
    const agents = await Promise.all([
      api.createAgent({ name: 'limited', endpointUrl: hello.url, rateLimitRpm: 1 }),
      api.createAgent({ name: 'priced', endpointUrl: hello.url, costPerRequest: 1, budget: { perDay: 1 } }),
      api.createAgent({ name: 'slow', endpointUrl: hello.url, timeoutMs: 300 }),
      api.createAgent({ name: 'gone', endpointUrl: gone }),
      api.createAgent({ name: 'tripped', endpointUrl: gone }),
    ]);
    const server = await createServer(api, { name: 'refusals', associatedAgents: agents.map((a) => a.id) });
    mcp = await connectMcp(server.mcpUrl, api.adminToken);
    // Spend what there is to spend, and open the circuit of `tripped`.
    expect((await api.post('/a2a/limited/invoke', { message: 'ping' })).status).toBe(200);
    expect((await api.post('/a2a/priced/invoke', { message: 'ping' })).status).toBe(200);
    for (let i = 0; i < 5; i++) await api.post('/a2a/tripped/invoke', { message: 'ping' });
  });
  afterAll(async () => {
    await mcp?.close();
    await api.close();
    await hello.close();
  });

  const rpc = async (slug: string, body: object, version: string) =>
    (
      await api.post<{ error?: RpcError; result?: unknown }>(`/a2a/${slug}/jsonrpc`, body, {
        headers: { 'a2a-version': version },
      })
    ).body;

  describe.each([
    // agent, text, code, REST status, has retryAfterMs
    ['limited', 'ping', 'RATE_LIMIT_EXCEEDED', 429, true],
    ['priced', 'ping', 'BUDGET_EXCEEDED', 402, true],
    ['tripped', 'ping', 'AGENT_UNAVAILABLE', 503, true],
    ['slow', 'slow:3000', 'TIMEOUT', 504, false],
    ['gone', 'ping', 'CONNECTION_ERROR', 502, false],
  ] as const)('%s: %s → %s', (agent, text, code, status, retries) => {
    it('v1.0 JSON-RPC: -32603 with an ErrorInfo naming it, and RetryInfo when waiting helps', async () => {
      const { error } = await rpc(
        agent,
        { jsonrpc: '2.0', id: 1, method: 'SendMessage', params: { message: message(text) } },
        '1.0',
      );
      expect(error?.code).toBe(-32603);
      const details = error?.data as ErrorInfo[];
      const info = details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.ErrorInfo');
      expect(info).toMatchObject({ reason: code, domain: 'switchboard', metadata: { agent } });
      const retry = details.find((d) => d['@type'] === 'type.googleapis.com/google.rpc.RetryInfo');
      if (retries) {
        expect(Number(info?.metadata?.retryAfterMs)).toBeGreaterThan(0);
        expect(retry).toMatchObject({ retryDelay: expect.stringMatching(/^\d+\.\d{3}s$/) });
      } else expect(retry).toBeUndefined();
    });

    it('v0.3 JSON-RPC: -32603 with data.code, and data.retryAfterMs when waiting helps', async () => {
      const { error } = await rpc(
        agent,
        { jsonrpc: '2.0', id: 'a', method: 'message/send', params: { message: v03Message(text) } },
        '0.3',
      );
      expect(error?.code).toBe(-32603);
      const data = error?.data as { code: string; agent: string; retryAfterMs?: number };
      expect(data).toMatchObject({ code, agent });
      if (retries) expect(data.retryAfterMs).toBeGreaterThan(0);
      else expect(data.retryAfterMs).toBeUndefined();
    });

    it(`REST: HTTP ${status}${retries ? ' with Retry-After' : ''}`, async () => {
      const res = await api.post<{ code: string }>(`/a2a/${agent}/invoke`, { message: text });
      expect(res.status).toBe(status);
      expect(res.body.code).toBe(code);
      if (retries) expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
      else expect(res.headers.get('retry-after')).toBeNull();
    });

    it('MCP tools/call: isError, with the code in structuredContent.error', async () => {
      const result = await mcp.callTool({ name: agent, arguments: { message: text } });
      expect(result.isError).toBe(true);
      const { error } = result.structuredContent as { error: { code: string; retryAfterMs?: number } };
      expect(error.code).toBe(code);
      if (retries) expect(error.retryAfterMs).toBeGreaterThan(0);
      else expect(error.retryAfterMs).toBeUndefined();
    });
  });
});
