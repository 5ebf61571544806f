import {
  defaultTextMapGetter,
  defaultTextMapSetter,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Attributes,
  type Span,
  type Tracer,
} from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  ATTR_ERROR_TYPE,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_SERVICE_NAME,
} from '@opentelemetry/semantic-conventions';
import type { A2AError } from '@switchboard/a2a-protocol';
import type { CallTrace, CallTracer, InvocationRecord, TracedCall } from '@switchboard/a2a-protocol/gateway';

// GenAI agent attributes are still "incubating" in the semantic conventions, which advise copying them
// rather than importing the unstable entry point.
const GEN_AI_OPERATION_NAME = 'gen_ai.operation.name';
const GEN_AI_AGENT_NAME = 'gen_ai.agent.name';
const GEN_AI_AGENT_ID = 'gen_ai.agent.id';
const GEN_AI_USAGE_INPUT_TOKENS = 'gen_ai.usage.input_tokens';
const GEN_AI_USAGE_OUTPUT_TOKENS = 'gen_ai.usage.output_tokens';

// The OpenTelemetry side of GatewayTracing, in a module of its own: it is loaded only when tracing is on, so a
// gateway without an OTLP endpoint never loads the OpenTelemetry SDK.

/** One gateway call as an OpenTelemetry span; its W3C context is what the agent receives. */
class OtelCallTrace implements CallTrace {
  constructor(
    private readonly span: Span,
    readonly headers: Record<string, string>,
  ) {}

  retry(attempt: number, error: A2AError, delayMs: number): void {
    this.span.addEvent('retry', {
      'switchboard.attempt': attempt,
      [ATTR_ERROR_TYPE]: error.code,
      'switchboard.retry.delay_ms': delayMs,
    });
  }

  end(record: InvocationRecord, error?: A2AError): void {
    const attributes: Attributes = {
      'switchboard.outcome': record.outcome,
      'switchboard.attempts': record.attempts,
    };
    if (record.errorCode) attributes[ATTR_ERROR_TYPE] = record.errorCode;
    if (record.upstreamStatus !== undefined)
      attributes[ATTR_HTTP_RESPONSE_STATUS_CODE] = record.upstreamStatus;
    if (record.cost > 0) attributes['switchboard.cost'] = record.cost;
    if (record.usage) {
      attributes[GEN_AI_USAGE_INPUT_TOKENS] = record.usage.inputTokens;
      attributes[GEN_AI_USAGE_OUTPUT_TOKENS] = record.usage.outputTokens;
    }
    this.span.setAttributes(attributes);
    if (!record.ok) this.span.setStatus({ code: SpanStatusCode.ERROR, message: error?.message });
    this.span.end();
  }
}

/** The gateway's CallTracer: a CLIENT span per call, child of the caller's trace when it sent one. */
export class OtelCallTracer implements CallTracer {
  // Used directly rather than through the global propagation API: nothing process-wide is registered,
  // so several apps (tests) can trace side by side.
  private readonly propagator = new W3CTraceContextPropagator();

  constructor(private readonly tracer: Tracer) {}

  start({ agent, operation, frontDoor, parent }: TracedCall): CallTrace {
    const parentContext = parent
      ? this.propagator.extract(ROOT_CONTEXT, parent, defaultTextMapGetter)
      : ROOT_CONTEXT;
    const attributes: Attributes = {
      [GEN_AI_AGENT_NAME]: agent.name,
      'switchboard.agent.provider': agent.provider,
      'switchboard.operation': operation,
      'switchboard.front_door': frontDoor,
    };
    if (agent.id) attributes[GEN_AI_AGENT_ID] = agent.id;
    if (operation === 'send' || operation === 'stream') attributes[GEN_AI_OPERATION_NAME] = 'invoke_agent';
    const span = this.tracer.startSpan(
      `${operation} ${agent.name}`,
      { kind: SpanKind.CLIENT, attributes },
      parentContext,
    );
    const headers: Record<string, string> = {};
    this.propagator.inject(trace.setSpan(parentContext, span), headers, defaultTextMapSetter);
    return new OtelCallTrace(span, headers);
  }
}

/** A tracer exporting over OTLP/HTTP (JSON) to `tracesUrl`, and how to flush it at shutdown. */
export function startOtelTracing(config: { tracesUrl: string; serviceName: string }): {
  tracer: CallTracer;
  shutdown: () => Promise<void>;
} {
  const provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ [ATTR_SERVICE_NAME]: config.serviceName }),
    // Batch size, queue and delay follow the OTEL_BSP_* variables; headers OTEL_EXPORTER_OTLP_HEADERS.
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter({ url: config.tracesUrl }))],
  });
  return {
    tracer: new OtelCallTracer(provider.getTracer('switchboard-gateway')),
    shutdown: () => provider.shutdown(),
  };
}
