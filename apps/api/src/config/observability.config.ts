import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envBoolean, envString, parseEnv } from './env.util';

const httpUrl = z.preprocess(
  (v) => (typeof v === 'string' && v.trim() === '' ? undefined : v),
  z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
);

// The OTEL_* names and meanings are OpenTelemetry's own (SDK environment variables), so a deployment
// configured for other services configures this one too.
const schema = z.object({
  METRICS_PROMETHEUS_PUBLIC: envBoolean(false),
  OTEL_SDK_DISABLED: envBoolean(false),
  OTEL_EXPORTER_OTLP_ENDPOINT: httpUrl,
  OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: httpUrl,
  OTEL_EXPORTER_OTLP_PROTOCOL: z
    .enum(['http/json'], {
      error: 'only http/json is supported (the OTLP/HTTP JSON exporter); unset it or set http/json',
    })
    .optional(),
  OTEL_SERVICE_NAME: envString(),
});

export const loadObservabilityConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('observability', schema, env);
  // A traces endpoint is used as given; the general endpoint gets the signal's path (OTLP/HTTP spec).
  const tracesUrl =
    c.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT ??
    (c.OTEL_EXPORTER_OTLP_ENDPOINT && `${c.OTEL_EXPORTER_OTLP_ENDPOINT.replace(/\/+$/, '')}/v1/traces`);
  return {
    prometheusPublic: c.METRICS_PROMETHEUS_PUBLIC,
    /** Where spans go (OTLP/HTTP JSON); null: tracing is off. */
    tracesUrl: !c.OTEL_SDK_DISABLED && tracesUrl ? tracesUrl : null,
    serviceName: c.OTEL_SERVICE_NAME ?? 'switchboard',
  };
};
export const observabilityConfig = registerAs('observability', () => loadObservabilityConfig());
export type ObservabilityConfig = ReturnType<typeof loadObservabilityConfig>;
