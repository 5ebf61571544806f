import type { AgentHealthRead, AgentPage, AgentRead } from '@switchboard/api-contract';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi, type ErrorBody } from './harness';
import { freePort } from './replica.process';

/** Poll until `check` stops throwing (or fail with its last error). */
async function eventually<T>(check: () => Promise<T>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/** The pino lines the API wrote that report a change of an agent's health state. */
function transitions(written: string[], agent: string): string[] {
  return written
    .join('')
    .split('\n')
    .flatMap((line) => {
      try {
        return [JSON.parse(line) as { event?: string; agent?: string; from?: string; to?: string }];
      } catch {
        return [];
      }
    })
    .filter((l) => l.event === 'agent_health_changed' && l.agent === agent)
    .map((l) => `${l.from}→${l.to}`);
}

describe('agent health from real calls (no probes)', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  const written: string[] = [];
  let spy: jest.SpyInstance;

  const health = async (id: string) => (await api.get<AgentRead>(`/a2a/${id}`)).body.health;
  const invoke = (name: string, message: string) => api.post<ErrorBody>(`/a2a/${name}/invoke`, { message });

  beforeAll(async () => {
    hello = await startHelloAgentProcess();
    // Replacing stdout.write before the app exists makes pino log through it.
    spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    api = await TestApi.start({
      LOG_LEVEL: 'info',
      A2A_MAX_RETRIES: '0',
      A2A_CIRCUIT_FAILURE_THRESHOLD: '3',
      A2A_CIRCUIT_COOLDOWN_MS: '600',
      HEALTH_DEGRADED_LATENCY_MS: '400',
      HEALTH_RECOVERY_SUCCESSES: '2',
    });
  });
  beforeEach(async () => {
    await api.reset();
    written.length = 0;
  });
  afterAll(async () => {
    await api.close();
    spy.mockRestore();
    await hello.close();
  });

  it('starts Unknown; a good call makes it Healthy, shown by GET /a2a and GET /a2a/:id', async () => {
    const agent = await api.createAgent({ name: 'fine', endpointUrl: hello.url });
    expect(agent.health).toEqual({
      state: 'unknown',
      available: true,
      lastCheckedAt: null,
      lastError: null,
      consecutiveFailures: 0,
      latencyMs: null,
      circuitOpenUntil: null,
    });
    const before = Date.now();
    expect((await invoke('fine', 'ping')).status).toBe(200);
    const h = await health(agent.id);
    expect(h).toMatchObject({ state: 'healthy', available: true, consecutiveFailures: 0, lastError: null });
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    expect(Date.parse(h.lastCheckedAt!)).toBeGreaterThanOrEqual(before - 5);
    const list = await api.get<AgentPage>('/a2a');
    expect(list.body.items.map((a) => [a.name, a.health.state])).toEqual([['fine', 'healthy']]);
  });

  it.each([
    ['error:500', 502, 'UPSTREAM_ERROR', /HTTP 500/],
    ['garbage', 502, 'PROTOCOL_ERROR', /fine/],
    ['hang', 504, 'TIMEOUT', /did not answer within|timed out|300 ms/i],
  ])(
    '%s: one failure is Degraded, three in a row Unhealthy with the circuit open (503 after)',
    async (mode, status, code, error) => {
      const agent = await api.createAgent({ name: 'fine', endpointUrl: hello.url, timeoutMs: 300 });
      await invoke('fine', 'ping');
      const first = await invoke('fine', mode);
      expect([first.status, first.body.code]).toEqual([status, code]);
      let h = await health(agent.id);
      expect(h).toMatchObject({ state: 'degraded', available: true, consecutiveFailures: 1 });
      expect(h.lastError).toMatch(error);

      await invoke('fine', mode);
      await invoke('fine', mode);
      h = await health(agent.id);
      expect(h).toMatchObject({ state: 'unhealthy', available: false, consecutiveFailures: 3 });
      expect(Date.parse(h.circuitOpenUntil!)).toBeGreaterThan(Date.now());
      const refused = await invoke('fine', 'ping');
      expect([refused.status, refused.body.code]).toEqual([503, 'AGENT_UNAVAILABLE']);
    },
  );

  it('a failed task (fail) is Degraded with its reason; the call still answers and the circuit stays closed', async () => {
    const agent = await api.createAgent({ name: 'fine', endpointUrl: hello.url });
    for (let i = 0; i < 4; i++) expect((await invoke('fine', 'fail')).status).toBe(200);
    expect(await health(agent.id)).toMatchObject({
      state: 'degraded',
      available: true,
      consecutiveFailures: 0,
      circuitOpenUntil: null,
      lastError: expect.stringMatching(/failed: Failed on purpose/),
    });
  });

  it('slow answers (beyond HEALTH_DEGRADED_LATENCY_MS) are Degraded; good answers in a row bring it back', async () => {
    const agent = await api.createAgent({ name: 'fine', endpointUrl: hello.url });
    await invoke('fine', 'ping');
    expect((await invoke('fine', 'slow:600')).status).toBe(200);
    const slow = await health(agent.id);
    expect(slow).toMatchObject({ state: 'degraded', consecutiveFailures: 0 });
    expect(slow.latencyMs).toBeGreaterThan(400);
    await invoke('fine', 'ping');
    expect((await health(agent.id)).state).toBe('degraded');
    await invoke('fine', 'ping');
    expect((await health(agent.id)).state).toBe('healthy');
  });

  it('recovers from Unhealthy: after the cooldown a good trial closes the circuit, then Healthy', async () => {
    const agent = await api.createAgent({ name: 'fine', endpointUrl: hello.url });
    for (let i = 0; i < 3; i++) await invoke('fine', 'error:500');
    expect((await health(agent.id)).state).toBe('unhealthy');
    await new Promise((resolve) => setTimeout(resolve, 650));
    // Still unusable for a listing until a trial succeeds.
    expect((await health(agent.id)).available).toBe(false);
    expect((await invoke('fine', 'ping')).status).toBe(200);
    expect(await health(agent.id)).toMatchObject({
      state: 'degraded',
      available: true,
      consecutiveFailures: 0,
      circuitOpenUntil: null,
    });
    await invoke('fine', 'ping');
    expect((await health(agent.id)).state).toBe('healthy');
    expect(transitions(written, 'fine')).toEqual([
      'unknown→degraded',
      'degraded→unhealthy',
      'unhealthy→degraded',
      'degraded→healthy',
    ]);
    // The same transitions are the agent's health history, newest first, with the reason it got worse.
    const history = await api.get<{ items: { from: string; to: string; error: string | null }[] }>(
      `/a2a/${agent.id}/health`,
    );
    expect(history.status).toBe(200);
    expect(history.body.items.map((e) => `${e.from}→${e.to}`)).toEqual([
      'degraded→healthy',
      'unhealthy→degraded',
      'degraded→unhealthy',
      'unknown→degraded',
    ]);
    expect(history.body.items[2].error).toContain('500');
    expect(history.body.items[0].error).toBeNull();
    expect((await api.get(`/a2a/${agent.id}/health?limit=0`)).status).toBe(400);
  });

  it('a disabled agent is Disabled, and comes back with the health it had', async () => {
    const agent = await api.createAgent({ name: 'fine', endpointUrl: hello.url });
    await invoke('fine', 'ping');
    const off = await api.post<AgentRead>(`/a2a/${agent.id}/toggle`);
    expect(off.body.health).toMatchObject({ state: 'disabled', available: false });
    expect((await health(agent.id)).state).toBe('disabled');
    const on = await api.post<AgentRead>(`/a2a/${agent.id}/toggle`);
    expect(on.body.health).toMatchObject({ state: 'healthy', available: true });
    expect(transitions(written, 'fine')).toEqual(['unknown→healthy', 'healthy→disabled', 'disabled→healthy']);
  });

  it('GET /a2a?available=true lists only usable agents; available=false the others', async () => {
    await api.createAgent({ name: 'a-healthy', endpointUrl: hello.url });
    await api.createAgent({ name: 'b-unknown', endpointUrl: hello.url });
    await api.createAgent({ name: 'c-unhealthy', endpointUrl: hello.url });
    await api.createAgent({ name: 'd-disabled', endpointUrl: hello.url, enabled: false });
    await api.createAgent({ name: 'e-degraded', endpointUrl: hello.url });
    await invoke('a-healthy', 'ping');
    for (let i = 0; i < 3; i++) await invoke('c-unhealthy', 'error:500');
    await invoke('e-degraded', 'error:500');

    const names = async (query: string) =>
      (await api.get<AgentPage>(`/a2a${query}`)).body.items.map((a) => a.name);
    expect(await names('?available=true')).toEqual(['a-healthy', 'b-unknown', 'e-degraded']);
    expect(await names('?available=false')).toEqual(['c-unhealthy', 'd-disabled']);
    expect(await names('?available=true&limit=2')).toEqual(['a-healthy', 'b-unknown']);
    expect(await names('?available=true&q=degraded')).toEqual(['e-degraded']);
    expect(await names('')).toHaveLength(5);
  });

  it.each(['maybe', '1', ''])('rejects available=%s with 400 naming the field', async (value) => {
    const res = await api.get<ErrorBody>(`/a2a?available=${value}`);
    expect(res.status).toBe(400);
    expect(res.body.details?.issues?.map((i) => i.path)).toContain('available');
  });
});

describe('agent health from active probes', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;

  const health = async (id: string): Promise<AgentHealthRead> =>
    (await api.get<AgentRead>(`/a2a/${id}`)).body.health;

  beforeAll(async () => {
    hello = await startHelloAgentProcess();
    api = await TestApi.start({
      HEALTH_CHECK_INTERVAL_MS: '200',
      HEALTH_CHECK_JITTER: '0.2',
      A2A_CIRCUIT_FAILURE_THRESHOLD: '2',
      A2A_CIRCUIT_COOLDOWN_MS: '300',
      HEALTH_RECOVERY_SUCCESSES: '2',
    });
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await api.close();
    await hello.close();
  });

  it('Unknown → Healthy by a probe alone; probes leave no metrics row and no last interaction', async () => {
    const agent = await api.createAgent({ name: 'probed', endpointUrl: hello.url });
    const h = await eventually(async () => {
      const now = await health(agent.id);
      expect(now.state).toBe('healthy');
      return now;
    });
    expect(h.lastCheckedAt).not.toBeNull();
    expect(h.latencyMs).toBeGreaterThanOrEqual(0);
    // Let a few more probes run, then look for any trace of them as calls.
    await new Promise((resolve) => setTimeout(resolve, 600));
    await api.recorder?.flush();
    expect(await api.db.query('SELECT count(*)::int AS n FROM agent_metrics')).toEqual([{ n: 0 }]);
    const later = await health(agent.id);
    expect(Date.parse(later.lastCheckedAt!)).toBeGreaterThan(Date.parse(h.lastCheckedAt!));
    expect((await api.get<AgentRead>(`/a2a/${agent.id}`)).body.lastInteraction).toBeNull();
  });

  it('an agent that goes down turns Degraded then Unhealthy, and Healthy again once it is back', async () => {
    const port = await freePort();
    let agentProcess = await startHelloAgentProcess('1.0', port);
    try {
      const agent = await api.createAgent({ name: 'flaky', endpointUrl: agentProcess.url, timeoutMs: 1000 });
      await eventually(async () => expect((await health(agent.id)).state).toBe('healthy'));

      await agentProcess.close();
      const down = await eventually(async () => {
        const now = await health(agent.id);
        expect(now.state).toBe('unhealthy');
        return now;
      });
      expect(down).toMatchObject({ available: false, consecutiveFailures: 2 });
      expect(down.lastError).toMatch(/flaky/);
      const listed = await api.get<AgentPage>('/a2a?available=true');
      expect(listed.body.items.map((a) => a.name)).not.toContain('flaky');

      agentProcess = await startHelloAgentProcess('1.0', port);
      await eventually(async () =>
        expect(await health(agent.id)).toMatchObject({ state: 'healthy', available: true }),
      );
    } finally {
      await agentProcess.close();
    }
  });

  it('an agent nobody listens for is Unhealthy by probes; a disabled agent is never probed', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/`;
    const dead = await api.createAgent({ name: 'dead', endpointUrl: closed });
    const off = await api.createAgent({ name: 'off', endpointUrl: closed, enabled: false });
    await eventually(async () => expect((await health(dead.id)).state).toBe('unhealthy'));
    expect(await health(off.id)).toMatchObject({ state: 'disabled', lastCheckedAt: null });
  });
});

describe('agent health across a restart', () => {
  it('is written behind to Postgres and restored at start, an open circuit included', async () => {
    const hello = await startHelloAgentProcess();
    const env = {
      A2A_MAX_RETRIES: '0',
      A2A_CIRCUIT_FAILURE_THRESHOLD: '2',
      A2A_CIRCUIT_COOLDOWN_MS: '60000',
    };
    let api = await TestApi.start(env);
    try {
      await api.reset();
      const good = await api.createAgent({ name: 'good', endpointUrl: hello.url });
      const bad = await api.createAgent({ name: 'bad', endpointUrl: hello.url });
      await api.post('/a2a/good/invoke', { message: 'ping' });
      for (let i = 0; i < 2; i++) await api.post('/a2a/bad/invoke', { message: 'error:500' });
      const before = (await api.get<AgentRead>(`/a2a/${bad.id}`)).body.health;
      expect(before.state).toBe('unhealthy');
      await api.close();

      api = await TestApi.start(env);
      const rows = await api.db.query(
        `SELECT name, health_state, health_consecutive_failures FROM agents ORDER BY name`,
      );
      expect(rows).toEqual([
        { name: 'bad', health_state: 'unhealthy', health_consecutive_failures: 2 },
        { name: 'good', health_state: 'healthy', health_consecutive_failures: 0 },
      ]);
      expect((await api.get<AgentRead>(`/a2a/${good.id}`)).body.health.state).toBe('healthy');
      expect((await api.get<AgentRead>(`/a2a/${bad.id}`)).body.health).toEqual(before);
      // The restored circuit still refuses calls, without reaching the agent.
      const refused = await api.post<ErrorBody>('/a2a/bad/invoke', { message: 'ping' });
      expect([refused.status, refused.body.code]).toEqual([503, 'AGENT_UNAVAILABLE']);
    } finally {
      await api.reset();
      await api.close();
      await hello.close();
    }
  });
});
