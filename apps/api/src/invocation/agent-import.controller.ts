import { Body, Controller, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  discoverAgentCard,
  OutboundHttp,
  type AgentSpec,
  type DiscoveredCard,
} from '@switchboard/a2a-protocol/gateway';
import { A2AError, A2AErrorCode } from '@switchboard/a2a-protocol';
import {
  AgentImportBodySchema,
  AgentImportPreviewSchema,
  findJsonProblem,
  type AgentImportPreview,
} from '@switchboard/api-contract';
import type { FastifyReply } from 'fastify';
import { createZodDto, ZodResponse } from 'nestjs-zod';
import { AgentsService } from '../agents/agents.service';
import { AgentReadDto } from '../agents/dto/agent.dto';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { answerCreated, ApiExistingOnRetry, IDEMPOTENT_CREATE_NOTE } from '../common/http/idempotent-create';
import { CurrentRequestMeta, type RequestMeta } from '../common/http/request-meta.decorator';
import { AgentRefParam, ApiAgentRef } from '../agents/agent-ref.param';
import { a2aConfig } from '../config';

class AgentImportDto extends createZodDto(AgentImportBodySchema) {}
class AgentImportPreviewDto extends createZodDto(AgentImportPreviewSchema) {}

/** Catalog entries made from an agent's own Agent Card (fetched through the gateway's SSRF policy). */
@ApiTags('agents')
@ApiBearerAuth()
@Controller('a2a')
export class AgentImportController {
  constructor(
    private readonly agents: AgentsService,
    /** The gateway's outbound HTTP: cards are fetched through its SSRF policy and with agents' credentials. */
    private readonly http: OutboundHttp,
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
  ) {}

  @Post('import')
  @ApiOperation({
    summary: 'Register an agent from its Agent Card',
    description:
      'Admin only. Fetches the card (the URL itself, or /.well-known/agent-card.json then agent.json under it), ' +
      'detects the protocol generation (1.0, 0.3; 0.2 read as 0.3) and fills name, description, capabilities, ' +
      'protocol version, preferred binding and tags (from skills); the card is stored with the agent. ' +
      IDEMPOTENT_CREATE_NOTE +
      ' Equal means the registration the card makes now.',
  })
  @ZodResponse({ status: 201, type: AgentReadDto })
  @ApiExistingOnRetry(AgentReadDto)
  @ApiErrors(400, 401, 403, 409, 422, 503)
  async import(
    @Body() body: AgentImportDto,
    @CurrentRequestMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answerCreated(reply, await this.agents.importCard(body, await this.fetchCard(body.cardUrl), meta));
  }

  @Post('import/preview')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Preview an import: the card and the registration it would make',
    description:
      'Admin only. Reads the card as `POST /a2a/import` does and saves nothing. An existing agent with the ' +
      'same name or slug is reported in `collision`, with a free `suggestedName` to import under.',
  })
  @ZodResponse({ type: AgentImportPreviewDto })
  @ApiErrors(400, 401, 403, 503)
  async preview(@Body() body: AgentImportDto): Promise<AgentImportPreview> {
    const found = await this.fetchCard(body.cardUrl);
    const agent = this.agents.draftFromCard(body, found);
    return {
      cardUrl: found.cardUrl,
      card: found.card as unknown as Record<string, unknown>,
      agent,
      ...(await this.agents.collisionOf(agent)),
    };
  }

  @Post(':id/refresh-card')
  @ApiAgentRef()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Re-read an agent’s card',
    description:
      'Admin only. Fetches the card again; the stored card, protocol version and capabilities follow it.',
  })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 403, 404, 503)
  refreshCard(@AgentRefParam() ref: string, @CurrentRequestMeta() meta: RequestMeta) {
    return this.agents.refreshCard(ref, (url, agent) => this.fetchCard(url, agent), meta);
  }

  /** An imported card is fetched anonymously; a registered agent's card with the agent's own credentials. */
  private async fetchCard(url: string, agent?: AgentSpec): Promise<DiscoveredCard> {
    const http = this.http;
    http.policy.assertAllowed(url, 'cardUrl');
    const who = `The agent at ${new URL(url).host}`;
    const found = await discoverAgentCard(
      agent ? http.fetchFor(agent) : http.fetchAnonymous,
      url,
      who,
      AbortSignal.timeout(this.config.defaultTimeoutMs),
    );
    // The card is stored with the agent: held to the limits of anything written (the agent's fault: 502).
    const problem = findJsonProblem(found.card);
    if (problem) {
      throw new A2AError(
        A2AErrorCode.ProtocolError,
        `${who} serves a card that cannot be stored: ${problem.path.join('.') || 'card'}: ${problem.message}`,
        { cardUrl: found.cardUrl },
      );
    }
    return found;
  }
}
