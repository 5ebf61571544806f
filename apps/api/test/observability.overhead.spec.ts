import { request as httpRequest } from 'node:http';
import { startHelloAgentProcess, type HelloAgentProcess } from './hello-agent.process';
import { TestApi } from './harness';

const OVERHEAD = 'x-switchboard-overhead-ms';
const FAR_BELOW_200 = 100;

/** The overhead header as a number, checked to be a plain decimal. */
function overheadOf(headers: Headers | Record<string, string | string[] | undefined>): number {
  const raw = headers instanceof Headers ? headers.get(OVERHEAD) : headers[OVERHEAD];
  expect(raw).toMatch(/^\d+\.\d{2}$/);
  return Number(raw);
}

describe('X-Switchboard-Overhead-Ms: the time a call spent in the gateway itself', () => {
  let api: TestApi;
  let agent: HelloAgentProcess;
  const timed = async <T>(call: () => Promise<T>) => {
    const started = performance.now();
    const result = await call();
    return { result, totalMs: performance.now() - started };
  };

  beforeAll(async () => {
    agent = await startHelloAgentProcess();
    api = await TestApi.start();
    await api.reset(); // the database is shared with the specs that ran before
    await api.createAgent({ name: 'hello', endpointUrl: agent.url, timeoutMs: 5000 });
    // The first call discovers the agent's card; the calls measured below are warm.
    await api.post('/a2a/hello/invoke', { message: 'ping' });
  });
  afterAll(async () => {
    await api.close();
    await agent.close();
  });

  it('REST invoke: far below the 200 ms the agent took, and below the total', async () => {
    const overheads: number[] = [];
    for (let call = 0; call < 3; call++) {
      const { result: res, totalMs } = await timed(() =>
        api.post('/a2a/hello/invoke', { message: 'slow:200' }),
      );
      expect(res.status).toBe(200);
      expect(totalMs).toBeGreaterThanOrEqual(200);
      const overhead = overheadOf(res.headers);
      expect(overhead).toBeLessThan(totalMs - 200);
      overheads.push(overhead);
    }
    // A few ms when warm; the bound leaves room for a GC pause or a busy CI core.
    expect(Math.max(...overheads)).toBeLessThan(FAR_BELOW_200);
    expect(Math.min(...overheads)).toBeLessThan(20);
  });

  it('REST invoke that fails: the error answer carries it too', async () => {
    const res = await api.post('/a2a/hello/invoke', { message: 'error:500' });
    expect(res.status).toBe(502);
    expect(overheadOf(res.headers)).toBeLessThan(FAR_BELOW_200);
  });

  it('A2A proxy JSON-RPC answer, first call (card fetched) and later ones', async () => {
    const rpc = (text: string) =>
      api.post<{ result?: unknown }>(
        '/a2a/hello/jsonrpc',
        {
          jsonrpc: '2.0',
          id: 1,
          method: 'SendMessage',
          params: { message: { messageId: `m-${text}`, role: 'ROLE_USER', parts: [{ text }] } },
        },
        { headers: { 'a2a-version': '1.0' } },
      );
    for (let call = 0; call < 2; call++) {
      const { result: res, totalMs } = await timed(() => rpc('slow:200'));
      expect(res.body.result).toBeDefined();
      const overhead = overheadOf(res.headers);
      expect(overhead).toBeLessThan(FAR_BELOW_200);
      expect(overhead).toBeLessThan(totalMs - 200);
    }
  });

  it('SSE: up to the first event in the headers, the whole stream in a trailer', async () => {
    const body = JSON.stringify({ message: 'stream:3' });
    const { headers, trailers, text } = await new Promise<{
      headers: Record<string, string | string[] | undefined>;
      trailers: Record<string, string | undefined>;
      text: string;
    }>((resolve, reject) => {
      const req = httpRequest(
        `${api.baseUrl}/a2a/hello/stream`,
        {
          method: 'POST',
          headers: {
            authorization: `Bearer ${api.adminToken}`,
            'content-type': 'application/json',
            accept: 'text/event-stream',
          },
        },
        (res) => {
          let text = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => (text += chunk));
          res.on('end', () => resolve({ headers: res.headers, trailers: res.trailers, text }));
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end(body);
    });
    expect(text).toContain('event: artifact-update');
    expect(headers.trailer).toBe(OVERHEAD);
    expect(overheadOf(headers)).toBeLessThan(FAR_BELOW_200);
    expect(overheadOf(trailers)).toBeGreaterThanOrEqual(overheadOf(headers));
  });

  it('is not added to answers that made no call to an agent', async () => {
    const res = await api.get('/a2a');
    expect(res.status).toBe(200);
    expect(res.headers.get(OVERHEAD)).toBeNull();
  });
});
