import type { FastifyReply, FastifyRequest } from 'fastify';
import { REQUEST_ID_HEADER, requestIdOf } from '../common/http/request-id';
import { toErrorResponse } from '../common/http/error-response';

export interface SseFrame {
  event?: string;
  data: unknown;
}

/**
 * Stream frames to the client as Server-Sent Events, each written (and flushed) as soon as it arrives.
 * The first frame is awaited before any byte is sent, so an error up front (unknown agent, rate limit…)
 * still gets its normal JSON status; later errors become an `error` event. When the client goes away,
 * `abort()` stops the upstream call.
 */
export async function sendSse(
  request: FastifyRequest,
  reply: FastifyReply,
  frames: AsyncIterable<SseFrame>,
  abort: () => void,
  errorFrame: (body: object) => SseFrame = (body) => ({ event: 'error', data: body }),
): Promise<void> {
  const iterator = frames[Symbol.asyncIterator]();
  const first = await iterator.next();

  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
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

  const write = async (frame: SseFrame) => {
    const text = `${frame.event ? `event: ${frame.event}\n` : ''}data: ${JSON.stringify(frame.data)}\n\n`;
    if (!res.write(text)) await new Promise((resolve) => res.once('drain', resolve));
  };

  try {
    for (let step = first; !step.done && !closed; step = await iterator.next()) await write(step.value);
  } catch (error) {
    if (!closed) {
      const { body } = toErrorResponse(error);
      await write(errorFrame({ ...body, requestId: requestIdOf(request.raw) }));
    }
  } finally {
    if (closed) await iterator.return?.();
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
