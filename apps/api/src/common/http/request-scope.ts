import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';

const scope = new AsyncLocalStorage<string>();

/** The id of the request being served, if any: the root logger's mixin adds it to every line. */
export const currentRequestId = (): string | undefined => scope.getStore();

/**
 * Enter the scope of the request being served (once, when it arrives: see request-hooks) — on Node 24 an
 * AsyncLocalStorage is a context-frame switch, not async hooks — so every log line written while serving
 * it carries `requestId` without a logger per request.
 */
export const enterRequestScope = (requestId: string): void => scope.enterWith(requestId);

/**
 * With an access log (the logger, known once the app is initialised), one line per answered request (method,
 * url, status, time): successful reads — the admin UI polls — at debug, everything else at info; /health is
 * left out.
 */
export function installAccessLog(fastify: FastifyInstance, accessLog: () => Logger): void {
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
