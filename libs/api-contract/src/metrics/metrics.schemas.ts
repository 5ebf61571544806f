import { INVOCATION_OUTCOMES, REFUSAL_OUTCOMES } from '@switchboard/a2a-protocol';
import { z } from 'zod';
import { requestBody } from '../common/request-body';

/**
 * How a call ended as its caller saw it: answered (`success`, `failure`), ended by the caller (`canceled`) or
 * by a shutdown (`shutdown`), or refused by the gateway before the agent (`rate_limited`, `circuit_open`,
 * `budget_exceeded`, `unauthorized`, `rejected`).
 */
export const InvocationOutcomeSchema = z.enum(INVOCATION_OUTCOMES).meta({
  description:
    'How a call ended as its caller saw it: success, failure (the agent failed), canceled (the caller left), ' +
    'shutdown (cut at the shutdown deadline), or refused before the agent: rate_limited, circuit_open, ' +
    'budget_exceeded, unauthorized (a known agent, the caller refused), rejected (any other refusal).',
});
export type InvocationOutcome = z.infer<typeof InvocationOutcomeSchema>;

/** Calls by outcome: every outcome present (0 when none). */
export const OutcomeCountsSchema = z.record(InvocationOutcomeSchema, z.number().int()).meta({
  description: 'Calls by outcome; refused calls count as failures in successRate.',
});
export type OutcomeCounts = z.infer<typeof OutcomeCountsSchema>;

/** Calls the gateway refused before the agent (rate limit, circuit, budget, credentials, other refusals). */
export const refusedCalls = (outcomes: OutcomeCounts): number =>
  REFUSAL_OUTCOMES.reduce((n, outcome) => n + outcomes[outcome], 0);

/** Time-series resolution; minute buckets exist only while the raw rows are kept. */
export const METRICS_BUCKETS = ['minute', 'hour', 'day'] as const;
export const MetricsBucketSchema = z.enum(METRICS_BUCKETS);
export type MetricsBucket = z.infer<typeof MetricsBucketSchema>;

/** Most points one time-series answer may hold. */
export const METRICS_MAX_POINTS = 2000;

const instant = z.iso
  .datetime({ offset: true })
  .transform((v) => new Date(v))
  .meta({ description: 'ISO 8601 instant, e.g. 2026-11-21T00:00:00Z' });

/** A range [from, to); defaults: the last 24 hours. */
const range = {
  from: instant.optional(),
  to: instant.optional(),
};

function checkRange(value: { from?: Date; to?: Date }, ctx: z.RefinementCtx) {
  if (value.from && value.to && value.from >= value.to)
    ctx.addIssue({ code: 'custom', path: ['from'], message: 'from must be before to' });
}

export const MetricsSummaryQuerySchema = z
  .strictObject({
    ...range,
    top: z.coerce
      .number()
      .int()
      .min(0)
      .max(100)
      .default(10)
      .meta({ description: 'How many agents to rank.' }),
  })
  .superRefine(checkRange);
export type MetricsSummaryQuery = z.infer<typeof MetricsSummaryQuerySchema>;

export const AgentMetricsQuerySchema = z
  .strictObject({
    ...range,
    bucket: MetricsBucketSchema.default('hour'),
  })
  .superRefine(checkRange);
export type AgentMetricsQuery = z.infer<typeof AgentMetricsQuerySchema>;

export const MetricsResetSchema = z.strictObject({
  agentId: z.uuid().optional().meta({ description: 'Only this agent; omitted = every agent.' }),
});
export type MetricsReset = z.infer<typeof MetricsResetSchema>;
export const MetricsResetBodySchema = requestBody(MetricsResetSchema);

/**
 * Relative accuracy of the latency sketch (a DDSketch) every hourly rollup keeps. Percentiles of a window that
 * spans rolled-up hours come from the merged sketches of its hours: each is within this fraction of a true
 * percentile (a duration between the two calls at the percentile's rank). Changing it makes the stored
 * sketches unmergeable with new ones.
 */
export const METRICS_SKETCH_RELATIVE_ACCURACY = 0.01;

/** How the percentiles of a latency were found. */
export const PERCENTILE_SOURCES = ['exact', 'sketch', 'approximate'] as const;
export const PercentileSourceSchema = z.enum(PERCENTILE_SOURCES).meta({
  description:
    'How p50/p95/p99 were found: exact (computed from every call, as Postgres percentile_cont), ' +
    `sketch (merged hourly DDSketches: each within ${METRICS_SKETCH_RELATIVE_ACCURACY * 100} % relative error of ` +
    'a true percentile, i.e. of a duration between the two calls at its rank), or approximate (the window holds ' +
    'hours rolled up before sketches were kept, whose raw calls are gone: their hourly percentiles are combined ' +
    'as a call-weighted mean, with no error bound).',
});
export type PercentileSource = z.infer<typeof PercentileSourceSchema>;

const exactSchema = z.boolean().meta({
  description:
    'true when the whole range lies within the raw window (every percentile computed from the calls ' +
    'themselves); false when older hours come from hourly rollups, whose percentiles are merged from ' +
    `latency sketches (within ${METRICS_SKETCH_RELATIVE_ACCURACY * 100} % relative error; see latencyMs.percentiles).`,
});

/** Latency of calls in ms: extremes, mean and percentiles (null when there were no calls). */
export const LatencySchema = z.object({
  min: z.number().nullable(),
  avg: z.number().nullable(),
  max: z.number().nullable(),
  p50: z.number().nullable(),
  p95: z.number().nullable(),
  p99: z.number().nullable(),
  percentiles: PercentileSourceSchema,
});

/**
 * Calls (sends and streams) in a period, whichever front door they came through, refused ones included:
 * `failures` and `successRate` are what callers saw.
 */
export const CallStatsSchema = z.object({
  invocations: z.number().int(),
  successes: z.number().int(),
  failures: z.number().int(),
  /** successes / invocations; null without calls. */
  successRate: z.number().nullable(),
  outcomes: OutcomeCountsSchema,
  latencyMs: LatencySchema,
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
  cost: z.number(),
});
export type CallStats = z.infer<typeof CallStatsSchema>;

export const MetricsSummarySchema = z.object({
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  /**
   * Percentiles are exact while the range lies within the raw window; older hours use hourly rollups and
   * their sketches (see `latencyMs.percentiles`).
   */
  exact: exactSchema,
  agents: z.object({
    total: z.number().int(),
    enabled: z.number().int(),
    healthy: z.number().int(),
  }),
  calls: CallStatsSchema,
  topAgents: z.array(CallStatsSchema.extend({ agentId: z.string().nullable(), name: z.string() })),
});
export type MetricsSummary = z.infer<typeof MetricsSummarySchema>;

export const MetricsPointSchema = CallStatsSchema.extend({ start: z.iso.datetime() });
export type MetricsPoint = z.infer<typeof MetricsPointSchema>;

export const AgentMetricsSchema = z.object({
  agentId: z.uuid(),
  name: z.string(),
  bucket: MetricsBucketSchema,
  from: z.iso.datetime(),
  to: z.iso.datetime(),
  exact: exactSchema,
  points: z.array(MetricsPointSchema),
});
export type AgentMetrics = z.infer<typeof AgentMetricsSchema>;

/** What an agent read says about its calls so far (all time). */
export const AgentMetricsSummarySchema = z.object({
  invocations: z.number().int(),
  successRate: z.number().nullable(),
  avgLatencyMs: z.number().nullable(),
});
export type AgentMetricsSummary = z.infer<typeof AgentMetricsSummarySchema>;
