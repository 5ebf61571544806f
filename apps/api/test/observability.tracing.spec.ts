import { TestApi } from './harness';
import { sendJson, startFake, type FakeRequest, type FakeServer } from '@switchboard/a2a-protocol/testing';

// OpenTelemetry tracing for real: the app exports over OTLP/HTTP (JSON) to a collector on the loopback,
// and calls a loopback A2A v1.0 agent that shows which trace context it received.

interface OtlpValue {
  stringValue?: string;
  intValue?: string | number;
  doubleValue?: number;
  boolValue?: boolean;
}
interface OtlpSpan {
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  name: string;
  kind: number;
  attributes: { key: string; value: OtlpValue }[];
  events?: { name: string; attributes: { key: string; value: OtlpValue }[] }[];
  status?: { code?: number; message?: string };
}
interface ExportRequest {
  resourceSpans: {
    resource: { attributes: { key: string; value: OtlpValue }[] };
    scopeSpans: { spans: OtlpSpan[] }[];
  }[];
}

const plain = (attributes: { key: string; value: OtlpValue }[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => {
      const v = value.stringValue ?? value.intValue ?? value.doubleValue ?? value.boolValue;
      return [key, value.intValue !== undefined ? Number(v) : v];
    }),
  );

const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const PARENT_ID = '00f067aa0ba902b7';
const TRACEPARENT = `00-${TRACE_ID}-${PARENT_ID}-01`;

/** A minimal A2A v1.0 agent: its card, and SendMessage over JSON-RPC (`fail:<n>`: n × HTTP 503 first). */
async function standInAgent(): Promise<FakeServer> {
  let failures = 0;
  const server = await startFake((req, res) => {
    if (req.method === 'GET') {
      return sendJson(res, 200, {
        name: 'stand-in',
        description: 'shows the headers it got',
        version: '1.0.0',
        supportedInterfaces: [{ url: `${server.url}/`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
        capabilities: {},
        defaultInputModes: ['text/plain'],
        defaultOutputModes: ['text/plain'],
        skills: [],
      });
    }
    const rpc = req.body as { id: number; params: { message: { parts: { text: string }[] } } };
    const text = rpc.params.message.parts[0].text;
    if (failures < Number(/fail:(\d+)/.exec(text)?.[1] ?? 0)) {
      failures++;
      res.writeHead(503, { 'content-type': 'text/plain' });
      return void res.end('busy');
    }
    failures = 0;
    if (text === 'error:500') {
      res.writeHead(500, { 'content-type': 'text/plain' });
      return void res.end('boom');
    }
    sendJson(res, 200, {
      jsonrpc: '2.0',
      id: rpc.id,
      result: { message: { messageId: 'a1', role: 'ROLE_AGENT', parts: [{ text: `echo ${text}` }] } },
    });
  });
  return server;
}

describe('OpenTelemetry tracing of gateway calls', () => {
  let api: TestApi;
  let agent: FakeServer;
  let collector: FakeServer;

  const exported = () =>
    collector.requests
      .filter((r) => r.method === 'POST' && r.path === '/v1/traces')
      .map((r) => r.body as ExportRequest);
  const spans = () =>
    exported().flatMap((e) => e.resourceSpans.flatMap((rs) => rs.scopeSpans.flatMap((ss) => ss.spans)));
  /** Spans are batched: wait (bounded) until `count` spans of the trace arrived. */
  const spansOf = async (traceId: string, count = 1): Promise<OtlpSpan[]> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const found = spans().filter((s) => s.traceId === traceId);
      if (found.length >= count || Date.now() > deadline) return found;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  };
  const agentPosts = (): FakeRequest[] => agent.requests.filter((r) => r.method === 'POST');

  beforeAll(async () => {
    collector = await startFake((req, res) => sendJson(res, 200, {}));
    agent = await standInAgent();
    api = await TestApi.start({
      OTEL_EXPORTER_OTLP_ENDPOINT: collector.url,
      OTEL_SERVICE_NAME: 'switchboard-test',
      OTEL_BSP_SCHEDULE_DELAY: '20',
      A2A_RETRY_BASE_MS: '5',
    });
  });
  beforeEach(async () => {
    await api.reset();
    collector.requests.length = 0;
    agent.requests.length = 0;
    await api.createAgent({ name: 'traced', endpointUrl: `${agent.url}/`, timeoutMs: 5000 });
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
    await collector.close();
  });

  it('exports a span per call, child of the caller’s traceparent, and sends its context to the agent', async () => {
    const res = await api.post(
      '/a2a/traced/invoke',
      { message: 'hi' },
      { headers: { traceparent: TRACEPARENT } },
    );
    expect(res.status).toBe(200);

    const [span] = await spansOf(TRACE_ID);
    expect(span).toMatchObject({ name: 'send traced', kind: SPAN_KIND_CLIENT, parentSpanId: PARENT_ID });
    expect(plain(span.attributes)).toMatchObject({
      'gen_ai.agent.name': 'traced',
      'gen_ai.operation.name': 'invoke_agent',
      'switchboard.agent.provider': 'a2a',
      'switchboard.operation': 'send',
      'switchboard.front_door': 'rest',
      'switchboard.outcome': 'success',
      'switchboard.attempts': 1,
    });
    expect(plain(span.attributes)['gen_ai.agent.id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(span.status?.code ?? 0).not.toBe(STATUS_ERROR);
    const resource = plain(exported()[0].resourceSpans[0].resource.attributes);
    expect(resource['service.name']).toBe('switchboard-test');

    // Card discovery and the call itself both went out with the span's context.
    expect(agent.requests.map((r) => r.headers.traceparent)).toEqual([
      `00-${TRACE_ID}-${span.spanId}-01`,
      `00-${TRACE_ID}-${span.spanId}-01`,
    ]);
  });

  it('starts a new trace when the caller sends none, and gives every call its own', async () => {
    await api.post('/a2a/traced/invoke', { message: 'one' });
    await api.post('/a2a/traced/invoke', { message: 'two' });
    const [first, second] = agentPosts().map((r) => String(r.headers.traceparent).split('-'));
    expect(first[1]).not.toBe(second[1]);
    const [span] = await spansOf(second[1]);
    expect(span.spanId).toBe(second[2]);
    expect(span.parentSpanId ?? '').toBe('');
  });

  it('records retries as events and a failure as the span’s error', async () => {
    await api.post('/a2a/traced/invoke', { message: 'fail:1' }, { headers: { traceparent: TRACEPARENT } });
    expect(
      (
        await api.post(
          '/a2a/traced/invoke',
          { message: 'error:500' },
          { headers: { traceparent: TRACEPARENT } },
        )
      ).status,
    ).toBe(502);

    const [retried, failed] = await spansOf(TRACE_ID, 2);
    expect(plain(retried.attributes)).toMatchObject({
      'switchboard.outcome': 'success',
      'switchboard.attempts': 2,
    });
    expect(retried.events?.map((e) => [e.name, plain(e.attributes)])).toEqual([
      ['retry', expect.objectContaining({ 'switchboard.attempt': 1, 'error.type': 'UPSTREAM_ERROR' })],
    ]);
    expect(plain(failed.attributes)).toMatchObject({
      'switchboard.outcome': 'failure',
      'error.type': 'UPSTREAM_ERROR',
      'http.response.status_code': 500,
      'switchboard.attempts': 1,
    });
    expect(failed.status).toMatchObject({ code: STATUS_ERROR, message: expect.stringContaining('HTTP 500') });
  });

  it('traces the A2A proxy’s calls too', async () => {
    // The card the proxy serves is read from the agent once, through the pipeline; its calls never need it.
    const card = await api.get('/a2a/traced/.well-known/agent-card.json', {
      headers: { 'a2a-version': '1.0', traceparent: TRACEPARENT },
    });
    expect(card.status).toBe(200);
    const rpc = await api.post<{ result?: unknown }>(
      '/a2a/traced/jsonrpc',
      {
        jsonrpc: '2.0',
        id: 1,
        method: 'SendMessage',
        params: { message: { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'hi' }] } },
      },
      { headers: { 'a2a-version': '1.0', traceparent: TRACEPARENT } },
    );
    expect(rpc.body.result).toBeDefined();
    const traced = await spansOf(TRACE_ID, 2);
    expect(
      traced.map((s) => [s.name, plain(s.attributes)['switchboard.front_door'], s.parentSpanId]),
    ).toEqual([
      ['card traced', 'a2a', PARENT_ID],
      ['send traced', 'a2a', PARENT_ID],
    ]);
    const send = traced[1];
    expect(agentPosts().map((r) => r.headers.traceparent)).toEqual([`00-${TRACE_ID}-${send.spanId}-01`]);
  });

  it('is off without OTEL_EXPORTER_OTLP_ENDPOINT: no trace context goes to the agent', async () => {
    const quiet = await TestApi.start();
    try {
      await quiet.createAgent({ name: 'untraced', endpointUrl: `${agent.url}/` });
      const res = await quiet.post(
        '/a2a/untraced/invoke',
        { message: 'hi' },
        { headers: { traceparent: TRACEPARENT } },
      );
      expect(res.status).toBe(200);
    } finally {
      await quiet.close();
    }
    expect(agent.requests.length).toBeGreaterThan(0);
    expect(agent.requests.every((r) => r.headers.traceparent === undefined)).toBe(true);
  });

  it('refuses to start with an endpoint that is not an http(s) URL, naming it', async () => {
    await expect(TestApi.start({ OTEL_EXPORTER_OTLP_ENDPOINT: 'collector:4318' })).rejects.toThrow(
      /OTEL_EXPORTER_OTLP_ENDPOINT: must be an http\(s\) URL/,
    );
  });
});
