import {
  A2AError,
  A2AErrorCode,
  fromV03SendParams,
  SendMessageRequestSchema,
  V03MessageSendParamsSchema,
  type SendMessageRequest,
} from '@switchboard/a2a-protocol';
import { findJsonProblem } from '@switchboard/api-contract';
import type { z } from 'zod';
import type { A2ADialect } from './from-a2a-error-to-json-rpc.util';

/**
 * `params` checked against JSON_LIMITS and the method's schema; a mismatch is the caller's mistake, naming
 * the field.
 */
export function paramsOf<T>(schema: z.ZodType<T>, params: unknown): T {
  const problem = findJsonProblem(params);
  const parsed = problem ? undefined : schema.safeParse(params);
  if (parsed?.success) return parsed.data;
  const found = problem ? [problem] : (parsed?.error.issues ?? []);
  const issues = found.map((i) => ({
    path: ['params', ...i.path.map(String)].join('.'),
    message: i.message,
  }));
  const first = issues[0];
  throw new A2AError(A2AErrorCode.InvalidRequest, `Invalid params: ${first.path}: ${first.message}`, {
    issues,
  });
}

/** The params of `SendMessage` / `SendStreamingMessage` (`message/send`, `message/stream`) as a v1.0 request. */
export function toSendRequest(params: unknown, dialect: A2ADialect): SendMessageRequest {
  return dialect === '0.3'
    ? fromV03SendParams(paramsOf(V03MessageSendParamsSchema, params))
    : paramsOf(SendMessageRequestSchema, params);
}
