import type { A2AGateway } from './a2a-gateway';
import type { ProbeResult } from './pipeline';

export interface HealthMonitorOptions {
  /** Time between two probes of one agent (ms); 0 or less probes nothing. */
  intervalMs: number;
  /** Spread of each wait, as a fraction: the next probe comes after intervalMs × (1 ± jitter). */
  jitter: number;
  /** How often the schedule is looked at (ms); default a tenth of the interval, between 10 ms and 1 s. */
  tickMs?: number;
  /** A number in [0, 1); tests pass their own. */
  random?: () => number;
  now?: () => number;
  /** After every probe that ran (skipped ones included). */
  onProbe?: (agentName: string, result: ProbeResult) => void;
}

/**
 * Probes every enabled agent of a gateway on a schedule, so that agents nobody is calling still have a
 * current health state (and an open circuit gets its trial). An agent's first probe comes at a random
 * point within the first interval and each later one intervalMs ± jitter after the previous start, so
 * many agents never probe in a burst. A probe still running when its agent is due again makes it skip
 * that round (no overlap); each probe is bounded by the agent's timeout. `stop()` aborts the probes in
 * flight and waits for them.
 */
export class HealthMonitor {
  private readonly due = new Map<string, number>();
  private readonly running = new Map<string, Promise<void>>();
  private readonly abort = new AbortController();
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly random: () => number;
  private readonly now: () => number;

  constructor(
    private readonly gateway: Pick<A2AGateway, 'listAgents' | 'probe'>,
    private readonly options: HealthMonitorOptions,
  ) {
    this.random = options.random ?? Math.random;
    this.now = options.now ?? Date.now;
  }

  get enabled(): boolean {
    return this.options.intervalMs > 0;
  }

  /** Probes in flight, by agent name. */
  get inFlight(): string[] {
    return [...this.running.keys()];
  }

  start(): void {
    if (!this.enabled || this.timer || this.abort.signal.aborted) return;
    const tickMs =
      this.options.tickMs ?? Math.min(1_000, Math.max(10, Math.floor(this.options.intervalMs / 10)));
    this.timer = setInterval(() => this.tick(), tickMs);
    this.timer.unref?.();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.all(this.running.values());
  }

  /** Start the probes that are due; agents seen for the first time get a random first slot. */
  tick(): void {
    if (this.abort.signal.aborted) return;
    const now = this.now();
    const seen = new Set<string>();
    for (const agent of this.gateway.listAgents()) {
      seen.add(agent.name);
      const due = this.due.get(agent.name);
      if (due === undefined) {
        this.due.set(agent.name, now + this.random() * this.options.intervalMs);
        continue;
      }
      if (!agent.enabled || due > now) continue;
      this.due.set(agent.name, now + this.nextWait());
      if (!this.running.has(agent.name)) this.launch(agent.name);
    }
    for (const name of this.due.keys()) if (!seen.has(name)) this.due.delete(name);
  }

  private nextWait(): number {
    const spread = Math.min(1, Math.max(0, this.options.jitter));
    return this.options.intervalMs * (1 + spread * (2 * this.random() - 1));
  }

  private launch(name: string): void {
    const run = this.gateway
      .probe(name, { signal: this.abort.signal })
      .then((result) => this.options.onProbe?.(name, result))
      // The agent was removed meanwhile, or onProbe threw: nothing to report.
      .catch(() => undefined)
      .finally(() => this.running.delete(name));
    this.running.set(name, run);
  }
}
