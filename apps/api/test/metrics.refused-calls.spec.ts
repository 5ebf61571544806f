import type { AgentMetrics, MetricsSummary, OutcomeCounts } from '@switchboard/api-contract';
import { TestApi } from './harness';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { freePort } from './replica.process';

/** The outcome a caller's HTTP status stands for, for each agent below (what the client saw). */
const OUTCOME_OF_STATUS: Record<number, keyof OutcomeCounts> = {
  200: 'success',
  401: 'unauthorized',
  402: 'budget_exceeded',
  403: 'unauthorized',
  429: 'rate_limited',
  502: 'failure',
  503: 'circuit_open',
};

/** `switchboard_gateway_requests_total` of one agent and outcome, summed over the other labels. */
function promCount(text: string, agent: string, outcome: string): number {
  let total = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith('switchboard_gateway_requests_total{')) continue;
    if (!line.includes(`agent="${agent}"`) || !line.includes(`outcome="${outcome}"`)) continue;
    total += Number(line.slice(line.lastIndexOf(' ') + 1));
  }
  return total;
}

/**
 * Calls the gateway turns away before the agent — its rate limit, its budget, an open circuit, a caller
 * without credentials — are counted like the others, with their outcome: what callers saw (their HTTP
 * statuses) and what the metrics say (rows, `/metrics`, the agent's series, Prometheus) are the same numbers.
 */
describe('refused calls are counted: client responses == metric rows by outcome', () => {
  let api: TestApi;
  let hello: HelloAgentProcess;
  /** Per agent: how many answers of each outcome its callers got. */
  const seen: Record<string, Partial<Record<keyof OutcomeCounts, number>>> = {};
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    hello = await startHelloAgentProcess('1.0');
    api = await TestApi.start({
      A2A_MAX_RETRIES: '0',
      A2A_CIRCUIT_FAILURE_THRESHOLD: '3',
      A2A_CIRCUIT_COOLDOWN_MS: '600000',
    });
    await api.reset();
    const down = `http://127.0.0.1:${await freePort()}`; // nothing listens: the agent is down
    for (const agent of [
      { name: 'limited', endpointUrl: hello.url, rateLimitRpm: 3 },
      { name: 'priced', endpointUrl: hello.url, costPerRequest: 1, budget: { perDay: 2 } },
      { name: 'down', endpointUrl: down },
    ]) {
      ids[agent.name] = (await api.createAgent(agent)).id;
      seen[agent.name] = {};
    }
    const count = (agent: string, status: number) => {
      const outcome = OUTCOME_OF_STATUS[status];
      if (!outcome) throw new Error(`unexpected status ${status} from ${agent}`);
      seen[agent][outcome] = (seen[agent][outcome] ?? 0) + 1;
    };
    const call = async (agent: string, token?: string | null) => {
      const rest = await api.post(`/a2a/${agent}/invoke`, { message: 'ping' }, { token });
      count(agent, rest.status);
    };
    for (let i = 0; i < 6; i++) {
      await call('limited');
      await call('priced');
      await call('down');
    }
    // Through the A2A door too: JSON-RPC answers 200 with an error object, so its outcome is read from it.
    const rpc = await api.post<{ error?: { data?: { reason?: string }[] } }>(
      '/a2a/down/jsonrpc',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: { message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ text: 'x' }] } },
      },
      { headers: { 'a2a-version': '1.0' } },
    );
    expect(rpc.body.error?.data?.[0]?.reason).toBe('AGENT_UNAVAILABLE');
    count('down', 503);
    // Callers the door refuses, on a known agent: no token, a token that is not one (401 both).
    count('limited', (await api.post('/a2a/limited/invoke', { message: 'x' }, { token: null })).status);
    count(
      'priced',
      (await api.post('/a2a/priced/invoke', { message: 'x' }, { token: 'not-a-token' })).status,
    );
    // …and on a name the catalog does not know: refused, with nothing to count it against.
    expect((await api.post('/a2a/nobody/invoke', { message: 'x' }, { token: null })).status).toBe(401);
    await api.recorder?.flush();
  });
  afterAll(async () => {
    await api?.close();
    await hello?.close();
  });

  it('saw each kind of refusal (the setup is what the test says)', () => {
    expect(seen.limited).toMatchObject({ success: 3, rate_limited: 3, unauthorized: 1 });
    expect(seen.priced).toMatchObject({ success: 2, budget_exceeded: 4, unauthorized: 1 });
    expect(seen.down).toMatchObject({ failure: 3, circuit_open: 4 });
  });

  it('writes one agent_metrics row per call, with the outcome its caller saw', async () => {
    const rows: { agent_name: string; outcome: string; count: number; ok_count: number }[] =
      await api.db.query(
        `SELECT agent_name, outcome, count(*)::int AS count, count(*) FILTER (WHERE ok)::int AS ok_count
       FROM agent_metrics GROUP BY 1, 2`,
      );
    const found: Record<string, Record<string, number>> = {};
    for (const r of rows) {
      (found[r.agent_name] ??= {})[r.outcome] = r.count;
      expect(r.ok_count).toBe(r.outcome === 'success' ? r.count : 0);
    }
    expect(found).toEqual(seen); // and no row for `nobody`
  });

  it('GET /metrics counts them: success rate is what callers saw', async () => {
    const summary = (await api.get<MetricsSummary>('/metrics')).body;
    for (const agent of summary.topAgents) {
      const expected = seen[agent.name];
      const total = Object.values(expected).reduce((a, b) => a + (b ?? 0), 0);
      expect(agent.invocations).toBe(total);
      expect(agent.successes).toBe(expected.success ?? 0);
      expect(agent.successRate).toBeCloseTo((expected.success ?? 0) / total, 4);
      for (const [outcome, n] of Object.entries(agent.outcomes)) {
        expect([agent.name, outcome, n]).toEqual([
          agent.name,
          outcome,
          expected[outcome as keyof OutcomeCounts] ?? 0,
        ]);
      }
    }
    expect(summary.topAgents.map((a) => a.name).sort()).toEqual(['down', 'limited', 'priced']);
    expect(summary.calls.outcomes.rate_limited).toBe(3);
    expect(summary.calls.outcomes.circuit_open).toBe(4);
    expect(summary.calls.outcomes.budget_exceeded).toBe(4);
    expect(summary.calls.outcomes.unauthorized).toBe(2);
  });

  it('the agent’s series counts them too', async () => {
    const series = (await api.get<AgentMetrics>(`/a2a/${ids.down}/metrics?bucket=hour`)).body;
    const sum = (outcome: keyof OutcomeCounts) => series.points.reduce((n, p) => n + p.outcomes[outcome], 0);
    expect(sum('failure')).toBe(3);
    expect(sum('circuit_open')).toBe(4);
    expect(sum('success')).toBe(0);
  });

  it('Prometheus agrees, outcome by outcome', async () => {
    const text = (await api.get('/metrics/prometheus')).text;
    for (const [agent, outcomes] of Object.entries(seen)) {
      for (const [outcome, n] of Object.entries(outcomes)) {
        expect([agent, outcome, promCount(text, agent, outcome)]).toEqual([agent, outcome, n]);
      }
      expect(promCount(text, agent, 'success') + promCount(text, agent, 'failure')).toBe(
        (outcomes.success ?? 0) + (outcomes.failure ?? 0),
      );
    }
    expect(text).not.toContain('agent="nobody"');
  });
});
