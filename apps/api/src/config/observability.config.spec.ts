import { loadObservabilityConfig } from './observability.config';

describe('observability configuration', () => {
  it('by default: tracing off, Prometheus behind a bearer token', () => {
    expect(loadObservabilityConfig({})).toEqual({
      prometheusPublic: false,
      tracesUrl: null,
      serviceName: 'switchboard',
    });
    expect(loadObservabilityConfig({ OTEL_EXPORTER_OTLP_ENDPOINT: '' }).tracesUrl).toBeNull();
  });

  it.each([
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'http://collector:4318/v1/traces'],
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'https://otlp.example.com/otlp/' },
      'https://otlp.example.com/otlp/v1/traces',
    ],
    [
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318',
        OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://traces:4318/custom',
      },
      'http://traces:4318/custom',
    ],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318', OTEL_SDK_DISABLED: 'true' }, null],
  ])('traces to the OTLP/HTTP URL the OTEL_* variables give: %j', (env, url) => {
    expect(loadObservabilityConfig(env).tracesUrl).toBe(url);
  });

  it.each([
    [
      { OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' },
      'OTEL_EXPORTER_OTLP_ENDPOINT: must be an http(s) URL',
    ],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'grpc://x:4317' }, 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: must be'],
    [{ OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }, 'OTEL_EXPORTER_OTLP_PROTOCOL: only http/json'],
    [{ METRICS_PROMETHEUS_PUBLIC: 'maybe' }, 'METRICS_PROMETHEUS_PUBLIC'],
  ])('refuses %j, naming the variable', (env, message) => {
    expect(() => loadObservabilityConfig(env)).toThrow(message);
  });
});
