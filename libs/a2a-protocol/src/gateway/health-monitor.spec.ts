/**
 * The probe schedule, on Jest's fake clock: a real A2AGateway whose adapter only scripts how the agent's
 * health check answers (and notes when it was asked).
 */
import type { AdapterContext, ProviderAdapter } from '../adapters/provider-adapter';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { AgentCard } from '../types/a2a.schemas';
import { A2AGateway } from './a2a-gateway';
import type { ProbeResult } from './pipeline';
import { AgentConfig } from './agent-config';
import { HealthMonitor, type HealthMonitorOptions } from './health-monitor';
import { AgentState } from './ports';

const unused = () => Promise.reject(new Error('not used by the monitor'));

class CheckedAdapter implements ProviderAdapter {
  readonly provider = 'a2a' as const;
  /** Agent name and fake-clock time of every health check. */
  readonly checks: { agent: string; at: number }[] = [];
  /** In flight, per agent. */
  readonly open = new Map<string, number>();
  answer: (ctx: AdapterContext) => Promise<void> = () => Promise.resolve();

  async healthCheck(ctx: AdapterContext): Promise<void> {
    this.checks.push({ agent: ctx.agent.name, at: Date.now() });
    this.open.set(ctx.agent.name, (this.open.get(ctx.agent.name) ?? 0) + 1);
    try {
      await this.answer(ctx);
    } finally {
      this.open.set(ctx.agent.name, this.open.get(ctx.agent.name)! - 1);
    }
  }
  send = unused;
  getTask = unused;
  cancelTask = unused;
  card = unused as () => Promise<AgentCard>;
  async *stream() {
    yield* [];
  }
  async *subscribe() {
    yield* [];
  }
}

/** Values spread evenly over [0, 1), in a fixed order: the schedule becomes exact. */
function evenly(n: number) {
  let i = 0;
  return () => ((i++ * 7) % n) / n;
}

const T0 = 1_700_000_000_000;
let monitors: HealthMonitor[] = [];
let gateways: A2AGateway[] = [];

beforeEach(() => {
  jest.useFakeTimers({ now: T0 });
});
afterEach(async () => {
  await Promise.all(monitors.map((m) => m.stop()));
  jest.useRealTimers();
  await Promise.all(gateways.map((g) => g.close()));
  monitors = [];
  gateways = [];
});

function setup(agents: AgentConfig[], options: Partial<HealthMonitorOptions> = {}) {
  const adapter = new CheckedAdapter();
  const gateway = new A2AGateway({
    adapters: [adapter],
    breaker: { failureThreshold: 2, cooldownMs: 5_000 },
  });
  gateways.push(gateway);
  for (const agent of agents) gateway.registerAgent(agent);
  const results: [string, ProbeResult][] = [];
  const monitor = new HealthMonitor(gateway, {
    intervalMs: 10_000,
    jitter: 0.2,
    tickMs: 100,
    onProbe: (name, result) => results.push([name, result]),
    ...options,
  });
  monitors.push(monitor);
  return { adapter, gateway, monitor, results };
}

const agentsNamed = (...names: string[]) =>
  names.map((n) => new AgentConfig(n, `http://${n}.test/`).withTimeout(3_000));

describe('HealthMonitor', () => {
  it('probes nothing when the interval is 0', async () => {
    const { adapter, monitor } = setup(agentsNamed('a'), { intervalMs: 0 });
    monitor.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(monitor.enabled).toBe(false);
    expect(adapter.checks).toEqual([]);
  });

  it('spreads the first probes of many agents over one interval: no burst', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `agent-${i}`);
    const { adapter, monitor } = setup(agentsNamed(...names), { random: evenly(100), jitter: 0 });
    monitor.start();
    await jest.advanceTimersByTimeAsync(10_100);
    // Every agent once within the first interval (after the first tick), at most a couple per 100 ms tick.
    expect(new Set(adapter.checks.map((c) => c.agent)).size).toBe(100);
    expect(adapter.checks).toHaveLength(100);
    const perTick = new Map<number, number>();
    for (const { at } of adapter.checks)
      perTick.set(Math.floor((at - T0) / 100), (perTick.get(Math.floor((at - T0) / 100)) ?? 0) + 1);
    expect(Math.max(...perTick.values())).toBeLessThanOrEqual(2);
    expect(perTick.size).toBeGreaterThanOrEqual(50);
  });

  it('probes each agent again after interval ± jitter', async () => {
    const { adapter, monitor } = setup(agentsNamed('a'), { random: Math.random });
    monitor.start();
    await jest.advanceTimersByTimeAsync(120_000);
    const times = adapter.checks.map((c) => c.at);
    expect(times.length).toBeGreaterThanOrEqual(10);
    const waits = times.slice(1).map((t, i) => t - times[i]);
    for (const wait of waits) {
      // 8 000–12 000 ms, rounded up to the next 100 ms tick.
      expect(wait).toBeGreaterThanOrEqual(8_000);
      expect(wait).toBeLessThanOrEqual(12_100);
    }
    // Jittered, not a fixed beat.
    expect(new Set(waits).size).toBeGreaterThan(1);
  });

  it('jitter 0 keeps a fixed interval', async () => {
    const { adapter, monitor } = setup(agentsNamed('a'), { jitter: 0, random: () => 0.5 });
    monitor.start();
    await jest.advanceTimersByTimeAsync(40_000);
    // The first tick (100 ms) gives the agent its slot: half an interval later.
    expect(adapter.checks.map((c) => c.at - T0)).toEqual([5_100, 15_100, 25_100, 35_100]);
  });

  it('never overlaps probes of one agent: a slow probe makes it skip its next round', async () => {
    const { adapter, monitor, results } = setup(
      [new AgentConfig('slow', 'http://slow.test/').withTimeout(25_000)],
      { jitter: 0, random: () => 0 },
    );
    adapter.answer = (ctx) =>
      new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    monitor.start();
    await jest.advanceTimersByTimeAsync(200); // first tick: a slot at once; second tick: the probe
    expect(adapter.open.get('slow')).toBe(1);
    await jest.advanceTimersByTimeAsync(24_000); // due again at 10.2 s and 20.2 s while it still runs
    expect(adapter.checks).toHaveLength(1);
    expect(Math.max(...adapter.open.values())).toBe(1);
    await jest.advanceTimersByTimeAsync(1_100); // the agent timeout (25 s) ends the first probe
    expect(results).toEqual([
      ['slow', { status: 'failed', latencyMs: expect.any(Number), error: expect.any(A2AError) }],
    ]);
    expect((results[0][1] as { error: A2AError }).error.code).toBe(A2AErrorCode.Timeout);
    await jest.advanceTimersByTimeAsync(5_000); // next round at 30.2 s
    expect(adapter.checks).toHaveLength(2);
  });

  it('leaves disabled agents alone, picks up new ones, forgets removed ones', async () => {
    const { adapter, gateway, monitor } = setup(
      [...agentsNamed('on'), new AgentConfig('off', 'http://off.test/').withEnabled(false)],
      { jitter: 0, random: () => 0.5 },
    );
    monitor.start();
    await jest.advanceTimersByTimeAsync(10_000);
    expect(adapter.checks.map((c) => c.agent)).toEqual(['on']);
    gateway.registerAgent(new AgentConfig('late', 'http://late.test/'));
    gateway.unregisterAgent('on');
    await jest.advanceTimersByTimeAsync(20_000);
    expect(adapter.checks.map((c) => c.agent)).toEqual(['on', 'late', 'late']);
  });

  it('drives the agent state: Unknown → Healthy, failures → Degraded → Unhealthy', async () => {
    const { adapter, gateway, monitor } = setup(agentsNamed('a'), { jitter: 0, random: () => 0 });
    monitor.start();
    expect(gateway.agentState('a')).toBe(AgentState.Unknown);
    await jest.advanceTimersByTimeAsync(200);
    expect(gateway.agentState('a')).toBe(AgentState.Healthy);
    adapter.answer = () =>
      Promise.reject(new A2AError(A2AErrorCode.ConnectionError, 'down', { agentName: 'a' }));
    await jest.advanceTimersByTimeAsync(10_000);
    expect(gateway.agentState('a')).toBe(AgentState.Degraded);
    await jest.advanceTimersByTimeAsync(10_000);
    expect(gateway.agentState('a')).toBe(AgentState.Unhealthy);
  });

  it('stop() aborts the probes in flight, waits for them, and no probe starts after it', async () => {
    const { adapter, gateway, monitor, results } = setup(agentsNamed('a', 'b'), {
      jitter: 0,
      random: () => 0,
    });
    adapter.answer = (ctx) =>
      new Promise((_, reject) => ctx.signal.addEventListener('abort', () => reject(ctx.signal.reason)));
    monitor.start();
    await jest.advanceTimersByTimeAsync(200);
    expect(monitor.inFlight.sort()).toEqual(['a', 'b']);
    await monitor.stop();
    expect(monitor.inFlight).toEqual([]);
    expect(results.map(([, r]) => (r as { error: A2AError }).error.code)).toEqual([
      A2AErrorCode.Canceled,
      A2AErrorCode.Canceled,
    ]);
    // A shutdown says nothing about the agents.
    expect(gateway.agentState('a')).toBe(AgentState.Unknown);
    await jest.advanceTimersByTimeAsync(60_000);
    expect(adapter.checks).toHaveLength(2);
    monitor.start();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(adapter.checks).toHaveLength(2);
  });
});
