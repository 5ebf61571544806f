import { Body, Controller, Get, HttpCode, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AgentMetricsQuerySchema,
  AgentMetricsSchema,
  METRICS_SKETCH_RELATIVE_ACCURACY,
  MetricsResetBodySchema,
  MetricsSummaryQuerySchema,
  MetricsSummarySchema,
} from '@switchboard/api-contract';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AgentRefParam, ApiAgentRef } from '../agents/agent-ref.param';
import { MetricsService } from './metrics.service';

class MetricsSummaryQueryDto extends createZodDto(MetricsSummaryQuerySchema) {}
class MetricsSummaryDto extends createZodDto(MetricsSummarySchema) {}
class AgentMetricsQueryDto extends createZodDto(AgentMetricsQuerySchema) {}
class AgentMetricsDto extends createZodDto(AgentMetricsSchema) {}
class MetricsResetDto extends createZodDto(MetricsResetBodySchema) {}

const PERCENTILES_DOC =
  'Percentiles are exact within the raw retention window (`exact: true`). Older hours come from hourly ' +
  'rollups, each keeping a latency sketch (DDSketch): the p50/p95/p99 of any range or bucket of several hours ' +
  `are those of the merged sketches, each within ${METRICS_SKETCH_RELATIVE_ACCURACY * 100} % relative error ` +
  'of a true percentile. `latencyMs.percentiles` says which: exact, sketch, or approximate (hours rolled up ' +
  'before sketches were kept: a call-weighted mean of hourly percentiles, no bound).';

@ApiTags('metrics')
@ApiBearerAuth()
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsService) {}

  @Get('metrics')
  @ApiOperation({
    summary: 'Gateway metrics',
    description:
      'Calls (sends and streams, from every front door) in [from, to) — default the last 24 h: volume, success ' +
      'rate, calls by `outcomes` (calls the gateway refused before the agent — rate_limited, circuit_open, ' +
      'budget_exceeded, unauthorized, rejected — are counted and are failures in the success rate), latency ' +
      'min/avg/max/p50/p95/p99, tokens and cost — agent counts (total, enabled, healthy), and the ' +
      '`top` agents by calls. ' +
      PERCENTILES_DOC,
  })
  @ZodResponse({ type: MetricsSummaryDto })
  @ApiErrors(400, 401, 503)
  summary(@Query() query: MetricsSummaryQueryDto) {
    return this.metrics.summary(query);
  }

  @Get('a2a/:id/metrics')
  @ApiAgentRef()
  @ApiOperation({
    summary: 'One agent’s metrics over time',
    description:
      'A time series in `bucket`s (minute: raw window only; hour; day) over [from, to), default the last 24 h; ' +
      'at most 2,000 points, each with its calls by `outcomes` (refused calls included). Empty buckets are left ' +
      'out. ' +
      PERCENTILES_DOC,
  })
  @ZodResponse({ type: AgentMetricsDto })
  @ApiErrors(400, 401, 404, 503)
  agent(@AgentRefParam() ref: string, @Query() query: AgentMetricsQueryDto) {
    return this.metrics.agentSeries(ref, query);
  }

  @Post('metrics/reset')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Reset metrics (admin)',
    description:
      'Deletes recorded calls and rollups — of one agent with `agentId`, else of all — and the live counters.',
  })
  @ApiNoContentResponse({ description: 'Reset.' })
  @ApiErrors(400, 401, 403, 404, 503)
  async reset(@Body() body: MetricsResetDto) {
    await this.metrics.reset(body.agentId);
  }
}
