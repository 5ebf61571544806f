import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const REQUEST_ID_HEADER = 'x-request-id';
const REQUEST_ID = Symbol('switchboard.requestId');
const SAFE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The request's id: the caller's X-Request-Id when it is a sane token, else a new UUID. Memoized on the
 * raw request so Fastify, the pino logger and the error filter all see the same one.
 */
export function requestIdOf(req: IncomingMessage): string {
  const holder = req as IncomingMessage & { [REQUEST_ID]?: string };
  if (!holder[REQUEST_ID]) {
    const incoming = req.headers[REQUEST_ID_HEADER];
    holder[REQUEST_ID] = typeof incoming === 'string' && SAFE_ID.test(incoming) ? incoming : randomUUID();
  }
  return holder[REQUEST_ID];
}
