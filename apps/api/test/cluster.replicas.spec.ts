import { ToolListChangedNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { AgentRead } from '@switchboard/api-contract';
import Redis from 'ioredis';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { hashPassword } from '../src/auth/utils/password.util';
import type { ErrorBody, HttpApi } from './harness';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { connectMcp, eventually } from './mcp/mcp-client';
import { startReplica, type ReplicaProcess } from './replica.process';
import { FaultProxy } from './support/fault-proxy';

/** The Redis this machine runs (CI too); override with TEST_REDIS_URL. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

interface TaskBody {
  task: { id: string; status: { state: string } };
}

/**
 * Several processes need a real PostgreSQL: the embedded one serves every connection through one session,
 * which is right for one process (`npm start`) and wrong for two. Run with DATABASE_URL (CI does).
 */
const onServer = process.env.SWITCHBOARD_TEST_DB === 'server';
if (!onServer)
  process.stdout.write('\nSkipping the two-replica tests: they need DATABASE_URL (a real PostgreSQL)\n');

/**
 * Two API processes on one PostgreSQL and one Redis, as behind any load balancer: they behave as one
 * gateway. Redis is reached through a TCP proxy so a test can take it away and bring it back.
 */
(onServer ? describe : describe.skip)('two replicas on one PostgreSQL and one Redis', () => {
  const prefix = `sb-test-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let redisProxy: FaultProxy;
  let agent: HelloAgentProcess;
  let a: ReplicaProcess;
  let b: ReplicaProcess;
  let agentId: string;
  const configDir = mkdtempSync(join(tmpdir(), 'switchboard-cluster-'));
  const configFile = join(configDir, 'switchboard.yaml');
  const writeConfig = (enabled: boolean) =>
    writeFileSync(
      configFile,
      `agents:\n  - name: cluster_file_agent\n    endpointUrl: \${CLUSTER_HELLO_URL}\n    enabled: ${enabled}\n`,
    );

  const invoke = (api: HttpApi, name: string, message = 'ping') =>
    api.post<TaskBody & ErrorBody>(`/a2a/${name}/invoke`, { message });

  const other = { email: `other-${prefix}@example.com`, password: 'pass-word-1' };

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect().catch((error: Error) => {
      throw new Error(
        `These tests need Redis at ${REDIS_URL} (set TEST_REDIS_URL to another one): ${error.message}`,
      );
    });
    redisProxy = await FaultProxy.to(REDIS_URL, 6379);
    agent = await startHelloAgentProcess();
    writeConfig(true);
    const env = {
      DATABASE_URL: process.env.DATABASE_URL!,
      REDIS_URL: `redis://127.0.0.1:${redisProxy.port}`,
      REDIS_KEY_PREFIX: prefix,
      AGENTS_FILE: configFile,
      CLUSTER_HELLO_URL: agent.url,
      LOGIN_RATE_LIMIT: '8',
      TRUST_PROXY: 'loopback',
    };
    // Together, as a rollout starts them: migrations and the catalog file take turns.
    [a, b] = await Promise.all([startReplica(env), startReplica(env)]);
    const db = new Client({ connectionString: process.env.DATABASE_URL });
    await db.connect();
    await db.query(`INSERT INTO users (email, password_hash, role) VALUES ($1, $2, 'admin')`, [
      other.email,
      await hashPassword(other.password),
    ]);
    await db.end();
    // Start from a catalog without this spec's names (the database is shared with other spec files).
    for (const name of ['cluster_hello', 'cluster_limited', 'cluster_budget']) {
      const found = await a.api.get<{ items: AgentRead[] }>(`/a2a?q=${name}`);
      for (const existing of found.body.items.filter((x) => x.name === name))
        await a.api.delete(`/a2a/${existing.id}`);
    }
  }, 120_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await agent?.close();
    await redisProxy?.close();
    rmSync(configDir, { recursive: true, force: true });
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('both are ready and reach Redis', async () => {
    for (const replica of [a, b]) {
      const ready = await replica.api.get('/ready', { token: null });
      expect(ready.body).toEqual({ status: 'ok', database: 'up', redis: 'up' });
    }
  });

  it('both applied the catalog file at start, once; SIGHUP on A applies an edit that B follows within 1 s', async () => {
    const found = await b.api.get<{ items: AgentRead[] }>('/a2a?q=cluster_file_agent');
    expect(found.body.items).toHaveLength(1);
    expect(found.body.items[0]).toMatchObject({ enabled: true, version: 1, createdVia: 'config' });
    expect((await invoke(b.api, 'cluster_file_agent')).status).toBe(200);

    writeConfig(false);
    a.child.kill('SIGHUP');
    await eventually(async () => (await invoke(b.api, 'cluster_file_agent')).status === 409, 1_000);
    expect(a.child.exitCode).toBeNull();
    const edited = await b.api.get<AgentRead>(`/a2a/${found.body.items[0].id}`);
    expect(edited.body).toMatchObject({ enabled: false, version: 2, modifiedBy: 'AGENTS_FILE' });
  });

  it('an agent registered on A is called through B within 1 s, and B follows its edits within 1 s', async () => {
    const created = await a.api.createAgent({ name: 'cluster_hello', endpointUrl: agent.url });
    agentId = created.id;
    const seenAt = Date.now();
    await eventually(async () => (await invoke(b.api, 'cluster_hello')).status === 200, 1_000);
    expect(Date.now() - seenAt).toBeLessThanOrEqual(1_000);

    expect((await a.api.post(`/a2a/${agentId}/toggle`)).status).toBe(200);
    await eventually(
      async () => (await invoke(b.api, 'cluster_hello')).body.code === 'AGENT_DISABLED',
      1_000,
    );
    expect((await a.api.post(`/a2a/${agentId}/toggle`)).status).toBe(200);
    await eventually(async () => (await invoke(b.api, 'cluster_hello')).status === 200, 1_000);
  });

  it('holds a 6 rpm limit across both replicas', async () => {
    const limited = await a.api.createAgent({
      name: 'cluster_limited',
      endpointUrl: agent.url,
      rateLimitRpm: 6,
    });
    // B knows the agent once a call there is anything but 404; that call took a token if it got through.
    let used = 0;
    await eventually(async () => {
      const res = await invoke(b.api, 'cluster_limited');
      if (res.status === 200) used++;
      return res.status !== 404;
    }, 1_000);
    const statuses: number[] = [];
    for (let i = used; i < 8; i++)
      statuses.push((await invoke(i % 2 ? a.api : b.api, 'cluster_limited')).status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(6 - used);
    expect(statuses.slice(6 - used)).toEqual([429, 429]);
    const refused = await invoke(a.api, 'cluster_limited');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    await a.api.delete(`/a2a/${limited.id}`);
  });

  it('holds a daily budget across both replicas', async () => {
    await a.api.createAgent({
      name: 'cluster_budget',
      endpointUrl: agent.url,
      costPerRequest: 1,
      budget: { perDay: 4 },
    });
    let calls = 0; // each successful call costs 1
    await eventually(async () => {
      const status = (await invoke(b.api, 'cluster_budget')).status;
      if (status === 200) calls++;
      return status !== 404;
    }, 1_000);
    while (calls < 4) {
      expect((await invoke(calls % 2 === 0 ? b.api : a.api, 'cluster_budget')).status).toBe(200);
      calls++;
    }
    await new Promise((resolve) => setTimeout(resolve, 200)); // the last call's cost reaches the other replica
    for (const api of [a.api, b.api]) {
      const refused = await invoke(api, 'cluster_budget');
      expect(refused.status).toBe(402);
      expect(refused.body.code).toBe('BUDGET_EXCEEDED');
    }
  });

  it('counts a client’s login attempts across both replicas', async () => {
    const attempt = (api: HttpApi) =>
      api.post(
        '/auth/login',
        { email: other.email, password: 'wrong' },
        {
          token: null,
          headers: { 'x-forwarded-for': '203.0.113.50' },
        },
      );
    const statuses: number[] = [];
    for (let i = 0; i < 10; i++) statuses.push((await attempt(i % 2 === 0 ? a.api : b.api)).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401, 401, 401, 401, 429, 429]);
  });

  it('a task started through A is read and cancelled through B', async () => {
    const started = await a.api.post<TaskBody>('/a2a/cluster_hello/invoke', {
      message: 'long',
      configuration: { returnImmediately: true },
    });
    expect(started.status).toBe(200);
    const id = started.body.task.id;
    const read = await b.api.get<TaskBody['task']>(`/a2a/cluster_hello/tasks/${id}`);
    expect(read.status).toBe(200);
    expect(read.body.status.state).toBe('TASK_STATE_WORKING');
    const canceled = await b.api.post<TaskBody['task']>(`/a2a/cluster_hello/tasks/${id}/cancel`);
    expect(canceled.status).toBe(200);
    expect(canceled.body.status.state).toBe('TASK_STATE_CANCELED');
    const again = await a.api.get<TaskBody['task']>(`/a2a/cluster_hello/tasks/${id}`);
    expect(again.body.status.state).toBe('TASK_STATE_CANCELED');
  });

  it('serves an MCP session opened on A through B, and sessions on B hear of edits made on A', async () => {
    const server = await a.api.post<{ id: string }>('/servers', {
      name: `cluster-${prefix}`,
      associatedAgents: [agentId],
    });
    expect(server.status).toBe(201);
    const path = `/servers/${server.body.id}/mcp`;

    const onA = await connectMcp(a.api.baseUrl + path, a.api.adminToken);
    const sessionId = (onA.transport as StreamableHTTPClientTransport).sessionId!;
    const headers = {
      accept: 'application/json, text/event-stream',
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-11-25',
    };
    // The same session through the other replica: a raw request, as a load balancer would send it.
    const listed = await b.api.request('POST', path, {
      body: { jsonrpc: '2.0', id: 7, method: 'tools/list' },
      headers,
    });
    expect(listed.status).toBe(200);
    expect(listed.text).toContain('"name":"cluster-hello"');
    const called = await b.api.request('POST', path, {
      body: {
        jsonrpc: '2.0',
        id: 8,
        method: 'tools/call',
        params: { name: 'cluster-hello', arguments: { message: 'hi' } },
      },
      headers,
    });
    expect(called.text).toContain('"state":"TASK_STATE_COMPLETED"');
    // Another user is not let into the session through the other replica either.
    const stranger = await b.api.request('POST', path, {
      body: { jsonrpc: '2.0', id: 9, method: 'tools/list' },
      headers,
      token: await b.api.login(other.email, other.password),
    });
    expect(stranger.status).toBe(404);

    const onB = await connectMcp(b.api.baseUrl + path, b.api.adminToken);
    let changed = 0;
    onB.setNotificationHandler(ToolListChangedNotificationSchema, () => void changed++);
    expect((await a.api.put(`/a2a/${agentId}`, { name: 'cluster_hello_2' })).status).toBe(200);
    await eventually(() => changed === 1, 1_000);
    expect((await onB.listTools()).tools.map((t) => t.name)).toEqual(['cluster-hello-2']);
    expect((await a.api.put(`/a2a/${agentId}`, { name: 'cluster_hello' })).status).toBe(200);
    await onA.close();
    await onB.close();
  });

  it('adds up the metrics of calls made through both', async () => {
    const count = async () => (await a.api.get<AgentRead>(`/a2a/${agentId}`)).body.metrics.invocations;
    await new Promise((r) => setTimeout(r, 1_500)); // earlier tests' rows are written by now
    const before = await count();
    for (let i = 0; i < 5; i++) expect((await invoke(a.api, 'cluster_hello')).status).toBe(200);
    for (let i = 0; i < 7; i++) expect((await invoke(b.api, 'cluster_hello')).status).toBe(200);
    // Each replica writes its own rows on its next flush tick (1 s).
    await eventually(async () => (await count()) >= before + 12, 5_000).catch(async (error: Error) => {
      throw new Error(`${error.message}: ${before} before, ${await count()} now`);
    });
    await new Promise((r) => setTimeout(r, 1_500));
    expect(await count()).toBe(before + 12);
  });

  it('keeps serving with Redis away, says so, and shares again once it returns', async () => {
    await redisProxy.refuse();
    for (const replica of [a, b])
      await eventually(
        async () =>
          (await replica.api.get<{ redis: string }>('/ready', { token: null })).body.redis === 'down',
        5_000,
      );
    const ready = await b.api.get('/ready', { token: null });
    expect(ready.status).toBe(200); // Redis is not needed to serve
    expect((await invoke(a.api, 'cluster_hello')).status).toBe(200);
    expect((await invoke(b.api, 'cluster_hello')).status).toBe(200);

    await redisProxy.pass();
    for (const replica of [a, b])
      await eventually(
        async () => (await replica.api.get<{ redis: string }>('/ready', { token: null })).body.redis === 'up',
        10_000,
      );
    // Catalog changes travel again (the subscriber reconnected and resubscribed).
    await eventually(async () => {
      await a.api.post(`/a2a/${agentId}/toggle`);
      const disabled = (await invoke(b.api, 'cluster_hello')).body.code === 'AGENT_DISABLED';
      await a.api.post(`/a2a/${agentId}/toggle`);
      return disabled;
    }, 10_000);
    // …and the last one, enabling it again, too.
    await eventually(async () => (await invoke(b.api, 'cluster_hello')).status === 200, 1_000);
  });

  it('when one replica dies mid-load, the other keeps serving', async () => {
    const results = { a: [] as number[], b: [] as number[] };
    const until = Date.now() + 3_000;
    const worker = async (side: 'a' | 'b') => {
      const replica = side === 'a' ? a : b;
      while (Date.now() < until) {
        const status = await invoke(replica.api, 'cluster_hello').then(
          (r) => r.status,
          () => 0, // connection refused: the replica is gone
        );
        results[side].push(status);
      }
    };
    const load = Promise.all([worker('a'), worker('a'), worker('b'), worker('b')]);
    await new Promise((r) => setTimeout(r, 1_000));
    await a.kill();
    await load;
    expect(results.a.filter((s) => s === 0).length).toBeGreaterThan(0); // A really went away mid-load
    expect(results.b.length).toBeGreaterThan(20);
    expect(results.b.filter((s) => s !== 200)).toEqual([]);
  });
});
