import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import {
  METRICS_MAX_POINTS,
  type AgentMetrics,
  type AgentMetricsQuery,
  type MetricsBucket,
  type MetricsSummary,
  type MetricsSummaryQuery,
} from '@switchboard/api-contract';
import { A2AGateway } from '@switchboard/a2a-protocol/gateway';
import { AgentsService } from '../agents/agents.service';
import { a2aConfig } from '../config';
import { MetricsErrorCode, MetricsException } from './metrics.exception';
import { METRICS_RECORDER, type MetricsRecorder } from './metrics-recorder';
import {
  mergeParts,
  MetricsStore,
  partKey,
  statsOf,
  type BucketInterval,
  type Grouping,
  type Part,
} from './metrics-store';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const BUCKETS: Record<MetricsBucket, { interval: BucketInterval; ms: number }> = {
  minute: { interval: '1 minute', ms: 60_000 },
  hour: { interval: '1 hour', ms: HOUR },
  day: { interval: '1 day', ms: DAY },
};

const floorHour = (t: number) => Math.floor(t / HOUR) * HOUR;

/**
 * Numbers for operators: totals, per-agent rankings and time series, right at any moment — raw rows for the
 * recent window (exact), hourly rollups before it (percentiles from merged latency sketches) — plus the
 * rollup/retention job.
 */
@Injectable()
export class MetricsService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(MetricsService.name);
  private timer?: NodeJS.Timeout;
  private firstRun?: NodeJS.Timeout;
  private running: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly store: MetricsStore,
    private readonly gateway: A2AGateway,
    /** Null when A2A_METRICS_ENABLED=false. */
    @Inject(METRICS_RECORDER) private readonly recorder: MetricsRecorder | null,
    private readonly agents: AgentsService,
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
  ) {}

  onModuleInit() {
    const every = this.config.metrics.rollupIntervalMs;
    if (every > 0) {
      this.timer = setInterval(() => void this.rollUp().catch(() => undefined), every).unref();
      this.firstRun = setTimeout(() => void this.rollUp().catch(() => undefined), 1_000).unref();
    }
  }

  async onApplicationShutdown() {
    clearInterval(this.timer);
    clearTimeout(this.firstRun);
    await this.running.catch(() => undefined);
  }

  /** Roll completed hours up and apply retention (also run on a timer). */
  async rollUp(now = new Date()): Promise<{ hours: number }> {
    const { rawRetentionMs, rollupRetentionMs } = this.config.metrics;
    const run = this.running.then(async () => {
      await this.recorder?.flush();
      return this.store.rollUp(now, rawRetentionMs, rollupRetentionMs);
    });
    this.running = run.catch((error: Error) => this.logger.warn(`Metrics rollup failed: ${error.message}`));
    return run;
  }

  async summary(query: MetricsSummaryQuery): Promise<MetricsSummary> {
    const { from, to } = this.range(query);
    const [total, perAgent] = await Promise.all([
      this.collect(from, to, 'none', null),
      query.top > 0 ? this.collect(from, to, 'agent', null) : Promise.resolve({ parts: [], exact: true }),
    ]);
    const stats = this.gateway.stats().registry;
    return {
      from: from.toISOString(),
      to: to.toISOString(),
      exact: total.exact,
      agents: { total: stats.totalAgents, enabled: stats.enabledAgents, healthy: stats.healthyAgents },
      calls: statsOf(total.parts[0]),
      topAgents: perAgent.parts
        .sort((a, b) => b.count - a.count || (a.agentName ?? '').localeCompare(b.agentName ?? ''))
        .slice(0, query.top)
        .map((p) => ({ agentId: p.agentId, name: p.agentName ?? '', ...statsOf(p) })),
    };
  }

  /** `ref`: the agent's id, name or slug. */
  async agentSeries(ref: string, query: AgentMetricsQuery): Promise<AgentMetrics> {
    const agent = await this.agents.get(ref);
    const { from, to } = this.range(query);
    const bucket = BUCKETS[query.bucket];
    if ((to.getTime() - from.getTime()) / bucket.ms > METRICS_MAX_POINTS) {
      throw new MetricsException(
        MetricsErrorCode.InvalidRange,
        `bucket: ${query.bucket} buckets over this range would be more than ${METRICS_MAX_POINTS} points; use a wider bucket or a shorter range`,
        { field: 'bucket' },
      );
    }
    if (query.bucket === 'minute' && from < (await this.store.rawStart())) {
      throw new MetricsException(
        MetricsErrorCode.InvalidRange,
        `from: minute buckets exist only for the raw window (about the last ${this.config.metrics.rawRetentionMs / HOUR} hours)`,
        { field: 'from' },
      );
    }
    const { parts, exact } = await this.collect(from, to, 'none', bucket.interval, agent.id);
    return {
      agentId: agent.id,
      name: agent.name,
      bucket: query.bucket,
      from: from.toISOString(),
      to: to.toISOString(),
      exact,
      points: parts.map((p) => ({ start: (p.start as Date).toISOString(), ...statsOf(p) })),
    };
  }

  async reset(agentId?: string): Promise<void> {
    const agent = agentId ? await this.agents.get(agentId) : undefined;
    await this.recorder?.flush();
    await this.store.reset(agentId);
    this.gateway.resetStats(agent?.name);
    this.logger.log(agent ? `Metrics of agent "${agent.name}" reset` : 'All metrics reset');
  }

  private range(query: { from?: Date; to?: Date }): { from: Date; to: Date } {
    const to = query.to ?? new Date();
    const from = query.from ?? new Date(to.getTime() - DAY);
    if (from >= to) {
      throw new MetricsException(MetricsErrorCode.InvalidRange, 'from: must be before to', { field: 'from' });
    }
    return { from, to };
  }

  /** Parts from rollups before rawStart and from raw rows after it, merged per (group, bucket). */
  private async collect(
    from: Date,
    to: Date,
    grouping: Grouping,
    bucket: BucketInterval,
    agentId?: string,
  ): Promise<{ parts: Part[]; exact: boolean }> {
    await this.recorder?.flush();
    const rawStart = await this.store.rawStart();
    const exact = from >= rawStart;
    const [old, recent] = await Promise.all([
      exact
        ? Promise.resolve([])
        : this.store.rollups(
            new Date(floorHour(from.getTime())),
            to < rawStart ? to : rawStart,
            grouping,
            bucket,
            agentId,
          ),
      to > rawStart || exact
        ? this.store.raw(exact ? from : rawStart, to, grouping, bucket, agentId, {
            // Recent calls in a bucket that also holds rolled-up hours are merged with them by sketch.
            sketches: !exact,
          })
        : Promise.resolve([]),
    ]);
    const merged = new Map<string, Part>();
    for (const part of [...old, ...recent]) {
      const key = partKey(part);
      const seen = merged.get(key);
      merged.set(key, seen ? mergeParts(seen, part) : part);
    }
    return { parts: [...merged.values()], exact };
  }
}
