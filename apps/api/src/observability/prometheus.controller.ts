import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Public } from '../auth/decorators/public.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { PrometheusMetrics } from './prometheus-metrics';

/**
 * GET /metrics/prometheus. Registered with its full path from a controller of its own, so that a
 * `@Controller('metrics')` elsewhere never collides with it (and a static route wins over `/metrics/:x`).
 */
abstract class PrometheusScrape {
  // Declared explicitly: the subclasses have no constructor of their own to carry the parameter types.
  constructor(@Inject(PrometheusMetrics) private readonly metrics: PrometheusMetrics) {}

  @Get('metrics/prometheus')
  @ApiOperation({
    summary: 'Metrics for Prometheus',
    description:
      'Prometheus text exposition format (0.0.4): calls and latency histograms per agent, front door, operation ' +
      'and outcome, retries, cost and tokens; agent health states; the metrics recorder’s buffer; Node process ' +
      'metrics. Needs a bearer token of any role (give the scraper a viewer API token), unless the server runs ' +
      'with METRICS_PROMETHEUS_PUBLIC=true.',
  })
  @ApiProduces('text/plain')
  @ApiOkResponse({
    description: 'The metrics, as `text/plain; version=0.0.4`',
    content: {
      'text/plain': {
        schema: { type: 'string' },
        example:
          '# TYPE switchboard_gateway_requests_total counter\n' +
          'switchboard_gateway_requests_total{agent="hello",front_door="rest",operation="send",outcome="success",error_code=""} 42\n',
      },
    },
  })
  @ApiErrors(401, 503)
  async scrape(@Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    reply.header('content-type', this.metrics.contentType);
    return this.metrics.scrape();
  }
}

/** The default: a scraper authenticates like any client, with a bearer token. */
@ApiTags('observability')
@ApiBearerAuth()
@Controller()
export class PrometheusController extends PrometheusScrape {}

/** METRICS_PROMETHEUS_PUBLIC=true: no credentials, for scrapers on a trusted network. */
@ApiTags('observability')
@Public()
@Controller()
export class PublicPrometheusController extends PrometheusScrape {}
