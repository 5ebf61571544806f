import { Logger, type FactoryProvider, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { CallTracer, TraceContext } from '@switchboard/a2a-protocol/gateway';
import type { IncomingHttpHeaders } from 'node:http';
import { observabilityConfig } from '../config';

/**
 * OpenTelemetry tracing of gateway calls, on when OTEL_EXPORTER_OTLP_ENDPOINT (or _TRACES_ENDPOINT) is
 * set: spans are batched and exported over OTLP/HTTP (JSON). Off, there is no tracer, the gateway does no
 * tracing work at all and the OpenTelemetry SDK is never loaded (otel-call-tracer.ts is imported on demand).
 */
export class GatewayTracing implements OnApplicationShutdown {
  private constructor(
    readonly tracer: CallTracer | undefined,
    private readonly shutdown?: () => Promise<void>,
  ) {}

  /** Nest's provider for it: async, so the gateway that reads `tracer` is built after it is known. */
  static readonly provider: FactoryProvider<GatewayTracing> = {
    provide: GatewayTracing,
    inject: [observabilityConfig.KEY],
    useFactory: async ({ tracesUrl, serviceName }: ConfigType<typeof observabilityConfig>) => {
      if (!tracesUrl) return new GatewayTracing(undefined);
      const { startOtelTracing } = await import('./otel-call-tracer');
      const { tracer, shutdown } = startOtelTracing({ tracesUrl, serviceName });
      new Logger(GatewayTracing.name).log(`Tracing gateway calls to ${tracesUrl} as ${serviceName}`);
      return new GatewayTracing(tracer, shutdown);
    },
  };

  /** The caller's W3C trace context, when tracing is on and it sent one. */
  traceContextOf(headers: IncomingHttpHeaders): TraceContext | undefined {
    if (!this.tracer) return undefined;
    const traceparent = headers.traceparent;
    if (typeof traceparent !== 'string') return undefined;
    const tracestate = headers.tracestate;
    return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
  }

  /** Spans still queued are exported before the process goes. */
  async onApplicationShutdown(): Promise<void> {
    await this.shutdown?.();
  }
}
