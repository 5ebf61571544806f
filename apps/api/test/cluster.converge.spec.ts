import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AgentRead } from '@switchboard/api-contract';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { ErrorBody, HttpApi } from './harness';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { connectMcp } from './mcp/mcp-client';
import { startReplica, type ReplicaProcess } from './replica.process';
import { FaultProxy } from './support/fault-proxy';
import { createTestDatabase, type TestDatabase } from './test-database';

/** The Redis this machine runs (CI too); override with TEST_REDIS_URL. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
/** What a principal verified once is trusted for without a database read (PRINCIPAL_TTL_MS). */
const CREDENTIAL_CACHE_MS = 30_000;

const onServer = process.env.SWITCHBOARD_TEST_DB === 'server';
if (!onServer)
  process.stdout.write('\nSkipping the convergence tests: they need DATABASE_URL (a real PostgreSQL)\n');

/** Polls every 100 ms until `predicate` holds; resolves with the time it took, fails after `ms`. */
async function within(ms: number, predicate: () => Promise<boolean>): Promise<number> {
  const start = Date.now();
  while (!(await predicate())) {
    if (Date.now() - start > ms) throw new Error(`condition not met within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return Date.now() - start;
}

/** A replica's Redis connections go through a proxy of the test's own, so Redis can be cut per replica. */
interface Node {
  replica: ReplicaProcess;
  redis: FaultProxy;
}

/**
 * Replicas converge on what the database says after Redis comes back, and bound their drift even when a
 * catalog event is lost outright. A and B never look on a timer here (CATALOG_CHECK_INTERVAL_MS=10 min), so
 * what they catch up with they owe to the reconnect; C looks every second.
 */
(onServer ? describe : describe.skip)('replicas converge after Redis returns', () => {
  const prefix = `sb-converge-${randomBytes(4).toString('hex')}`;
  /** A database of its own: what the replicas converge on is only what this spec wrote. */
  let db: TestDatabase;
  let agent: HelloAgentProcess;
  let a: Node;
  let b: Node;
  const started: Node[] = [];
  const proxies: FaultProxy[] = [];

  const invoke = (api: HttpApi, name: string) =>
    api.post<ErrorBody>(`/a2a/${name}/invoke`, { message: 'ping' });
  const redisState = async (node: Node) =>
    (await node.replica.api.get<{ redis: string }>('/ready', { token: null })).body.redis;

  async function startNode(checkIntervalMs: number): Promise<Node> {
    const url = new URL(REDIS_URL);
    const redis = await FaultProxy.to(url.toString(), 6379);
    proxies.push(redis);
    const replica = await startReplica({
      DATABASE_URL: db.url,
      REDIS_URL: `redis://127.0.0.1:${redis.port}`,
      REDIS_KEY_PREFIX: prefix,
      CATALOG_CHECK_INTERVAL_MS: String(checkIntervalMs),
    });
    const node = { replica, redis };
    started.push(node);
    return node;
  }

  async function cut(...nodes: Node[]) {
    for (const node of nodes) await node.redis.refuse();
    for (const node of nodes) await within(5_000, async () => (await redisState(node)) === 'down');
  }

  async function restore(...nodes: Node[]) {
    for (const node of nodes) await node.redis.pass();
  }

  beforeAll(async () => {
    const probe = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await probe.connect().catch((error: Error) => {
      throw new Error(`These tests need Redis at ${REDIS_URL} (set TEST_REDIS_URL): ${error.message}`);
    });
    probe.disconnect();
    const server = new URL(process.env.DATABASE_URL!);
    server.pathname = '/postgres';
    db = await createTestDatabase(server.toString());
    agent = await startHelloAgentProcess();
    [a, b] = await Promise.all([startNode(600_000), startNode(600_000)]);
  }, 120_000);

  afterAll(async () => {
    await Promise.all(started.map((n) => n.replica.stop()));
    for (const proxy of proxies) await proxy.close();
    await agent?.close();
    await db?.drop();
    const redis = new Redis(REDIS_URL);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('an agent, a server edit and a token revocation made on A while Redis was away reach B once it is back', async () => {
    const base = await a.replica.api.createAgent({ name: 'converge_base', endpointUrl: agent.url });
    const server = await a.replica.api.post<{ id: string }>('/servers', { name: `converge-${prefix}` });
    expect(server.status).toBe(201);
    const toolsOnB = async () =>
      (await b.replica.api.get<{ tools: unknown[] }>(`/servers/${server.body.id}/tools`)).body.tools.length;
    // B holds the server's view and a verified token in memory.
    expect(await toolsOnB()).toBe(0);
    const created = await a.replica.api.post<{ id: string; token: string }>('/auth/tokens', {
      name: 'converge',
    });
    const token = created.body.token;
    const verifiedAt = Date.now();
    expect((await b.replica.api.get('/a2a', { token })).status).toBe(200);

    await cut(a, b);
    await a.replica.api.createAgent({ name: 'made_while_cut', endpointUrl: agent.url });
    const edit = await a.replica.api.put(`/servers/${server.body.id}`, { associatedAgents: [base.id] });
    expect(edit.status).toBe(200);
    expect((await a.replica.api.delete(`/auth/tokens/${created.body.id}`)).status).toBe(204);
    // Nothing reached B: it does not know the agent and still trusts what it verified.
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await invoke(b.replica.api, 'made_while_cut')).status).toBe(404);
    expect((await b.replica.api.get('/a2a', { token })).status).toBe(200);
    expect(await toolsOnB()).toBe(0);

    await restore(a, b);
    const agentAfter = await within(
      10_000,
      async () => (await invoke(b.replica.api, 'made_while_cut')).status === 200,
    );
    expect(agentAfter).toBeLessThan(10_000);
    await within(2_000, async () => (await toolsOnB()) === 1);
    await within(2_000, async () => (await b.replica.api.get('/a2a', { token })).status === 401);
    // Refused because B re-checked, not because its cache ran out.
    expect(Date.now() - verifiedAt).toBeLessThan(CREDENTIAL_CACHE_MS);
  }, 60_000);

  it('when only A lost Redis, B catches up with what A wrote as soon as A is back', async () => {
    await within(10_000, async () => (await redisState(a)) === 'up' && (await redisState(b)) === 'up');
    await cut(a);
    const made = await a.replica.api.createAgent({ name: 'made_while_a_cut', endpointUrl: agent.url });
    await new Promise((r) => setTimeout(r, 1_000));
    expect((await invoke(b.replica.api, 'made_while_a_cut')).status).toBe(404);
    await restore(a);
    // B never lost Redis: it looks because A asks every replica to, once it is back.
    await within(10_000, async () => (await invoke(b.replica.api, 'made_while_a_cut')).status === 200);
    await a.replica.api.delete(`/a2a/${made.id}`);
    await within(2_000, async () => (await invoke(b.replica.api, 'made_while_a_cut')).status === 404);
  }, 60_000);

  it('an MCP session opened on A while Redis was away is served through B once it is back', async () => {
    await within(10_000, async () => (await redisState(a)) === 'up');
    const server = await a.replica.api.post<{ id: string }>('/servers', { name: `sessions-${prefix}` });
    const path = `/servers/${server.body.id}/mcp`;
    await cut(a);
    const onA = await connectMcp(a.replica.api.baseUrl + path, a.replica.api.adminToken);
    const headers = {
      accept: 'application/json, text/event-stream',
      'mcp-session-id': (onA.transport as StreamableHTTPClientTransport).sessionId!,
      'mcp-protocol-version': '2025-11-25',
    };
    const listThroughB = () =>
      b.replica.api.request('POST', path, { body: { jsonrpc: '2.0', id: 1, method: 'tools/list' }, headers });
    expect((await listThroughB()).status).toBe(404); // B cannot know whose session it is
    await restore(a);
    await within(10_000, async () => (await listThroughB()).status === 200);
    await onA.close();
  }, 60_000);

  it('an event lost outright (a row written in SQL) is caught by the periodic check', async () => {
    const c = await startNode(1_000);
    const sql = new Client({ connectionString: db.url });
    await sql.connect();
    try {
      await sql.query(
        `INSERT INTO agents (name, slug, endpoint_url, provider, protocol_version, capabilities, config,
           provider_config, auth_type, tags, enabled, timeout_ms)
         VALUES ('written_in_sql', 'written-in-sql', $1, 'a2a', '1.0', '{}', '{}', '{}', 'none', '{}', true, 5000)`,
        [agent.url],
      );
      const took = await within(
        5_000,
        async () => (await invoke(c.replica.api, 'written_in_sql')).status === 200,
      );
      expect(took).toBeLessThan(3_000);
      // A looks only on a reconnect: no event, no reconnect, so it has not seen it — the check is what did.
      expect((await invoke(a.replica.api, 'written_in_sql')).status).toBe(404);
      const listed = await c.replica.api.get<{ items: AgentRead[] }>('/a2a?q=written_in_sql');
      expect(listed.body.items).toHaveLength(1);

      await sql.query(`DELETE FROM agents WHERE name = 'written_in_sql'`);
      await within(3_000, async () => (await invoke(c.replica.api, 'written_in_sql')).status === 404);
    } finally {
      await sql.end();
    }
  }, 90_000);
});
