import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER, requestIdOf } from '../common/http/request-id';
import { OVERHEAD_HEADER, overheadMs } from '../observability/overhead';

export interface SseFormat<T> {
  /** One event as SSE text (`event: …\ndata: …\n\n`). */
  event(value: T): string;
  /** A failure after the stream started, as SSE text. */
  error(error: unknown): string;
}

/**
 * Stream events to the client as Server-Sent Events, each written (and flushed) as soon as it arrives.
 * The first event is awaited before any byte is sent, so a failure up front (unknown agent, rate limit…)
 * is thrown to the caller to answer normally; later failures are written with `format.error`. When the
 * client goes away, `abort()` stops the upstream call. The gateway's overhead (X-Switchboard-Overhead-Ms)
 * is sent twice: in the headers, up to the first event; as a trailer, for the whole stream (writing the
 * events to the client included) — for the clients that read trailers.
 */
export async function sendSse<T>(
  request: FastifyRequest,
  reply: FastifyReply,
  events: AsyncIterable<T>,
  abort: () => void,
  format: SseFormat<T>,
  headers: Record<string, string> = {},
): Promise<void> {
  const iterator = events[Symbol.asyncIterator]();
  const first = await iterator.next();

  reply.hijack();
  const res = reply.raw;
  const overhead = overheadMs(request.raw);
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    ...headers,
    ...(overhead !== undefined ? { [OVERHEAD_HEADER]: overhead, trailer: OVERHEAD_HEADER } : {}),
    [REQUEST_ID_HEADER]: requestIdOf(request.raw),
  });
  res.flushHeaders();
  let closed = false;
  res.on('close', () => {
    if (!res.writableFinished) {
      closed = true;
      abort();
    }
  });
  // The connection can be gone before the response hears of it (its socket destroyed, by the client or by
  // shutdown's deadline, and 'close' not emitted yet): a write then returns false and no 'drain' ever comes.
  const gone = () => closed || res.destroyed || res.socket?.destroyed === true;
  const write = async (text: string) => {
    if (res.write(text) || gone()) return;
    await new Promise<void>((resolve) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
    });
  };

  try {
    for (let step = first; !step.done && !gone(); step = await iterator.next())
      await write(format.event(step.value));
  } catch (error) {
    if (!gone()) await write(format.error(error));
  } finally {
    if (gone()) {
      // Stop the call (its upstream request) and let the gateway record it, whichever noticed first.
      abort();
      await iterator.return?.();
    }
    const total = overheadMs(request.raw);
    if (total !== undefined) res.addTrailers({ [OVERHEAD_HEADER]: total });
    res.end();
  }
}

export function wantsEventStream(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/event-stream');
}

/** An AbortSignal that fires when the client disconnects before the answer is complete. */
export function clientGone(reply: FastifyReply): { signal: AbortSignal; abort: () => void } {
  const controller = new AbortController();
  reply.raw.on('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return { signal: controller.signal, abort: () => controller.abort() };
}
