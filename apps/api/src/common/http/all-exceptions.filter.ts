import { ArgumentsHost, Catch, ExceptionFilter, Injectable, Logger } from '@nestjs/common';
import { OutageLog } from '../errors/outage-log';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { requestIdOf } from './request-id';
import { toErrorResponse } from './error-response';

/** The one global filter: every error leaves as `{ code, message, details?, requestId }`. */
@Catch()
@Injectable()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger(AllExceptionsFilter.name);

  constructor(private readonly outages: OutageLog) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const reply = http.getResponse<FastifyReply>();
    const requestId = requestIdOf(request.raw);
    const { status, body, unexpected, headers, outage } = toErrorResponse(exception);
    if (outage) this.outages.failed(outage, exception);
    if (unexpected) {
      // Name, message and stack go to the log with the request id (never the error's other fields, which
      // can hold query parameters); the caller only gets the id.
      const err = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(
        { requestId, err: { name: err.name, message: err.message, stack: err.stack } },
        'Unhandled error',
      );
    }
    if (reply.sent) return;
    for (const [name, value] of Object.entries(headers ?? {})) reply.header(name, value);
    void reply
      .status(status)
      .header('content-type', 'application/json; charset=utf-8')
      .send({ ...body, requestId });
  }
}
