import type { AgentRead } from '@switchboard/api-contract';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TestApi } from './harness';

type Answer = AgentRead & { warnings?: { code: string; message: string }[] };

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
}

async function close(server: Server): Promise<void> {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
}

describe('registration checks the endpoint and warns without refusing', () => {
  let api: TestApi;
  /** Answers every request with 404: reachable (any HTTP answer is). */
  const answering = createServer((_, res) => res.writeHead(404).end());
  /** Takes requests and never answers. */
  const silent = createServer(() => undefined);
  let answeringUrl: string;
  let silentUrl: string;
  /** A loopback port nothing listens on (opened, then closed): connections are refused. */
  let refusedUrl: string;

  beforeAll(async () => {
    answeringUrl = await listen(answering);
    silentUrl = await listen(silent);
    const closed = createServer();
    refusedUrl = await listen(closed);
    await close(closed);
    api = await TestApi.start({ A2A_ENDPOINT_CHECK_TIMEOUT_MS: '2000' });
  });
  beforeEach(() => api.reset());
  afterAll(async () => {
    await api.close();
    await Promise.all([close(answering), close(silent)]);
  });

  it('registers an agent whose endpoint refuses connections, with an ENDPOINT_UNREACHABLE warning', async () => {
    const res = await api.post<Answer>('/a2a', { name: 'refused', endpointUrl: refusedUrl });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      { code: 'ENDPOINT_UNREACHABLE', message: expect.stringContaining(refusedUrl) },
    ]);
    const stored = await api.get<Answer>(`/a2a/${res.body.id}`);
    expect(stored.status).toBe(200);
    expect(stored.body.warnings).toBeUndefined();
  });

  it('gives up on an endpoint that does not answer within about 2 s, and still registers it', async () => {
    const started = Date.now();
    const res = await api.post<Answer>('/a2a', { name: 'silent', endpointUrl: silentUrl });
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(res.status).toBe(201);
    expect(res.body.warnings).toEqual([
      { code: 'ENDPOINT_UNREACHABLE', message: expect.stringContaining('2 s') },
    ]);
  });

  it('says nothing when the endpoint answers HTTP, whatever the status', async () => {
    const res = await api.post<Answer>('/a2a', { name: 'answering', endpointUrl: answeringUrl });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toBeUndefined();
  });

  it('checks a new endpointUrl on PUT, and only then', async () => {
    const agent = await api.post<Answer>('/a2a', { name: 'moving', endpointUrl: answeringUrl });
    const moved = await api.put<Answer>(`/a2a/${agent.body.id}`, { endpointUrl: refusedUrl });
    expect(moved.status).toBe(200);
    expect(moved.body.endpointUrl).toBe(refusedUrl);
    expect(moved.body.warnings).toEqual([
      { code: 'ENDPOINT_UNREACHABLE', message: expect.stringContaining(refusedUrl) },
    ]);
    const renamed = await api.put<Answer>(`/a2a/${agent.body.id}`, { description: 'no new URL' });
    expect(renamed.status).toBe(200);
    expect(renamed.body.warnings).toBeUndefined();
  });
});

describe('A2A_ENDPOINT_CHECK_TIMEOUT_MS=0', () => {
  let api: TestApi;
  const probed: string[] = [];
  const agent = createServer((req, res) => {
    probed.push(req.url ?? '');
    res.writeHead(404).end();
  });
  beforeAll(async () => {
    api = await TestApi.start({ A2A_ENDPOINT_CHECK_TIMEOUT_MS: '0' });
  });
  afterAll(async () => {
    await api.close();
    await close(agent);
  });

  it('registers without checking the endpoint: no request, no warning', async () => {
    const url = await listen(agent);
    const res = await api.post<Answer>('/a2a', { name: 'unchecked', endpointUrl: url });
    expect(res.status).toBe(201);
    expect(res.body.warnings).toBeUndefined();
    expect(probed).toEqual([]);
  });
});
