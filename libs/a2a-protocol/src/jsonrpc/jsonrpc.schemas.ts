import { z } from 'zod';

/** JSON-RPC 2.0 envelopes, as used by the A2A JSON-RPC binding. */
export const JsonRpcIdSchema = z.union([z.string(), z.number().int(), z.null()]);
export type JsonRpcId = z.infer<typeof JsonRpcIdSchema>;

export const JsonRpcRequestSchema = z.object({
  jsonrpc: z.literal('2.0'),
  id: JsonRpcIdSchema.optional(),
  method: z.string().min(1),
  params: z.unknown().optional(),
});
export type JsonRpcRequest = z.infer<typeof JsonRpcRequestSchema>;

export const JsonRpcErrorObjectSchema = z.object({
  code: z.number().int(),
  message: z.string(),
  data: z.unknown().optional(),
});
export type JsonRpcErrorObject = z.infer<typeof JsonRpcErrorObjectSchema>;

export type JsonRpcSuccess<T = unknown> = { jsonrpc: '2.0'; id: JsonRpcId; result: T };
export type JsonRpcFailure = { jsonrpc: '2.0'; id: JsonRpcId; error: JsonRpcErrorObject };
export type JsonRpcResponse<T = unknown> = JsonRpcSuccess<T> | JsonRpcFailure;

export const jsonRpcResult = <T>(id: JsonRpcId, result: T): JsonRpcSuccess<T> => ({
  jsonrpc: '2.0',
  id,
  result,
});
export const jsonRpcFailure = (id: JsonRpcId, error: JsonRpcErrorObject): JsonRpcFailure => ({
  jsonrpc: '2.0',
  id,
  error,
});

/** The id an answer echoes: the request's own when it is a valid id, else null (JSON-RPC 2.0 §5). */
export function jsonRpcIdOf(body: unknown): JsonRpcId {
  const id = (body as { id?: unknown } | null)?.id;
  return typeof id === 'string' || (typeof id === 'number' && Number.isInteger(id)) ? id : null;
}
