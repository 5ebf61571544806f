import { Injectable, OnModuleDestroy } from '@nestjs/common';
import {
  AgentState,
  type A2AGateway,
  type InvocationRecord,
  type MetricsSink,
} from '@switchboard/a2a-protocol/gateway';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { MetricsRecorder } from '../metrics/metrics-recorder';

/** Seconds: from a cached answer to an agent at its 120 s timeout. */
const DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];
const CALL_LABELS = ['agent', 'front_door', 'operation', 'outcome'] as const;
const STATES = Object.values(AgentState);

type AgentSeries = Counter<string> | Histogram<string>;

/**
 * The gateway in Prometheus terms, on one registry per app (never the process-global default, so a
 * test can run several apps): per-call counters and latency histograms from the pipeline's metrics
 * fan-out, agent health and the metrics recorder's buffer read at scrape time, and Node's process
 * metrics. Labels are bounded: agent names (the catalog's size), front doors, operations, outcomes and
 * error codes (enums) — never callers or tasks.
 */
@Injectable()
export class PrometheusMetrics implements MetricsSink, OnModuleDestroy {
  readonly registry = new Registry();
  private gateway: A2AGateway | null = null;
  private recorder: MetricsRecorder | null = null;
  /** Agents with series, to drop those of agents removed from the catalog at the next scrape. */
  private readonly agentsSeen = new Set<string>();
  private readonly requests: Counter<string>;
  private readonly duration: Histogram<string>;
  private readonly retries: Counter<string>;
  private readonly cost: Counter<string>;
  private readonly tokens: Counter<string>;

  constructor() {
    const registers = [this.registry];
    collectDefaultMetrics({ register: this.registry });
    this.requests = new Counter({
      name: 'switchboard_gateway_requests_total',
      help:
        'Calls to agents through the gateway, by agent, front door, operation and outcome (success, failure, canceled, shutdown, ' +
        'or refused before the agent: rate_limited, circuit_open, budget_exceeded, unauthorized, rejected), with the error code',
      labelNames: [...CALL_LABELS, 'error_code'],
      registers,
    });
    this.duration = new Histogram({
      name: 'switchboard_gateway_request_duration_seconds',
      help: 'Duration of calls to agents (retries included; whole stream for streaming calls)',
      labelNames: CALL_LABELS,
      buckets: DURATION_BUCKETS,
      registers,
    });
    this.retries = new Counter({
      name: 'switchboard_gateway_retries_total',
      help: 'Attempts retried after a failure the agent cannot have acted on',
      labelNames: ['agent'],
      registers,
    });
    this.cost = new Counter({
      name: 'switchboard_gateway_cost_total',
      help: 'Cost of calls to agents (their costPerRequest), in the catalog’s currency',
      labelNames: ['agent'],
      registers,
    });
    this.tokens = new Counter({
      name: 'switchboard_gateway_tokens_total',
      help: 'Tokens providers reported, by direction (input | output)',
      labelNames: ['agent', 'direction'],
      registers,
    });

    const health = new Gauge({
      name: 'switchboard_agent_health_state',
      help: 'Health state of each agent: 1 for its current state, 0 for the others',
      labelNames: ['agent', 'state'],
      registers,
      collect: () => {
        health.reset();
        const gateway = this.gateway;
        if (!gateway) return;
        for (const agent of gateway.listAgents()) {
          const current = gateway.agentState(agent.name);
          for (const state of STATES) health.set({ agent: agent.name, state }, state === current ? 1 : 0);
        }
      },
    });
    const depth = new Gauge({
      name: 'switchboard_metrics_recorder_buffer_depth',
      help: 'Metric rows buffered in memory, not yet written to agent_metrics',
      registers,
      collect: () => {
        depth.set(this.recorder?.depth ?? 0);
      },
    });
    // The recorder keeps its own totals: read them at scrape time.
    const recorderTotal = (name: string, help: string, read: (recorder: MetricsRecorder) => number) => {
      const counter: Counter = new Counter({
        name,
        help,
        registers,
        collect: () => {
          counter.reset();
          counter.inc(this.recorder ? read(this.recorder) : 0);
        },
      });
    };
    recorderTotal(
      'switchboard_metrics_recorder_written_total',
      'Metric rows written to agent_metrics',
      (r) => r.written,
    );
    recorderTotal(
      'switchboard_metrics_recorder_dropped_total',
      'Metric rows dropped because the buffer was full (the database was away too long)',
      (r) => r.dropped,
    );
  }

  /** Read agent health and the recorder's buffer from this gateway (the app has one when A2A is on). */
  watch(gateway: A2AGateway, recorder: MetricsRecorder | null): void {
    this.gateway = gateway;
    this.recorder = recorder;
  }

  /** On the request path of every call: label lookups and additions only. */
  record(r: InvocationRecord): void {
    const agent = r.agentName;
    const outcome = r.outcome;
    this.requests.inc({
      agent,
      front_door: r.frontDoor,
      operation: r.operation,
      outcome,
      error_code: r.errorCode ?? '',
    });
    this.duration.observe(
      { agent, front_door: r.frontDoor, operation: r.operation, outcome },
      r.durationMs / 1000,
    );
    if (r.attempts > 1) this.retries.inc({ agent }, r.attempts - 1);
    if (r.cost > 0) this.cost.inc({ agent }, r.cost);
    if (r.usage) {
      this.tokens.inc({ agent, direction: 'input' }, r.usage.inputTokens);
      this.tokens.inc({ agent, direction: 'output' }, r.usage.outputTokens);
    }
    this.agentsSeen.add(agent);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** The exposition text; series of agents no longer in the catalog are dropped first. */
  async scrape(): Promise<string> {
    if (this.gateway) await this.forgetRemovedAgents(this.gateway);
    return this.registry.metrics();
  }

  onModuleDestroy(): void {
    this.registry.clear();
  }

  private async forgetRemovedAgents(gateway: A2AGateway): Promise<void> {
    const removed = [...this.agentsSeen].filter((name) => !gateway.registry.get(name));
    if (removed.length === 0) return;
    const series: AgentSeries[] = [this.requests, this.duration, this.retries, this.cost, this.tokens];
    for (const metric of series) {
      for (const { labels } of (await metric.get()).values) {
        if (!removed.includes(String(labels.agent))) continue;
        // Histogram values carry their bucket's `le`; the series is named without it.
        const { le: _bucket, ...seriesLabels } = labels as Record<string, string | number>;
        metric.remove(seriesLabels);
      }
    }
    for (const name of removed) this.agentsSeen.delete(name);
  }
}
