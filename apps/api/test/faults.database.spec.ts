import { Client } from 'pg';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';
import { FaultProxy } from './support/fault-proxy';

/** Verified credentials are fresh this long: the outage below lasts many times it (30 s → 300 ms). */
const FRESH_MS = 300;
const OUTAGE_MS = 4_000;
const CONNECT_TIMEOUT_MS = 1_000;
/** Server-side statement timeout; the client gives a silent server 1 s more. */
const QUERY_TIMEOUT_MS = 1_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Poll `check` until it holds or `withinMs` passes; how long it took. */
async function eventually(check: () => Promise<boolean>, withinMs: number): Promise<number> {
  const start = Date.now();
  while (!(await check())) {
    if (Date.now() - start > withinMs) throw new Error(`not within ${withinMs} ms`);
    await sleep(100);
  }
  return Date.now() - start;
}

describe('database outage: calls go on from what was verified, database routes answer a typed 503', () => {
  const realUrl = process.env.DATABASE_URL as string;
  let proxy: FaultProxy;
  let agent: HelloAgentProcess;
  let api: TestApi;
  let direct: Client;
  const written: string[] = [];
  let spy: jest.SpyInstance;
  const credentials: Record<string, string> = {};

  const invoke = (token: string) => api.post('/a2a/steady/invoke', { message: 'ping' }, { token });

  beforeAll(async () => {
    proxy = await FaultProxy.to(realUrl, 5432);
    agent = await startHelloAgentProcess();
    // The log is read back below (one line per outage, no stack per request): pino writes through stdout.
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    api = await TestApi.start({
      DATABASE_URL: proxy.urlFor(realUrl),
      LOG_LEVEL: 'info',
      AUTH_CACHE_FRESH_MS: String(FRESH_MS),
      AUTH_CACHE_STALE_MS: '60000',
      DB_CONNECT_TIMEOUT_MS: String(CONNECT_TIMEOUT_MS),
      DB_QUERY_TIMEOUT_MS: String(QUERY_TIMEOUT_MS),
      DB_POOL_SIZE: '4',
      METRICS_FLUSH_INTERVAL_MS: '200',
    });
    await api.reset();
    await api.createAgent({ name: 'steady', endpointUrl: agent.url, timeoutMs: 5000 });
    credentials.adminJwt = api.adminToken;
    credentials.apiToken = await api.createToken('admin', 'kept');
    credentials.revokedToken = await api.createToken('viewer', 'revoked-during-outage');
    credentials.deletedUserJwt = await api.createUser('leaver@example.com', 'viewer');
    // Every credential verified once before the outage.
    for (const token of Object.values(credentials)) expect((await invoke(token)).status).toBe(200);
    direct = new Client({ connectionString: realUrl });
    await direct.connect();
  });
  afterAll(async () => {
    await api?.close();
    spy?.mockRestore();
    await direct?.end();
    await proxy?.close();
    await agent?.close();
  });

  it(
    `refused for ${Math.round(OUTAGE_MS / FRESH_MS)}× the freshness of a credential: every call succeeds, database routes answer 503 DATABASE_UNAVAILABLE, and a revocation made meanwhile holds once it is back`,
    async () => {
      await proxy.refuse();
      // Meanwhile, elsewhere (another replica without Redis, an operator): a token revoked, a user deleted.
      await direct.query(`DELETE FROM api_tokens WHERE name = 'revoked-during-outage'`);
      await direct.query(`DELETE FROM users WHERE email = 'leaver@example.com'`);
      const statuses: Record<string, number[]> = {};
      const until = Date.now() + OUTAGE_MS;
      while (Date.now() < until) {
        for (const [name, token] of Object.entries(credentials)) {
          (statuses[name] ??= []).push((await invoke(token)).status);
        }
        await sleep(50);
      }
      // A task created while the database is away is written once it is back.
      const during = await api.post<{ task?: { id: string } }>(
        '/a2a/steady/invoke',
        { message: 'ping' },
        { token: credentials.adminJwt },
      );
      expect(during.body.task?.id).toBeDefined();
      for (const [name, seen] of Object.entries(statuses)) {
        expect({ name, failed: seen.filter((s) => s !== 200) }).toEqual({ name, failed: [] });
        // Rounds over the whole outage (how many depends on the machine's load; each re-verifies when stale).
        expect(seen.length).toBeGreaterThan(5);
      }

      const started = Date.now();
      const tokens = await api.get<ErrorBody>('/auth/tokens', { token: credentials.apiToken });
      expect(Date.now() - started).toBeLessThan(CONNECT_TIMEOUT_MS + 1_000);
      expect(tokens.status).toBe(503);
      expect(tokens.body.code).toBe('DATABASE_UNAVAILABLE');
      expect(tokens.headers.get('retry-after')).toBe('5');
      expect(tokens.text).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|postgres/i);

      // The A2A door: a task the gateway has to look up in the database.
      const rpc = await api.post<{ error: { code: number; data: { reason?: string; '@type': string }[] } }>(
        '/a2a/steady/jsonrpc',
        { jsonrpc: '2.0', id: 7, method: 'GetTask', params: { id: 'task-not-in-memory' } },
        { token: credentials.adminJwt, headers: { 'a2a-version': '1.0' } },
      );
      expect(rpc.status).toBe(200);
      expect(rpc.body.error.code).toBe(-32603);
      expect(rpc.body.error.data).toEqual([
        expect.objectContaining({ reason: 'DATABASE_UNAVAILABLE', domain: 'switchboard' }),
        expect.objectContaining({
          '@type': 'type.googleapis.com/google.rpc.RetryInfo',
          retryDelay: '5.000s',
        }),
      ]);

      const ready = await api.get<{ database: string }>('/ready');
      expect([ready.status, ready.body.database]).toEqual([503, 'down']);

      await proxy.pass();
      await eventually(async () => (await api.get('/ready')).status === 200, 10_000);
      // Refused from the first re-verification that reaches the database: within a freshness window or two.
      const revokedAfterMs = await eventually(
        async () => (await invoke(credentials.revokedToken)).status === 401,
        3 * FRESH_MS + 2_000,
      );
      await eventually(
        async () => (await invoke(credentials.deletedUserJwt)).status === 401,
        3 * FRESH_MS + 2_000,
      );
      expect(revokedAfterMs).toBeLessThan(3 * FRESH_MS + 2_000);
      expect((await invoke(credentials.adminJwt)).status).toBe(200);
      expect((await invoke(credentials.apiToken)).status).toBe(200);
      expect((await api.get('/auth/tokens', { token: credentials.apiToken })).status).toBe(200);
      await eventually(async () => {
        const { rows } = await direct.query('SELECT 1 FROM tasks WHERE task_id = $1', [during.body.task!.id]);
        return rows.length === 1;
      }, 5_000);

      const lines = written.join('').split('\n');
      expect(lines.filter((l) => l.includes('"event":"dependency_down"'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('"event":"dependency_up"'))).toHaveLength(1);
      expect(lines.filter((l) => l.includes('Unhandled error'))).toEqual([]);
    },
    OUTAGE_MS + 40_000,
  );

  it('black-holed (accepts, never answers): database routes answer 503 within the timeouts, readiness 503, calls and the event loop go on', async () => {
    await proxy.blackHole();
    const started = Date.now();
    const [tokens, ready, health, call] = await Promise.all([
      api.get<ErrorBody>('/auth/tokens', { token: credentials.apiToken }),
      api.get<{ database: string }>('/ready'),
      api.get('/health').then((r) => ({ ...r, ms: Date.now() - started })),
      invoke(credentials.adminJwt),
    ]);
    const tookMs = Date.now() - started;
    expect(tokens.status).toBe(503);
    expect(tokens.body.code).toBe('DATABASE_UNAVAILABLE');
    // The longest wait: a pooled connection's query given up by the client (statement timeout + 1 s grace).
    expect(tookMs).toBeLessThan(QUERY_TIMEOUT_MS + 1_000 + 1_500);
    expect([ready.status, ready.body.database]).toEqual([503, 'down']);
    expect(health.status).toBe(200);
    expect(health.ms).toBeLessThan(500);
    expect(call.status).toBe(200);

    await proxy.pass();
    await eventually(async () => (await api.get('/ready')).status === 200, 10_000);
    await eventually(
      async () => (await api.get('/auth/tokens', { token: credentials.apiToken })).status === 200,
      5_000,
    );
  }, 30_000);
});

describe('database outage: limits and budgets hold from memory; past AUTH_CACHE_STALE_MS a credential is answered a typed 503', () => {
  const realUrl = process.env.DATABASE_URL as string;
  let proxy: FaultProxy;
  let agent: HelloAgentProcess;
  let api: TestApi;

  beforeAll(async () => {
    proxy = await FaultProxy.to(realUrl, 5432);
    agent = await startHelloAgentProcess();
    api = await TestApi.start({
      DATABASE_URL: proxy.urlFor(realUrl),
      AUTH_CACHE_FRESH_MS: '200',
      AUTH_CACHE_STALE_MS: '1000',
      DB_CONNECT_TIMEOUT_MS: '1000',
    });
    await api.reset();
    await api.createAgent({ name: 'bounded', endpointUrl: agent.url, timeoutMs: 5000 });
    await api.createAgent({ name: 'limited', endpointUrl: agent.url, rateLimitRpm: 3 });
    await api.createAgent({
      name: 'priced',
      endpointUrl: agent.url,
      costPerRequest: 1,
      budget: { perDay: 2 },
    });
  });
  afterAll(async () => {
    await api?.close();
    await proxy?.close();
    await agent?.close();
  });

  it('holds rate limits and budgets from memory while the database is away', async () => {
    const call = (name: string) => api.post<ErrorBody>(`/a2a/${name}/invoke`, { message: 'ping' });
    expect((await call('limited')).status).toBe(200);
    await proxy.refuse();
    try {
      const limited = [await call('limited'), await call('limited'), await call('limited')];
      expect(limited.map((r) => r.status)).toEqual([200, 200, 429]);
      expect(Number(limited[2].headers.get('retry-after'))).toBeGreaterThan(0);
      const priced = [await call('priced'), await call('priced'), await call('priced')];
      expect(priced.map((r) => [r.status, r.status === 200 ? '' : r.body.code])).toEqual([
        [200, ''],
        [200, ''],
        [402, 'BUDGET_EXCEEDED'],
      ]);
    } finally {
      await proxy.pass();
    }
  });

  it('serves a verified caller within the bound, answers 503 DATABASE_UNAVAILABLE past it, and serves it again once the database is back', async () => {
    const token = await api.createToken('viewer', 'bounded');
    const invoke = () => api.post<ErrorBody>('/a2a/bounded/invoke', { message: 'ping' }, { token });
    expect((await invoke()).status).toBe(200);
    await proxy.refuse();
    await sleep(600); // stale, within the bound
    expect((await invoke()).status).toBe(200);
    await sleep(1_000); // 1.6 s since the last verification: past 200 ms + 1,000 ms
    const refused = await invoke();
    expect([refused.status, refused.body.code]).toEqual([503, 'DATABASE_UNAVAILABLE']);
    expect(refused.headers.get('retry-after')).toBe('5');
    await proxy.pass();
    await eventually(async () => (await invoke()).status === 200, 5_000);
  }, 20_000);
});
