import {
  Body,
  Controller,
  Get,
  HttpCode,
  Logger,
  OnModuleDestroy,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  A2A_VERSION_HEADER,
  A2AError,
  JSON_RPC_ERROR_CODES,
  jsonRpcFailure,
  jsonRpcIdOf,
  jsonRpcResult,
  methodFromV03,
  methodToV03,
  type AgentCard,
  type JsonRpcId,
  type JsonRpcResponse,
} from '@switchboard/a2a-protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Subscription } from 'rxjs';
import { AgentsService } from '../../agents/agents.service';
import { CurrentUser, type Principal } from '../../auth/decorators/current-user.decorator';
import { Roles } from '../../auth/decorators/roles.decorator';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { publicBaseUrl } from '../../common/http/public-url';
import { requestIdOf } from '../../common/http/request-id';
import { InvocationService } from '../invocation.service';
import { clientGone, sendSse } from '../sse';
import { A2AJsonRpcHandler, type A2AMethod, type RpcAnswer } from './a2a-json-rpc.handler';
import { UNPARSEABLE_BODY } from './jsonrpc-body';
import { toProxyCard, toV03ProxyCard } from './proxy-card';
import { toJsonRpcError, type A2ADialect } from './utils/from-a2a-error-to-json-rpc.util';

const isLegacyVersion = (v: string | undefined) => !v || v.startsWith('0.');
/** The A2A generations the gateway's card offers (`A2A-Version` is compared by major.minor). */
const SUPPORTED_VERSIONS = new Set(['1.0', '0.3']);
const majorMinor = (version: string) => /^\s*(\d+)\.(\d+)/.exec(version)?.slice(1, 3).join('.') ?? version;
/** A v1.0 method name: every v0.3 method's v1.0 name, and ListTasks. */
const isV10Method = (method: string): method is A2AMethod =>
  method === 'ListTasks' || methodToV03(method) !== undefined;

/**
 * The A2A front door: every agent behind the gateway as a standards-compliant A2A agent, for v1.0 and
 * v0.3 clients alike, whatever the agent itself speaks. Calls go through the same pipeline as REST; the wire
 * work is JSON-RPC over the lib's one (v1.0) model, checked once here and translated for v0.3 callers.
 */
@ApiTags('a2a-proxy')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@Controller('a2a/:slug')
export class A2AProxyController implements OnModuleDestroy {
  private readonly logger = new Logger(A2AProxyController.name);
  /** The card served per agent and endpoint, built once (the first request fetches the agent's card). */
  private readonly cards = new Map<string, Promise<AgentCard>>();
  private readonly subscription: Subscription;

  constructor(
    private readonly invocation: InvocationService,
    private readonly handler: A2AJsonRpcHandler,
    agents: AgentsService,
  ) {
    this.subscription = agents.changes.subscribe(() => this.cards.clear());
  }

  onModuleDestroy() {
    this.subscription.unsubscribe();
  }

  @Get('.well-known/agent-card.json')
  @ApiOperation({
    summary: 'The agent’s A2A card, pointing at the gateway',
    description:
      'The agent’s card with its interfaces rewritten to this gateway’s JSON-RPC endpoint (A2A 1.0 and 0.3) and ' +
      'the gateway’s bearer auth. Send `A2A-Version: 1.0` for the v1.0 card; without it a v0.3-compatible card is served.',
  })
  @ApiErrors(401, 404, 409)
  async card(
    @Param('slug') slug: string,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const card = await this.proxyCard(slug, request);
    reply.header('vary', A2A_VERSION_HEADER);
    const version = request.headers[A2A_VERSION_HEADER.toLowerCase()] as string | undefined;
    return isLegacyVersion(version) ? toV03ProxyCard(card, this.endpoint(slug, request)) : card;
  }

  @Post('jsonrpc')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A2A JSON-RPC endpoint of the agent',
    description:
      'v1.0 methods (`SendMessage`, `SendStreamingMessage`, `GetTask`, `CancelTask`, `SubscribeToTask`) and v0.3 ' +
      'methods (`message/send`, `message/stream`, `tasks/get`, `tasks/cancel`, `tasks/resubscribe`), answered in ' +
      'the caller’s dialect. Streaming methods answer with SSE. Errors use the spec’s JSON-RPC codes; an agent’s ' +
      'own error passes through unchanged (code, message, data). The gateway’s own refusals are -32603 with a ' +
      'machine-readable reason — v1.0: `data` holds a `google.rpc.ErrorInfo` (reason `RATE_LIMIT_EXCEEDED`, ' +
      '`BUDGET_EXCEEDED`, `TIMEOUT`, `AGENT_UNAVAILABLE`, `CONNECTION_ERROR`, …, domain `switchboard`, metadata ' +
      'such as `retryAfterMs`) and a `google.rpc.RetryInfo` when retrying later helps; v0.3: `data` is ' +
      '`{ code, retryAfterMs?, … }`.',
  })
  @ApiErrors(401, 404, 409)
  async rpc(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
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
    if (version !== undefined && !v03Name && !SUPPORTED_VERSIONS.has(majorMinor(version))) {
      return send(
        jsonRpcFailure(id, {
          code: JSON_RPC_ERROR_CODES.VERSION_NOT_SUPPORTED,
          message: `The requested A2A protocol version '${version}' is not supported. Supported versions: 1.0, 0.3`,
        }),
      );
    }

    const { signal, abort } = clientGone(reply);
    const options = this.invocation.callOptions(user, 'a2a', signal, undefined, request);
    const failure = (error: unknown) => jsonRpcFailure(id, this.rpcError(error, dialect, request));
    let answer: RpcAnswer;
    try {
      answer = await this.handler.run(agent.name, method, rpc.params, dialect, options);
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

  /** The caller's JSON-RPC error; anything that is not the gateway's typed error is logged (never sent). */
  private rpcError(error: unknown, dialect: A2ADialect, request: FastifyRequest) {
    if (!(error instanceof A2AError))
      this.logger.error(
        { err: error, requestId: requestIdOf(request.raw) },
        'Unhandled error in an A2A call',
      );
    return toJsonRpcError(error, dialect);
  }

  /** Unknown agent: 404; disabled: 409 — plain HTTP answers, before any JSON-RPC. */
  private enabledAgent(slug: string) {
    const agent = this.invocation.gateway.getAgent(slug);
    if (!agent.enabled) throw A2AError.agentDisabled(agent.name);
    return agent;
  }

  private endpoint(slug: string, request: FastifyRequest): string {
    return `${publicBaseUrl(request, this.invocation.publicUrl)}/a2a/${encodeURIComponent(slug)}/jsonrpc`;
  }

  /** The agent's card as the gateway serves it, per endpoint URL (the first request fetches the agent's). */
  private proxyCard(slug: string, request: FastifyRequest): Promise<AgentCard> {
    const agent = this.enabledAgent(slug);
    const endpoint = this.endpoint(agent.slug, request);
    const key = `${agent.name}\u0000${endpoint}`;
    let card = this.cards.get(key);
    if (!card) {
      // The request that builds the card waits for the agent's: timed and traced as its own call.
      card = this.invocation.gateway
        .agentCard(agent.name, { frontDoor: 'a2a', ...this.invocation.observability.requestScope(request) })
        .then((upstream) => toProxyCard(upstream, endpoint));
      this.cards.set(key, card);
      card.catch(() => this.cards.delete(key));
    }
    return card;
  }
}
