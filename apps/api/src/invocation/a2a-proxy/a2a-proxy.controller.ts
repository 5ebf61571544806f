import { Controller, Get, Inject, OnModuleDestroy, Param, Req, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { A2A_VERSION_HEADER, type AgentCard } from '@switchboard/a2a-protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Subscription } from 'rxjs';
import { AgentsService } from '../../agents/agents.service';
import { Roles } from '../../auth/decorators/roles.decorator';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { publicBaseUrl } from '../../common/http/public-url';
import { appConfig } from '../../config';
import { AgentCalls } from '../agent-calls.port';
import { A2AJsonRpcDoor, isLegacyVersion } from './a2a-json-rpc.door';
import { toProxyCard, toV03ProxyCard } from './utils/from-agent-card-to-proxy-card.util';

/**
 * The agent cards of the A2A front door: every agent behind the gateway as a standards-compliant A2A agent,
 * for v1.0 and v0.3 clients alike. Its calls (`POST /a2a/:slug/jsonrpc`) are a data-plane route: A2AJsonRpcDoor.
 */
@ApiTags('a2a-proxy')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@Controller('a2a/:slug')
export class A2AProxyController implements OnModuleDestroy {
  /** The card served per agent and endpoint, built once (the first request fetches the agent's card). */
  private readonly cards = new Map<string, Promise<AgentCard>>();
  private readonly subscription: Subscription;

  constructor(
    private readonly calls: AgentCalls,
    private readonly door: A2AJsonRpcDoor,
    @Inject(appConfig.KEY) private readonly app: ConfigType<typeof appConfig>,
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
  @ApiErrors(401, 404, 409, 503)
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

  private endpoint(slug: string, request: FastifyRequest): string {
    return `${publicBaseUrl(request, this.app.publicUrl)}/a2a/${encodeURIComponent(slug)}/jsonrpc`;
  }

  /** The agent's card as the gateway serves it, per endpoint URL (the first request fetches the agent's). */
  private proxyCard(slug: string, request: FastifyRequest): Promise<AgentCard> {
    const agent = this.door.enabledAgent(slug);
    const endpoint = this.endpoint(agent.slug, request);
    const key = `${agent.name}\u0000${endpoint}`;
    let card = this.cards.get(key);
    if (!card) {
      // The request that builds the card waits for the agent's: timed and traced as its own call.
      card = this.calls
        .agentCard(agent.name, { door: 'a2a', request })
        .then((upstream) => toProxyCard(upstream, endpoint));
      this.cards.set(key, card);
      card.catch(() => this.cards.delete(key));
    }
    return card;
  }
}
