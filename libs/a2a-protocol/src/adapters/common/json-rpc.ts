import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { A2AError, A2AErrorCode, fromAgentRpcCode, type AgentRpcError } from '../../errors/a2a-error';
import type { A2AProtocolVersion } from '../../versions/protocol-versions';
import type { AdapterContext } from '../provider-adapter';
import { eventJson, jsonOf, protocolError, providerHttpError, sseOf, who } from './provider-response';

// JSON-RPC 2.0 as A2A speaks it, for every agent the gateway calls that way: A2A agents (v1.0 and v0.3),
// and providers with an A2A-style endpoint of their own (LangGraph's /a2a/{assistant_id}, FastA2A). One
// POST per call, one SSE stream of envelopes per streaming call, each answer parsed once and checked by
// the caller's schema, and the agent's JSON-RPC errors kept verbatim on the gateway's typed errors.

/** The A2A generation an endpoint speaks: its method names, and the conventions of its errors' `data`. */
export type RpcDialect = A2AProtocolVersion;

/** One JSON-RPC request. */
export interface RpcPlan<T> {
  url: string;
  method: string;
  params: unknown;
  /** Checks the `result` (of each event, for a stream). */
  result: z.ZodType<T>;
  dialect: RpcDialect;
  /** Headers besides Content-Type and Accept (A2A-Version, a platform's per-call headers). */
  headers?: Record<string, string>;
}

interface Envelope {
  jsonrpc?: unknown;
  id?: unknown;
  result?: unknown;
  error?: { code?: unknown; message?: unknown; data?: unknown };
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A JSON-RPC error the agent answered, as the gateway's error naming the agent. `details.rpcError` keeps
 * the error object exactly as received (when it is one: a numeric code and a string message), so a door
 * that speaks JSON-RPC can pass it on unchanged.
 */
export function rpcError(
  ctx: AdapterContext,
  error: NonNullable<Envelope['error']>,
  dialect: RpcDialect,
): A2AError {
  const rpcCode = typeof error.code === 'number' ? error.code : undefined;
  const text = typeof error.message === 'string' ? error.message : undefined;
  const message = text?.slice(0, 300) ?? 'unknown error';
  const verbatim: AgentRpcError | undefined =
    rpcCode !== undefined && text !== undefined
      ? { code: rpcCode, message: text, ...('data' in error ? { data: error.data } : {}), dialect }
      : undefined;
  const details = {
    agentName: ctx.agent.name,
    provider: ctx.agent.provider,
    rpcCode,
    ...(verbatim ? { rpcError: verbatim } : {}),
  };
  const code = fromAgentRpcCode(rpcCode);
  switch (code) {
    case A2AErrorCode.AgentError:
      return new A2AError(code, `${who(ctx)} returned an error: ${message}`, details);
    case A2AErrorCode.InvalidRequest:
      return new A2AError(code, `${who(ctx)} cannot take this request: ${message}`, details);
    default:
      return new A2AError(code, `${who(ctx)}: ${message}`, details);
  }
}

/** The error of an envelope, if the text is a JSON-RPC error response. */
function errorOf(text: string): Envelope['error'] | undefined {
  try {
    const body = JSON.parse(text) as Envelope;
    return isObject(body) && body.jsonrpc === '2.0' && isObject(body.error) ? body.error : undefined;
  } catch {
    return undefined;
  }
}

function resultOf<T>(ctx: AdapterContext, envelope: unknown, plan: RpcPlan<T>): T {
  if (!isObject(envelope) || envelope.jsonrpc !== '2.0')
    throw protocolError(ctx, `the answer to ${plan.method} is not a JSON-RPC 2.0 response`);
  const body = envelope as Envelope;
  if (body.error) throw rpcError(ctx, body.error, plan.dialect);
  const parsed = plan.result.safeParse(body.result);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw protocolError(ctx, `the result of ${plan.method} at "${issue.path.join('.')}": ${issue.message}`);
  }
  return parsed.data;
}

/**
 * POST the request. An answer that is not a success is the agent's JSON-RPC error when its body is one
 * (some agents send them with 4xx/5xx), else the HTTP failure it is.
 */
async function post(ctx: AdapterContext, plan: RpcPlan<unknown>, accept: string): Promise<Response> {
  const response = await ctx.fetch(plan.url, {
    method: 'POST',
    headers: { ...plan.headers, 'content-type': 'application/json', accept },
    body: JSON.stringify({ jsonrpc: '2.0', id: randomUUID(), method: plan.method, params: plan.params }),
    signal: ctx.signal,
  });
  if (response.ok) return response;
  const text = await response.text().catch(() => '');
  const error = errorOf(text);
  throw error ? rpcError(ctx, error, plan.dialect) : await providerHttpError(ctx, response, text);
}

/** One JSON-RPC call; its `result` checked, its `error` thrown as a typed error. */
export async function rpcCall<T>(ctx: AdapterContext, plan: RpcPlan<T>): Promise<T> {
  return resultOf(ctx, await jsonOf(ctx, await post(ctx, plan, 'application/json')), plan);
}

/**
 * A streaming JSON-RPC call: every SSE event is an envelope whose result is yielded. An agent that refuses
 * the call before the stream starts may answer one plain JSON-RPC error instead.
 */
export async function* rpcStream<T>(ctx: AdapterContext, plan: RpcPlan<T>): AsyncGenerator<T> {
  const response = await post(ctx, plan, 'text/event-stream');
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('text/event-stream')) {
    const error = errorOf(await response.text().catch(() => ''));
    if (error) throw rpcError(ctx, error, plan.dialect);
    throw protocolError(ctx, `expected an event stream, got "${type || 'no content type'}"`);
  }
  for await (const event of sseOf(ctx, response)) yield resultOf(ctx, eventJson(ctx, event), plan);
}
