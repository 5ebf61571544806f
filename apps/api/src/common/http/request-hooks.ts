import type { FastifyInstance } from 'fastify';
import { noteArrival, OVERHEAD_HEADER, overheadMs } from '../../observability/overhead';
import { REQUEST_ID_HEADER, requestIdOf } from './request-id';
import { enterRequestScope } from './request-scope';

/**
 * What every request needs on its way in and out, as one hook each (Fastify runs every hook as its own step
 * of every request, the data-plane calls included): in, the request id (answered in X-Request-Id, and the
 * scope every log line reads it from) and the arrival time; out, the X-Switchboard-Overhead-Ms of timed
 * requests (streams write theirs: see sendSse) and, once a shutdown began, `Connection: close` — a client's
 * idle keep-alive connection must not hold the process open until the shutdown deadline.
 */
export function installRequestHooks(fastify: FastifyInstance, shuttingDown: () => boolean): void {
  fastify.addHook('onRequest', (request, reply, done) => {
    const raw = request.raw;
    noteArrival(raw);
    const id = requestIdOf(raw);
    reply.header(REQUEST_ID_HEADER, id);
    enterRequestScope(id);
    done();
  });
  fastify.addHook('onSend', (request, reply, payload, done) => {
    const overhead = overheadMs(request.raw);
    if (overhead !== undefined) reply.header(OVERHEAD_HEADER, overhead);
    if (shuttingDown()) reply.header('connection', 'close');
    done(null, payload);
  });
}
