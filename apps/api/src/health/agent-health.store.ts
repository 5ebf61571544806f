import { BeforeApplicationShutdown, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import {
  AgentState,
  initialHealth,
  isAvailable,
  type AgentHealth,
  type HealthStore,
} from '@switchboard/a2a-protocol/gateway';
import type { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { ClusterBus } from '../cluster/cluster-bus';
import { unavailableDependency } from '../common/errors/outage';
import { OutageLog } from '../common/errors/outage-log';

const PERSIST_EVERY_MS = 5_000;
/** Health history kept per agent. */
const HISTORY_DAYS = 90;

interface HealthEvent {
  agent: string;
  from: AgentState;
  to: AgentState;
  error: string | null;
  at: Date;
}

interface HealthRow {
  name: string;
  health_state: AgentState;
  health_consecutive_failures: number;
  health_consecutive_successes: number;
  health_last_error: string | null;
  health_latency_ms: number | null;
  health_checked_at: Date | null;
  health_open_until: Date | null;
}

const STATES = new Set<string>(Object.values(AgentState));

/** What replicas tell each other about an agent's health. */
interface SharedHealth {
  agent: string;
  health: Pick<
    AgentHealth,
    'state' | 'openUntil' | 'consecutiveFailures' | 'lastError' | 'lastLatencyMs' | 'updatedAt'
  >;
}

/**
 * The one place an agent's health lives: the gateway's circuit breaker and probes write it, the catalog
 * reads it, all in memory. Every state change is logged (one line per transition). The current state is
 * written behind to the `agents` row (one statement for every agent that changed, every few seconds and at
 * shutdown) and read back at start, so a restart keeps what was known — an open circuit included. The
 * transitions themselves are written behind too, as the agent's health history.
 */
@Injectable()
export class AgentHealthStore implements HealthStore, OnModuleInit, BeforeApplicationShutdown {
  private readonly logger = new Logger(AgentHealthStore.name);
  private readonly health = new Map<string, AgentHealth>();
  private dirty = new Set<string>();
  private events: HealthEvent[] = [];
  private timer?: NodeJS.Timeout;
  private flushing: Promise<void> | null = null;

  private remote?: Subscription;

  constructor(
    private readonly db: DataSource,
    private readonly bus: ClusterBus,
    private readonly outages: OutageLog,
  ) {}

  /** A failed write: counted in the database's outage streak when it is away, else logged. */
  private writeFailed(what: string, error: unknown): void {
    const outage = unavailableDependency(error);
    if (outage) this.outages.failed(outage, error);
    else this.logger.warn(`${what} not saved, will retry: ${(error as Error).message}`);
  }

  async onModuleInit(): Promise<void> {
    const rows: HealthRow[] = await this.db.query(
      `SELECT name, health_state, health_consecutive_failures, health_consecutive_successes,
              health_last_error, health_latency_ms, health_checked_at, health_open_until
         FROM agents WHERE health_state IS NOT NULL`,
    );
    for (const row of rows) {
      if (!STATES.has(row.health_state)) continue;
      this.health.set(row.name, {
        state: row.health_state,
        consecutiveFailures: row.health_consecutive_failures,
        consecutiveSuccesses: row.health_consecutive_successes,
        openUntil: row.health_open_until ? row.health_open_until.getTime() : null,
        trialStartedAt: null,
        lastLatencyMs: row.health_latency_ms,
        lastError: row.health_last_error,
        updatedAt: row.health_checked_at ? row.health_checked_at.getTime() : null,
      });
    }
    if (rows.length > 0) this.logger.log(`Restored the health of ${rows.length} agent(s)`);
    this.timer = setInterval(() => void this.flush(), PERSIST_EVERY_MS).unref();
    this.remote = this.bus.on<SharedHealth>('health').subscribe((shared) => this.applyRemote(shared));
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    this.remote?.unsubscribe();
    await this.flushing;
    await this.flush();
  }

  get(agentName: string): AgentHealth {
    return this.health.get(agentName) ?? initialHealth();
  }

  set(agentName: string, next: AgentHealth): void {
    const previous = this.get(agentName);
    this.health.set(agentName, next);
    this.dirty.add(agentName);
    if (previous.state !== next.state) this.transition(agentName, previous.state, next.state, next);
    // Other replicas hear of what changes whether they may call the agent, not of every call's counters.
    if (previous.state !== next.state || previous.openUntil !== next.openUntil) {
      const { state, openUntil, consecutiveFailures, lastError, lastLatencyMs, updatedAt } = next;
      this.bus.publish('health', {
        agent: agentName,
        health: { state, openUntil, consecutiveFailures, lastError, lastLatencyMs, updatedAt },
      } satisfies SharedHealth);
    }
  }

  /** State and circuit decided on another replica (which records the transition and saves it). */
  private applyRemote({ agent, health }: SharedHealth): void {
    if (!STATES.has(health.state)) return;
    this.health.set(agent, { ...this.get(agent), ...health, consecutiveSuccesses: 0, trialStartedAt: null });
  }

  delete(agentName: string): void {
    this.health.delete(agentName);
    // Not written yet: they would land on a new agent of the same name.
    this.events = this.events.filter((e) => e.agent !== agentName);
    this.dirty.delete(agentName);
  }

  /** Names of the agents whose health makes them unusable now (the catalog's `available` filter). */
  unavailable(now = Date.now()): string[] {
    const names: string[] = [];
    for (const [name, health] of this.health) if (!isAvailable(health, now)) names.push(name);
    return names;
  }

  /** One structured log line per change of state (enabling and disabling an agent included). */
  transition(agentName: string, from: AgentState, to: AgentState, health: AgentHealth): void {
    const worse = to === AgentState.Unhealthy || to === AgentState.Degraded;
    this.events.push({ agent: agentName, from, to, error: worse ? health.lastError : null, at: new Date() });
    const line = {
      msg: `Agent "${agentName}" is now ${to} (was ${from})`,
      event: 'agent_health_changed',
      agent: agentName,
      from,
      to,
      consecutiveFailures: health.consecutiveFailures,
      latencyMs: health.lastLatencyMs,
      ...(worse && health.lastError ? { error: health.lastError } : {}),
      ...(health.openUntil !== null && to === AgentState.Unhealthy
        ? { circuitOpenUntil: new Date(health.openUntil).toISOString() }
        : {}),
    };
    if (to === AgentState.Unhealthy) this.logger.warn(line);
    else this.logger.log(line);
  }

  /** Write what changed since the last flush; a failed write keeps it for the next one. */
  flush(): Promise<void> {
    this.flushing ??= this.write().finally(() => (this.flushing = null));
    return this.flushing;
  }

  /** An agent's state changes, newest first. */
  async history(
    agentId: string,
    limit: number,
  ): Promise<{ from: string; to: string; error: string | null; at: Date }[]> {
    await this.flush();
    return this.db.query(
      `SELECT from_state AS "from", to_state AS "to", error, at FROM agent_health_events
        WHERE agent_id = $1 ORDER BY at DESC, id DESC LIMIT $2`,
      [agentId, limit],
    );
  }

  private async write(): Promise<void> {
    await this.writeEvents();
    if (this.dirty.size === 0) return;
    const names = [...this.dirty];
    this.dirty = new Set();
    const cols: unknown[][] = Array.from({ length: 8 }, () => []);
    for (const name of names) {
      const h = this.health.get(name);
      if (!h) continue;
      [
        name,
        h.state,
        h.consecutiveFailures,
        h.consecutiveSuccesses,
        h.lastError,
        h.lastLatencyMs,
        h.updatedAt === null ? null : new Date(h.updatedAt),
        h.openUntil === null ? null : new Date(h.openUntil),
      ].forEach((v, i) => cols[i].push(v));
    }
    try {
      await this.db.query(
        `UPDATE agents a SET health_state = u.state, health_consecutive_failures = u.failures,
                health_consecutive_successes = u.successes, health_last_error = u.error,
                health_latency_ms = u.latency, health_checked_at = u.checked, health_open_until = u.open_until
           FROM unnest($1::text[], $2::text[], $3::int[], $4::int[], $5::text[], $6::float8[],
                       $7::timestamptz[], $8::timestamptz[])
                AS u(name, state, failures, successes, error, latency, checked, open_until)
          WHERE a.name = u.name`,
        cols,
      );
    } catch (error) {
      for (const name of names) if (this.health.has(name)) this.dirty.add(name);
      this.writeFailed('Agent health', error);
    }
  }

  /** Transitions go to the history by agent name; those of an agent deleted meanwhile simply match nothing. */
  private async writeEvents(): Promise<void> {
    if (this.events.length === 0) return;
    const events = this.events;
    this.events = [];
    try {
      await this.db.query(
        `INSERT INTO agent_health_events (agent_id, from_state, to_state, error, at)
         SELECT a.id, e.from_state, e.to_state, e.error, e.at
           FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::timestamptz[])
                AS e(name, from_state, to_state, error, at)
           JOIN agents a ON a.name = e.name`,
        [
          events.map((e) => e.agent),
          events.map((e) => e.from),
          events.map((e) => e.to),
          events.map((e) => e.error),
          events.map((e) => e.at),
        ],
      );
      await this.db.query(`DELETE FROM agent_health_events WHERE at < now() - make_interval(days => $1)`, [
        HISTORY_DAYS,
      ]);
    } catch (error) {
      this.events = [...events, ...this.events].slice(-10_000);
      this.writeFailed('Agent health history', error);
    }
  }
}
