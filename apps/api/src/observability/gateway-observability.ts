import { Injectable } from '@nestjs/common';
import type { A2AGateway, CallOptions, CallTracer, MetricsSink } from '@switchboard/a2a-protocol/gateway';
import type { FastifyRequest } from 'fastify';
import type { MetricsRecorder } from '../metrics/metrics-recorder';
import { GatewayTracing } from './gateway-tracing';
import { callTimingOf } from './overhead';
import { PrometheusMetrics } from './prometheus-metrics';

/** What the invocation pipeline needs from observability, in one place. */
@Injectable()
export class GatewayObservability {
  constructor(
    private readonly prometheus: PrometheusMetrics,
    private readonly tracing: GatewayTracing,
  ) {}

  /** Joins the pipeline's metrics fan-out. */
  get sink(): MetricsSink {
    return this.prometheus;
  }

  /** The gateway's tracer; undefined when tracing is off. */
  get tracer(): CallTracer | undefined {
    return this.tracing.tracer;
  }

  /** Scrapes read agent health and the recorder's buffer from here. */
  watch(gateway: A2AGateway, recorder: MetricsRecorder | null): void {
    this.prometheus.watch(gateway, recorder);
  }

  /** The call options a front door's request adds: timing for its overhead header, the caller's trace. */
  requestScope(request: FastifyRequest): Pick<CallOptions, 'timing' | 'traceContext'> {
    const traceContext = this.tracing.traceContextOf(request.headers);
    return { timing: callTimingOf(request.raw), ...(traceContext ? { traceContext } : {}) };
  }
}
