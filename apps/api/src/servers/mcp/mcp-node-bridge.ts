import type { WebStandardStreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Serves one request with the SDK's web-standard Streamable HTTP transport over Node's request and response —
 * what the SDK's Node transport does through @hono/node-server, with fewer socket writes: that adapter sends
 * the headers of an SSE answer at once and the events later, two writes for the usual one-event answer (the
 * result); here the headers wait for the first event, and an event the stream ends right after goes out with
 * the end, so a tool result is one write. Every protocol rule (Accept, Content-Type, session,
 * MCP-Protocol-Version, JSON-RPC validation) stays the transport's. The SDK sends a keep-alive comment on
 * every SSE answer every 15 s, so the headers of a long call are never held back longer than that.
 */
export async function serveMcpRequest(
  transport: WebStandardStreamableHTTPServerTransport,
  req: IncomingMessage,
  res: ServerResponse,
  parsedBody: unknown,
): Promise<void> {
  let response: Response;
  try {
    response = await transport.handleRequest(webRequestOf(req), { parsedBody });
  } catch {
    response = new Response(null, { status: 500 }); // as the SDK's Node transport answers then
  }
  await writeWebResponse(response, res);
}

/** The request as the transport reads it: method, URL and headers; the body is already parsed. */
function webRequestOf(req: IncomingMessage): Request {
  const headers = new Headers();
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i], raw[i + 1]);
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.url ?? '/'}`, {
    method: req.method,
    headers,
  });
}

type Read = Awaited<ReturnType<ReadableStreamDefaultReader<Uint8Array>['read']>>;

/** The read if it is already settled (the stream has more queued, or was closed), else undefined. */
const settledRead = (read: Promise<Read>): Promise<Read | undefined> =>
  Promise.race([read, Promise.resolve().then(() => undefined)]);

async function writeWebResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: OutgoingHttpHeaders = {};
  response.headers.forEach((value, name) => {
    headers[name] = value;
  });
  if (!response.body) {
    res.writeHead(response.status, headers).end();
    return;
  }
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    // A JSON answer (an error, a 202 with a body) is whole from the start.
    const body = new Uint8Array(await response.arrayBuffer());
    res.writeHead(response.status, { ...headers, 'content-length': body.byteLength }).end(body);
    return;
  }
  const reader = response.body.getReader();
  // The client went away first: cancelling the body tells the transport the stream is gone.
  const onClose = () => {
    if (!res.writableFinished) reader.cancel().catch(() => undefined);
  };
  res.once('close', onClose);
  res.writeHead(response.status, headers); // sent with the first write, not before
  try {
    let held: Uint8Array | undefined;
    let read = reader.read();
    for (;;) {
      const next = held ? await settledRead(read) : await read;
      if (next === undefined) {
        // More is coming, later: what is held goes out now (a progress notification must not wait).
        if (!res.write(held)) await drained(res);
        held = undefined;
        continue;
      }
      if (next.done) break;
      if (held && !res.write(held)) await drained(res);
      held = next.value;
      read = reader.read();
    }
    res.end(held);
  } catch {
    res.destroy();
  } finally {
    res.off('close', onClose);
  }
}

/** Room in the socket again, or no socket any more (a write after the client left never drains). */
const drained = (res: ServerResponse) =>
  res.destroyed
    ? Promise.resolve()
    : new Promise<void>((resolve) => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
