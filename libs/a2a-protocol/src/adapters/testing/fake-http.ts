import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

// A small HTTP server on the loopback for provider fakes (test support: not part of the library build): parsed JSON bodies, recorded requests, SSE
// helpers, and the fault modes every fake understands.

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** The raw body (for signature checks) and its JSON parse (undefined when not JSON). */
  raw: Buffer;
  body: unknown;
  /** Set once the client hung up before the answer was finished (a timeout or cancel reached the wire). */
  hungUp: boolean;
}

export type FakeHandler = (req: FakeRequest, res: ServerResponse) => void | Promise<void>;

export interface FakeServer {
  url: string;
  requests: FakeRequest[];
  close(): Promise<void>;
}

/**
 * Faults a test asks for by putting `fault:<mode>` in the message text: `401`, `429` (with
 * Retry-After: 7), `500`, `503`, `malformed` (a 200 whose body is not JSON), `shape` (valid JSON, not
 * the provider's shape), `hang` (no answer until the client hangs up, 10 s at most).
 */
export type Fault = '401' | '429' | '500' | '503' | 'malformed' | 'shape' | 'hang';

/** How long a `hang` fault holds its answer when the client never hangs up. */
export const HANG_MS = 10_000;

export function faultIn(text: string | undefined): Fault | undefined {
  return /fault:(401|429|500|503|malformed|shape|hang)/.exec(text ?? '')?.[1] as Fault | undefined;
}

/** Answer a fault the generic way (the JSON error body is the provider's own, given by `errorBody`). */
export function answerFault(
  res: ServerResponse,
  fault: Fault,
  errorBody: (status: number, message: string) => unknown,
): void {
  const json = (status: number, body: unknown, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers });
    res.end(JSON.stringify(body));
  };
  switch (fault) {
    case '401':
      return json(401, errorBody(401, 'invalid credentials'));
    case '429':
      return json(429, errorBody(429, 'slow down'), { 'retry-after': '7' });
    case '500':
      return json(500, errorBody(500, 'internal failure'));
    case '503':
      return json(503, errorBody(503, 'overloaded'));
    case 'malformed':
      res.writeHead(200, { 'content-type': 'application/json' });
      return void res.end('{"not json');
    case 'shape':
      return json(200, { unexpected: true });
    case 'hang': {
      const timer = setTimeout(() => json(504, errorBody(504, 'held too long')), HANG_MS);
      res.on('close', () => clearTimeout(timer));
      return;
    }
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

/** Start an event stream; `event()` writes one SSE event (`event:` line optional). */
export function startSse(res: ServerResponse) {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  return {
    event(data: unknown, event?: string) {
      res.write(
        `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`,
      );
    },
    end() {
      res.end();
    },
  };
}

/** `tls`: serve HTTPS with this key and certificate (PEM) instead of plain HTTP. */
export async function startFake(
  handler: FakeHandler,
  options: { tls?: { key: string; cert: string } } = {},
): Promise<FakeServer> {
  const requests: FakeRequest[] = [];
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://fake');
      const raw = Buffer.concat(chunks);
      let body: unknown;
      try {
        body = raw.length ? JSON.parse(raw.toString('utf8')) : undefined;
      } catch {
        body = undefined;
      }
      const request: FakeRequest = {
        method: req.method ?? 'GET',
        path: url.pathname,
        query: url.searchParams,
        headers: req.headers,
        raw,
        body,
        hungUp: false,
      };
      res.on('close', () => {
        if (!res.writableFinished) request.hungUp = true;
      });
      requests.push(request);
      Promise.resolve(handler(request, res)).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, { error: { message: String(error) } });
        else res.end();
      });
    });
  };
  const server = options.tls ? createHttpsServer(options.tls, listener) : createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
