import { Injectable, Logger } from '@nestjs/common';
import {
  A2A_PROTOCOL_VERSIONS,
  A2AError,
  A2AErrorCode,
  JSON_RPC_ERROR_CODES,
  jsonRpcFailure,
  jsonRpcIdOf,
  jsonRpcResult,
  ListTasksRequestSchema,
  methodFromV03,
  methodToV03,
  CancelTaskRequestSchema,
  GetTaskRequestSchema,
  SubscribeToTaskRequestSchema,
  toV03SendResult,
  toV03Task,
  V03TaskIdParamsSchema,
  V03TaskQueryParamsSchema,
  type JsonRpcId,
  type JsonRpcResponse,
  type V10MethodName,
} from '@switchboard/a2a-protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Principal } from '../../auth/decorators/current-user.decorator';
import { outageOf } from '../../common/errors/outage';
import { OutageLog } from '../../common/errors/outage-log';
import { requestIdOf } from '../../common/http/request-id';
import { AgentCalls, type AgentRef, type Caller } from '../agent-calls.port';
import { clientGone, sendSse } from '../sse';
import { UNPARSEABLE_BODY } from './jsonrpc-body';
import { eventsInDialect } from './utils/from-a2a-events-to-dialect.util';
import { toJsonRpcError, type A2ADialect } from './utils/from-a2a-error-to-json-rpc.util';
import { paramsOf, toSendRequest } from './utils/from-json-rpc-params-to-a2a-request.util';

/** Every method of the A2A JSON-RPC binding, by its v1.0 name (`ListTasks` has no v0.3 name). */
export type A2AMethod = V10MethodName | 'ListTasks';

/** The A2A generations the gateway's card offers (`A2A-Version` is compared by major.minor). */
const SUPPORTED_VERSIONS: ReadonlySet<string> = new Set(A2A_PROTOCOL_VERSIONS);
const majorMinor = (version: string) => /^\s*(\d+)\.(\d+)/.exec(version)?.slice(1, 3).join('.') ?? version;
/** `A2A-Version` values seen (callers send one or two spellings), so the header is parsed once, not per call. */
const supportedByHeader = new Map<string, boolean>();
function isSupportedVersion(version: string): boolean {
  let supported = supportedByHeader.get(version);
  if (supported === undefined) {
    supported = SUPPORTED_VERSIONS.has(majorMinor(version));
    if (supportedByHeader.size < 64) supportedByHeader.set(version, supported);
  }
  return supported;
}
export const isLegacyVersion = (v: string | undefined) => !v || v.startsWith('0.');
/** A v1.0 method name: every v0.3 method's v1.0 name, and ListTasks. */
const isV10Method = (method: string): method is A2AMethod =>
  method === 'ListTasks' || methodToV03(method) !== undefined;

/** What a call answers: one result, or a stream of results (sent as SSE), in the caller's dialect. */
export type RpcAnswer = { result: unknown } | { events: AsyncIterable<unknown> };

/**
 * The A2A JSON-RPC binding of every agent behind the gateway (`POST /a2a/:slug/jsonrpc`), for v1.0 and v0.3
 * callers alike, whatever the agent itself speaks. The envelope is checked here; params once, with the lib's
 * zod schemas, and handed to the gateway pipeline in its one (v1.0) shape; answers go back translated to the
 * caller's generation, as JSON or SSE. Errors are JSON-RPC errors in the caller's dialect (see toJsonRpcError).
 */
@Injectable()
export class A2AJsonRpcDoor {
  private readonly logger = new Logger(A2AJsonRpcDoor.name);

  constructor(
    private readonly calls: AgentCalls,
    private readonly outages: OutageLog,
  ) {}

  /** Unknown agent: 404; disabled: 409 — plain HTTP answers, before any JSON-RPC. */
  enabledAgent(slug: string): AgentRef {
    const agent = this.calls.agent(slug);
    if (!agent.enabled) throw A2AError.agentDisabled(agent.name);
    return agent;
  }

  async handle(slug: string, body: unknown, user: Principal, request: FastifyRequest, reply: FastifyReply) {
    const agent = this.enabledAgent(slug);
    const send = (envelope: JsonRpcResponse) =>
      void reply.status(200).header('content-type', 'application/json').send(envelope);
    const fail = (id: JsonRpcId, code: number, message: string) =>
      send(jsonRpcFailure(id, { code, message }));
    if (body === UNPARSEABLE_BODY)
      return fail(null, JSON_RPC_ERROR_CODES.PARSE_ERROR, 'Parse error: the body is not JSON');
    const id = jsonRpcIdOf(body);
    const rpc = body as { jsonrpc?: unknown; method?: unknown; id?: unknown; params?: unknown } | null;
    if (
      !rpc ||
      typeof rpc !== 'object' ||
      Array.isArray(rpc) ||
      rpc.jsonrpc !== '2.0' ||
      typeof rpc.method !== 'string' ||
      (rpc.id !== undefined && rpc.id !== null && id === null)
    ) {
      return fail(
        id,
        JSON_RPC_ERROR_CODES.INVALID_REQUEST,
        'Invalid Request: expected a JSON-RPC 2.0 request object',
      );
    }

    const version = request.headers['a2a-version'] as string | undefined;
    const v03Name = methodFromV03(rpc.method);
    // The method name says the dialect; the header only decides for names both generations lack.
    const dialect: A2ADialect =
      v03Name || (!isV10Method(rpc.method) && isLegacyVersion(version)) ? '0.3' : '1.0';
    const method = v03Name ?? (isV10Method(rpc.method) ? rpc.method : undefined);
    if (!method) return fail(id, JSON_RPC_ERROR_CODES.METHOD_NOT_FOUND, `Method not found: ${rpc.method}`);
    if (version !== undefined && !v03Name && !isSupportedVersion(version)) {
      return send(
        jsonRpcFailure(id, {
          code: JSON_RPC_ERROR_CODES.VERSION_NOT_SUPPORTED,
          message: `The requested A2A protocol version '${version}' is not supported. Supported versions: ${A2A_PROTOCOL_VERSIONS.join(', ')}`,
        }),
      );
    }

    const { signal, abort } = clientGone(reply);
    const caller: Caller = { principal: user, door: 'a2a', signal, request };
    const failure = (error: unknown) => jsonRpcFailure(id, this.rpcError(error, dialect, request));
    let answer: RpcAnswer;
    try {
      answer = await this.run(agent.name, method, rpc.params, dialect, caller);
    } catch (error) {
      return send(failure(error));
    }
    if ('result' in answer) return send(jsonRpcResult(id, answer.result));

    // Streaming: a failure before the first event is a plain JSON-RPC error; after it, an SSE error event.
    try {
      await sendSse(request, reply, answer.events, abort, {
        event: (result) => `data: ${JSON.stringify(jsonRpcResult(id, result))}\n\n`,
        error: (error) => `event: error\ndata: ${JSON.stringify(failure(error))}\n\n`,
      });
    } catch (error) {
      send(failure(error));
    }
  }

  /**
   * The caller's JSON-RPC error. A dependency that is away (the task store's database) is a typed error, counted
   * in its outage streak; anything else that is not the gateway's typed error is logged (never sent).
   */
  private rpcError(error: unknown, dialect: A2ADialect, request: FastifyRequest) {
    const outage = error instanceof A2AError ? null : outageOf(error);
    if (outage) {
      this.outages.failed(outage.code, error);
      return toJsonRpcError(outage, dialect);
    }
    if (!(error instanceof A2AError))
      this.logger.error(
        { err: error, requestId: requestIdOf(request.raw) },
        'Unhandled error in an A2A call',
      );
    return toJsonRpcError(error, dialect);
  }

  /** One method for one agent; params in the caller's dialect, answers in it too. Throws A2AError. */
  private async run(
    agent: string,
    method: A2AMethod,
    params: unknown,
    dialect: A2ADialect,
    caller: Caller,
  ): Promise<RpcAnswer> {
    const calls = this.calls;
    const v03 = dialect === '0.3';
    switch (method) {
      case 'SendMessage': {
        const result = await calls.send(agent, toSendRequest(params, dialect), caller);
        return { result: v03 ? toV03SendResult(result) : result };
      }
      case 'SendStreamingMessage':
        return {
          events: eventsInDialect(calls.stream(agent, toSendRequest(params, dialect), caller), dialect),
        };
      case 'GetTask': {
        const { id, historyLength } = paramsOf(v03 ? V03TaskQueryParamsSchema : GetTaskRequestSchema, params);
        const task = await calls.getTask(agent, id, caller, historyLength);
        return { result: v03 ? toV03Task(task) : task };
      }
      case 'CancelTask': {
        const { id } = paramsOf(v03 ? V03TaskIdParamsSchema : CancelTaskRequestSchema, params);
        const task = await calls.cancel(agent, id, caller);
        return { result: v03 ? toV03Task(task) : task };
      }
      case 'SubscribeToTask': {
        const { id } = paramsOf(v03 ? V03TaskIdParamsSchema : SubscribeToTaskRequestSchema, params);
        return { events: eventsInDialect(calls.subscribe(agent, id, caller), dialect) };
      }
      case 'ListTasks':
        // v1.0 only (v0.3 has no tasks/list): the gateway's own record of the caller's tasks, never the agent's.
        return { result: await calls.listTasks(agent, paramsOf(ListTasksRequestSchema, params), caller) };
      case 'CreateTaskPushNotificationConfig':
      case 'GetTaskPushNotificationConfig':
      case 'ListTaskPushNotificationConfigs':
      case 'DeleteTaskPushNotificationConfig':
        throw new A2AError(
          A2AErrorCode.PushNotificationNotSupported,
          'Push notifications are not offered through the gateway; stream (SendStreamingMessage) or poll (GetTask)',
          { agentName: agent },
        );
      case 'GetExtendedAgentCard':
        throw new A2AError(
          A2AErrorCode.ExtendedCardNotConfigured,
          'The gateway serves no extended agent card for this agent',
          { agentName: agent },
        );
      default:
        return method satisfies never;
    }
  }
}
