import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';
import { FaultProxy } from './support/fault-proxy';

/** The Redis this machine runs (CI too); override with TEST_REDIS_URL. */
const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const COMMAND_TIMEOUT_MS = 300;
const RATE_LIMIT_RPM = 5;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('Redis faults: revocations reach every replica at once; a hung Redis costs no call', () => {
  const prefix = `sb-fault-${randomBytes(4).toString('hex')}`;
  let redis: Redis;
  let proxy: FaultProxy;
  let agent: HelloAgentProcess;
  let a: TestApi;
  let b: TestApi;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0 });
    await redis.connect();
    proxy = await FaultProxy.to(REDIS_URL, 6379);
    agent = await startHelloAgentProcess();
    const env = {
      REDIS_URL: proxy.urlFor(REDIS_URL),
      REDIS_KEY_PREFIX: prefix,
      REDIS_COMMAND_TIMEOUT_MS: String(COMMAND_TIMEOUT_MS),
      // Long enough that only the revocation message can make replica B refuse a token it verified.
      AUTH_CACHE_FRESH_MS: '600000',
    };
    a = await TestApi.start(env);
    b = await TestApi.start(env);
    await a.reset();
    await a.createAgent({ name: 'limited', endpointUrl: agent.url, rateLimitRpm: RATE_LIMIT_RPM });
    // B learns of the agent through the catalog relay.
    for (let i = 0; i < 50 && !b.gateway?.listAgents().some((x) => x.name === 'limited'); i++)
      await sleep(100);
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await agent?.close();
    await proxy?.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  it('a token revoked on one replica is refused on the other at once, although the other verified it a moment ago', async () => {
    const token = await a.createToken('viewer', 'revoked-on-a');
    expect((await b.get('/a2a', { token })).status).toBe(200);
    const { body } = await a.get<{ id: string; name: string }[]>('/auth/tokens');
    const id = body.find((t) => t.name === 'revoked-on-a')!.id;
    expect((await a.delete(`/auth/tokens/${id}`)).status).toBe(204);
    let status = 200;
    for (let i = 0; i < 20 && status === 200; i++) {
      await sleep(50);
      status = (await b.get('/a2a', { token })).status;
    }
    expect(status).toBe(401);
  });

  it('black-holed: rate limits fall back to the replica at once and still hold, readiness says redis down but stays 200, all comes back', async () => {
    await proxy.blackHole();
    const calls: { status: number; ms: number; retryAfter: string | null }[] = [];
    for (let i = 0; i < RATE_LIMIT_RPM + 2; i++) {
      const started = Date.now();
      const res = await a.post('/a2a/limited/invoke', { message: 'ping' });
      calls.push({
        status: res.status,
        ms: Date.now() - started,
        retryAfter: res.headers.get('retry-after'),
      });
    }
    // The first call waits out one command timeout, the rest do not wait on Redis at all.
    expect(calls[0].ms).toBeLessThan(COMMAND_TIMEOUT_MS + 1_000);
    expect(Math.max(...calls.slice(1).map((c) => c.ms))).toBeLessThan(COMMAND_TIMEOUT_MS);
    // This replica's own bucket (full at fallback) holds the limit: RATE_LIMIT_RPM calls, then 429.
    expect(calls.map((c) => c.status)).toEqual([...Array(RATE_LIMIT_RPM).fill(200), 429, 429]);
    expect(Number(calls[RATE_LIMIT_RPM].retryAfter)).toBeGreaterThan(0);

    const ready = await a.get<{ status: string; redis: string }>('/ready');
    expect([ready.status, ready.body.redis]).toEqual([200, 'down']);
    // Sign-in is throttled through Redis too: it falls back instead of failing.
    expect(
      (await a.post('/auth/login', { email: 'admin@example.com', password: 'changeme' }, { token: null }))
        .status,
    ).toBe(200);

    await proxy.pass();
    let redisState = 'down';
    for (let i = 0; i < 50 && redisState !== 'up'; i++) {
      await sleep(100);
      redisState = (await a.get<{ redis: string }>('/ready')).body.redis;
    }
    expect(redisState).toBe('up');
  }, 30_000);
});
