import { DynamicModule, Module } from '@nestjs/common';
import { loadObservabilityConfig } from '../config';
import { GatewayObservability } from './gateway-observability';
import { GatewayTracing } from './gateway-tracing';
import { PrometheusController, PublicPrometheusController } from './prometheus.controller';
import { PrometheusMetrics } from './prometheus-metrics';

/**
 * Standards-based observability: Prometheus metrics (GET /metrics/prometheus), OpenTelemetry traces of
 * gateway calls, and the X-Switchboard-Overhead-Ms header. Global, so the invocation pipeline can feed it.
 */
@Module({})
export class ObservabilityModule {
  static register(env: NodeJS.ProcessEnv = process.env): DynamicModule {
    const { prometheusPublic } = loadObservabilityConfig(env);
    return {
      module: ObservabilityModule,
      global: true,
      controllers: [prometheusPublic ? PublicPrometheusController : PrometheusController],
      providers: [PrometheusMetrics, GatewayTracing.provider, GatewayObservability],
      exports: [PrometheusMetrics, GatewayObservability],
    };
  }
}
