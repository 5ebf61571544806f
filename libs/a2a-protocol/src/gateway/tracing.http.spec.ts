/**
 * The tracing and timing hooks of the pipeline, with the real A2AAdapter (and its connection, built once
 * per agent) over real HTTP: a minimal v1.0 agent on 127.0.0.1 that records the headers of every request.
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { A2AAdapter } from '../adapters/a2a/a2a.adapter';
import type { A2AError } from '../errors/a2a-error';
import { A2AGateway, type A2AGatewayOptions } from './a2a-gateway';
import { AgentConfig } from './agent-config';
import type { InvocationRecord } from './ports';
import type { CallTrace, CallTracer, TracedCall } from './tracing';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

/** Answers `SendMessage` after `delayMs`; `fail:<n>` in the text: the first n calls get HTTP 503. */
async function recordingAgent(delayMs = 0) {
  const seen: Seen[] = [];
  let failures = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
      if (req.method === 'GET') {
        res.writeHead(200, { 'content-type': 'application/json' });
        return res.end(JSON.stringify(card));
      }
      const rpc = JSON.parse(Buffer.concat(chunks).toString()) as {
        id: number;
        params: { message: { parts: { text: string }[] } };
      };
      const text = rpc.params.message.parts[0].text;
      const fail = Number(/fail:(\d+)/.exec(text)?.[1] ?? 0);
      if (failures < fail) {
        failures++;
        res.writeHead(503, { 'content-type': 'text/plain' });
        return res.end('busy');
      }
      setTimeout(() => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            jsonrpc: '2.0',
            id: rpc.id,
            result: { message: { messageId: 'a1', role: 'ROLE_AGENT', parts: [{ text: `echo ${text}` }] } },
          }),
        );
      }, delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const card = {
    name: 'recording',
    description: 'records what it receives',
    version: '1.0.0',
    supportedInterfaces: [{ url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    capabilities: {},
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [],
  };
  return {
    url,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A tracer that writes down what the gateway tells it; each call's trace id is its sequence number. */
class RecordingTracer implements CallTracer {
  readonly traces: {
    call: TracedCall;
    headers: Record<string, string>;
    retries: [number, string, number][];
    ended?: { record: InvocationRecord; error?: A2AError };
  }[] = [];

  start(call: TracedCall): CallTrace {
    const n = String(this.traces.length + 1).padStart(32, '0');
    const entry: RecordingTracer['traces'][number] = {
      call,
      headers: { traceparent: `00-${n}-00000000000000aa-01` },
      retries: [],
    };
    this.traces.push(entry);
    return {
      headers: entry.headers,
      retry: (attempt, error, delayMs) => entry.retries.push([attempt, error.code, delayMs]),
      end: (record, error) => (entry.ended = { record, error }),
    };
  }
}

async function withGateway(
  agent: Awaited<ReturnType<typeof recordingAgent>>,
  options: A2AGatewayOptions,
  run: (gateway: A2AGateway) => Promise<void>,
) {
  const gateway = new A2AGateway({
    allowPrivateNetworks: true,
    adapters: [new A2AAdapter()],
    retry: { maxRetries: 2, baseDelayMs: 1, maxDelayMs: 1 },
    ...options,
  });
  gateway.registerAgent(new AgentConfig('recording', agent.url).withTimeout(5_000));
  try {
    await run(gateway);
  } finally {
    await gateway.close();
  }
}

describe('A2AGateway tracing hooks over real HTTP', () => {
  let agent: Awaited<ReturnType<typeof recordingAgent>>;
  beforeEach(async () => (agent = await recordingAgent()));
  afterEach(() => agent.close());

  it('sends each call’s trace headers on every request of that call, though the agent’s connection is reused', async () => {
    const tracer = new RecordingTracer();
    await withGateway(agent, { tracer }, async (gateway) => {
      const parent = { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' };
      await gateway.sendMessage('recording', 'one', { frontDoor: 'rest', traceContext: parent });
      await gateway.sendMessage('recording', 'two');
    });

    const [first, second] = tracer.traces;
    expect(first.call).toMatchObject({
      operation: 'send',
      frontDoor: 'rest',
      parent: { traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01' },
    });
    expect(first.call.agent.name).toBe('recording');
    expect(second.call).toMatchObject({ operation: 'send', frontDoor: 'library' });
    expect(second.call.parent).toBeUndefined();
    // The first call also fetched the card; the second reuses the client built then.
    expect(agent.seen.map((s) => [s.method, s.headers.traceparent])).toEqual([
      ['GET', first.headers.traceparent],
      ['POST', first.headers.traceparent],
      ['POST', second.headers.traceparent],
    ]);
    expect(first.ended?.record).toMatchObject({ ok: true, attempts: 1, agentName: 'recording' });
    expect(first.ended?.error).toBeUndefined();
  });

  it('reports retries to the trace and ends it with the failure', async () => {
    const tracer = new RecordingTracer();
    await withGateway(agent, { tracer }, async (gateway) => {
      await gateway.sendMessage('recording', 'fail:1');
      await expect(gateway.sendMessage('recording', 'fail:9')).rejects.toMatchObject({
        code: 'UPSTREAM_ERROR',
      });
    });
    const [recovered, failed] = tracer.traces;
    expect(recovered.retries).toEqual([[1, 'UPSTREAM_ERROR', expect.any(Number)]]);
    expect(recovered.ended?.record).toMatchObject({ ok: true, attempts: 2 });
    expect(failed.retries.map(([attempt]) => attempt)).toEqual([1, 2]);
    expect(failed.ended?.record).toMatchObject({ ok: false, attempts: 3, upstreamStatus: 503 });
    expect(failed.ended?.error?.code).toBe('UPSTREAM_ERROR');
    // Retried attempts carried the same call's trace context.
    const posts = agent.seen.filter((s) => s.method === 'POST');
    expect(posts.map((s) => s.headers.traceparent)).toEqual([
      ...Array(2).fill(recovered.headers.traceparent),
      ...Array(3).fill(failed.headers.traceparent),
    ]);
  });

  it('without a tracer sends no trace headers', async () => {
    await withGateway(agent, {}, (gateway) => gateway.sendMessage('recording', 'hi').then(() => {}));
    expect(agent.seen.length).toBeGreaterThan(0);
    expect(agent.seen.every((s) => s.headers.traceparent === undefined)).toBe(true);
  });
});

describe('A2AGateway call timing', () => {
  it('counts the wait on a slow agent as upstream time, within the call’s total', async () => {
    const slow = await recordingAgent(150);
    try {
      await withGateway(slow, {}, async (gateway) => {
        await gateway.sendMessage('recording', 'warm up');
        const timing = { upstreamMs: 0 };
        const started = performance.now();
        await gateway.sendMessage('recording', 'hi', { timing });
        const total = performance.now() - started;
        expect(timing.upstreamMs).toBeGreaterThanOrEqual(145);
        expect(timing.upstreamMs).toBeLessThanOrEqual(total);
      });
    } finally {
      await slow.close();
    }
  });

  it('counts backoff pauses as upstream time too', async () => {
    const agent = await recordingAgent();
    const tracer = new RecordingTracer();
    const retry = { maxRetries: 1, baseDelayMs: 400, maxDelayMs: 400 };
    try {
      await withGateway(agent, { tracer, retry }, async (gateway) => {
        await gateway.sendMessage('recording', 'warm up');
        const timing = { upstreamMs: 0 };
        await gateway.sendMessage('recording', 'fail:1', { timing });
        const [[, , delayMs]] = tracer.traces[1].retries;
        expect(timing.upstreamMs).toBeGreaterThanOrEqual(delayMs);
      });
    } finally {
      await agent.close();
    }
  });
});
