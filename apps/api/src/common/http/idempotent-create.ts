import { applyDecorators } from '@nestjs/common';
import { ApiResponse } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';

/**
 * A create's answer: the resource, and whether this request made it. Creates are idempotent by name: a retry
 * of a create whose answer was lost finds the resource it made, equal to what it asks, and gets it back.
 */
export interface Created<T> {
  value: T;
  created: boolean;
}

/** What the create routes' OpenAPI descriptions say about retries (one wording for every resource). */
export const IDEMPOTENT_CREATE_NOTE =
  'Idempotent by name, so a create whose answer was lost can be retried: when a resource of that name ' +
  'already exists and equals the request, it is answered with 200 as it is; one that differs is 409.';

/** 201 for what this request created, 200 for the equal one an earlier (retried) request created. */
export function answerCreated<T>(reply: FastifyReply, result: Created<T>): T {
  if (!result.created) reply.status(200);
  return result.value;
}

/** Documents the 200 of a create that found its resource already there (the 201 is the route's ZodResponse). */
export const ApiExistingOnRetry = (type: unknown) =>
  applyDecorators(
    ApiResponse({
      status: 200,
      description: 'An equal resource of that name already existed (a retried create): returned unchanged',
      type: type as never,
    }),
  );
