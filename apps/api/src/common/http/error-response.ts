import { HttpException, HttpStatus } from '@nestjs/common';
import { ThrottlerException } from '@nestjs/throttler';
import { A2AError } from '@switchboard/a2a-protocol';
import type { ApiError, ValidationIssue } from '@switchboard/api-contract';
import { ZodValidationException } from 'nestjs-zod';
import type { z } from 'zod';
import { DependencyUnavailableException, type DependencyErrorCode } from '../errors/dependency.exception';
import { DomainException } from '../errors/domain.exception';
import { outageOf } from '../errors/outage';
import { httpStatusOf, httpStatusOfA2A, type DomainErrorCode } from '../errors/http-status';

export interface ErrorResponse {
  status: number;
  body: Omit<ApiError, 'requestId'>;
  /** Unexpected: log it with the stack (never sent to the caller). */
  unexpected?: boolean;
  headers?: Record<string, string>;
  /** A dependency is away: counted in its outage streak (logged once per streak, not per request). */
  outage?: DependencyErrorCode;
}

const retryAfter = (ms: number) => ({ 'retry-after': String(Math.max(1, Math.ceil(ms / 1000))) });

const STATUS_CODES: Partial<Record<number, string>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  406: 'NOT_ACCEPTABLE',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE_ENTITY',
  429: 'RATE_LIMITED',
};

export function issuesOf(error: z.ZodError): ValidationIssue[] {
  return error.issues.map((i) => ({ path: i.path.map(String).join('.'), message: i.message, code: i.code }));
}

export function describeIssues(issues: { path: string; message: string }[]): string {
  return issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
}

/** One mapping from anything thrown to the `{ code, message, details? }` body and its status. */
export function toErrorResponse(exception: unknown): ErrorResponse {
  if (exception instanceof DependencyUnavailableException) {
    return {
      status: httpStatusOf(exception.code),
      body: { code: exception.code, message: exception.message },
      headers: retryAfter(exception.retryAfterMs),
      outage: exception.code,
    };
  }
  if (exception instanceof DomainException) {
    return {
      status: httpStatusOf(exception.code as DomainErrorCode),
      body: { code: exception.code, message: exception.message, details: exception.details },
    };
  }
  if (exception instanceof A2AError) {
    const { retryAfterMs, status, ...rest } = exception.details;
    const details: Record<string, unknown> = {
      ...rest,
      ...(status !== undefined ? { upstreamStatus: status } : {}),
    };
    delete details.retryable;
    delete details.cause;
    return {
      status: httpStatusOfA2A(exception),
      body: { code: exception.code, message: exception.message, details },
      headers: retryAfterMs !== undefined ? retryAfter(retryAfterMs) : undefined,
    };
  }
  if (exception instanceof ZodValidationException) {
    const issues = issuesOf(exception.getZodError() as z.ZodError);
    return {
      status: HttpStatus.BAD_REQUEST,
      body: { code: 'VALIDATION_FAILED', message: describeIssues(issues), details: { issues } },
    };
  }
  if (exception instanceof ThrottlerException) {
    return {
      status: HttpStatus.TOO_MANY_REQUESTS,
      body: { code: 'RATE_LIMITED', message: 'Too many attempts; wait before trying again' },
    };
  }
  // Nest turns Fastify's own request errors (bad JSON, body too large, wrong media type) into these.
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const response = exception.getResponse();
    const message =
      typeof response === 'string'
        ? response
        : String((response as { message?: unknown }).message ?? exception.message);
    return {
      status,
      body: { code: STATUS_CODES[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'HTTP_ERROR'), message },
      unexpected: status >= 500,
    };
  }
  // A driver's error that says PostgreSQL or Redis is away: the typed 503, not a 500.
  const outage = outageOf(exception);
  if (outage) return toErrorResponse(outage);
  return {
    status: HttpStatus.INTERNAL_SERVER_ERROR,
    body: { code: 'INTERNAL_ERROR', message: 'Internal server error' },
    unexpected: true,
  };
}
