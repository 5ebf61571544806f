import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { requestIdOf } from './request-id';

const scope = new AsyncLocalStorage<string>();

/** The id of the request being served, if any: the root logger's mixin adds it to every line. */
export const currentRequestId = (): string | undefined => scope.getStore();

/**
 * Every request runs in a scope holding its id, entered once when it arrives — on Node 24 an
 * AsyncLocalStorage is a context-frame switch, not async hooks — so every log line written while serving
 * it carries `requestId` without a logger per request. With `accessLog` (the logger, known once the app is
 * initialised), one line per answered request (method, url, status, time): successful reads — the admin UI
 * polls — at debug, everything else at info; /health is left out.
 */
export function installRequestScope(fastify: FastifyInstance, accessLog: (() => Logger) | null): void {
  fastify.addHook('onRequest', (request, _reply, done) => {
    scope.enterWith(requestIdOf(request.raw));
    done();
  });
  if (!accessLog) return;
  fastify.addHook('onResponse', (request, reply, done) => {
    if (request.url !== '/health') {
      const { method, url } = request;
      const { statusCode } = reply;
      const responseTime = Math.round(reply.elapsedTime);
      const quiet = statusCode < 400 && (method === 'GET' || method === 'HEAD');
      accessLog()[quiet ? 'debug' : 'info'](
        { method, url, statusCode, responseTime },
        `${method} ${url} ${statusCode} ${responseTime} ms`,
      );
    }
    done();
  });
}
