import { AgentCard, A2A_VERSION_HEADER, formatSSEErrorEvent, formatSSEEvent } from '@a2a-js/sdk';
import { isLegacyJsonRpcMethod, isV1JsonRpcMethod } from '@a2a-js/sdk/compat/v0_3';
import { LegacyJsonRpcTransportHandler } from '@a2a-js/sdk/compat/v0_3/server';
import {
  defaultServerCallContextBuilder,
  JsonRpcTransportHandler,
  validateVersion,
} from '@a2a-js/sdk/server';
import { Body, Controller, Get, HttpCode, OnModuleDestroy, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { A2AError, JSON_RPC_ERROR_CODES } from '@switchboard/a2a-protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Subscription } from 'rxjs';
import { AgentsService } from '../../agents/agents.service';
import { CurrentUser, type Principal } from '../../auth/decorators/current-user.decorator';
import { Roles } from '../../auth/decorators/roles.decorator';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { jsonRpcError as rpcError } from '../../common/http/json-rpc-error';
import { publicBaseUrl } from '../../common/http/public-url';
import { InvocationService } from '../invocation.service';
import { clientGone, sendSse } from '../sse';
import { CALL_OPTIONS, GatewayRequestHandler } from './gateway-request-handler';
import { UNPARSEABLE_BODY } from './jsonrpc-body';
import { toProxyCard, toV03ProxyCard } from './proxy-card';

interface Proxy {
  card: AgentCard;
  v1: JsonRpcTransportHandler;
  v03: LegacyJsonRpcTransportHandler;
}

const isLegacyVersion = (v: string | undefined) => !v || v.startsWith('0.');

/**
 * The A2A front door: every agent behind the gateway as a standards-compliant A2A agent, for v1.0 and
 * v0.3 clients alike, whatever the agent itself speaks. Calls go through the same pipeline as REST.
 */
@ApiTags('a2a-proxy')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@Controller('a2a/:slug')
export class A2AProxyController implements OnModuleDestroy {
  private readonly proxies = new Map<string, Promise<Proxy>>();
  private readonly subscription: Subscription;

  constructor(
    private readonly invocation: InvocationService,
    agents: AgentsService,
  ) {
    this.subscription = agents.changes.subscribe(() => this.proxies.clear());
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
    const { card } = await this.proxy(slug, request);
    reply.header('vary', A2A_VERSION_HEADER);
    const json = AgentCard.toJSON(card) as Parameters<typeof toV03ProxyCard>[0];
    const version = request.headers[A2A_VERSION_HEADER.toLowerCase()] as string | undefined;
    return isLegacyVersion(version) ? toV03ProxyCard(json, this.endpoint(slug, request)) : json;
  }

  @Post('jsonrpc')
  @HttpCode(200)
  @ApiOperation({
    summary: 'A2A JSON-RPC endpoint of the agent',
    description:
      'v1.0 methods (`SendMessage`, `SendStreamingMessage`, `GetTask`, `CancelTask`, `SubscribeToTask`) and v0.3 ' +
      'methods (`message/send`, `message/stream`, `tasks/get`, `tasks/cancel`, `tasks/resubscribe`), answered in ' +
      'the caller’s dialect. Streaming methods answer with SSE. Errors use the spec’s JSON-RPC codes.',
  })
  @ApiErrors(401, 404, 409)
  async rpc(
    @Param('slug') slug: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    this.enabledAgent(slug);
    const send = (envelope: unknown) =>
      void reply.status(200).header('content-type', 'application/json').send(envelope);
    if (body === UNPARSEABLE_BODY)
      return send(rpcError(null, JSON_RPC_ERROR_CODES.PARSE_ERROR, 'Parse error: the body is not JSON'));
    const rpc = body as { jsonrpc?: unknown; method?: unknown; id?: unknown } | null;
    if (
      !rpc ||
      typeof rpc !== 'object' ||
      Array.isArray(rpc) ||
      rpc.jsonrpc !== '2.0' ||
      typeof rpc.method !== 'string'
    ) {
      return send(
        rpcError(
          rpc && typeof rpc === 'object' ? rpc.id : null,
          JSON_RPC_ERROR_CODES.INVALID_REQUEST,
          'Invalid Request: expected a JSON-RPC 2.0 request object',
        ),
      );
    }

    const version = request.headers[A2A_VERSION_HEADER.toLowerCase()] as string | undefined;
    // The method name says the dialect; the header only decides for names both generations lack.
    const legacy =
      isLegacyJsonRpcMethod(rpc.method) || (!isV1JsonRpcMethod(rpc.method) && isLegacyVersion(version));
    const mapError = legacy
      ? LegacyJsonRpcTransportHandler.mapToLegacyJSONRPCError
      : JsonRpcTransportHandler.mapToJSONRPCError;

    let proxy: Proxy;
    try {
      proxy = await this.proxy(slug, request);
    } catch (error) {
      return send({
        jsonrpc: '2.0',
        id: rpc.id ?? null,
        error: mapError(new Error((error as Error).message)),
      });
    }
    const ctx = defaultServerCallContextBuilder({
      extensions: undefined,
      user: undefined,
      headers: request.headers as Record<string, string>,
      requestedVersion: legacy ? '0.3' : (version ?? '1.0'),
    });
    try {
      validateVersion(ctx.requestedVersion, proxy.card, 'JSONRPC');
    } catch (error) {
      return send({ jsonrpc: '2.0', id: rpc.id ?? null, error: mapError(error) });
    }
    const { signal, abort } = clientGone(reply);
    ctx.state.set(CALL_OPTIONS, this.invocation.callOptions(user, 'a2a', signal, undefined, request));

    const out = await (legacy ? proxy.v03 : proxy.v1).handle(rpc, ctx);
    if (!out || typeof (out as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') return send(out);

    // Streaming: a failure before the first event is a plain JSON-RPC error; after it, an SSE error event.
    try {
      await sendSse(request, reply, out as AsyncIterable<unknown>, abort, {
        event: (value) => formatSSEEvent(value),
        error: (error) => formatSSEErrorEvent({ jsonrpc: '2.0', id: rpc.id ?? null, error: mapError(error) }),
      });
    } catch (error) {
      send({ jsonrpc: '2.0', id: rpc.id ?? null, error: mapError(error) });
    }
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

  /** Card and transport handlers per agent, built once (the first call fetches the agent's card). */
  private proxy(slug: string, request: FastifyRequest): Promise<Proxy> {
    const gateway = this.invocation.gateway;
    const agent = this.enabledAgent(slug);
    const key = `${agent.name}\u0000${this.endpoint(slug, request)}`;
    let proxy = this.proxies.get(key);
    if (!proxy) {
      proxy = (async () => {
        // The request that builds the proxy waits for the card: timed and traced as its own call.
        const upstream = await gateway.agentCard(agent.name, {
          frontDoor: 'a2a',
          ...this.invocation.observability.requestScope(request),
        });
        const card = AgentCard.fromJSON(toProxyCard(upstream, this.endpoint(agent.slug, request)));
        const handler = new GatewayRequestHandler(gateway, agent.name, card);
        return {
          card,
          v1: new JsonRpcTransportHandler(handler),
          v03: new LegacyJsonRpcTransportHandler(handler),
        };
      })();
      this.proxies.set(key, proxy);
      proxy.catch(() => this.proxies.delete(key));
    }
    return proxy;
  }
}
