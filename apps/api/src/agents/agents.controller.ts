import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { answerCreated, ApiExistingOnRetry, IDEMPOTENT_CREATE_NOTE } from '../common/http/idempotent-create';
import { CurrentRequestMeta, type RequestMeta } from '../common/http/request-meta.decorator';
import { UuidParam } from '../common/http/uuid-param';
import { AgentsService } from './agents.service';
import {
  AgentCreateDto,
  AgentHealthHistoryDto,
  AgentHealthHistoryQueryDto,
  AgentListQueryDto,
  AgentPageDto,
  AgentReadDto,
  AgentUpdateDto,
} from './dto/agent.dto';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('a2a')
export class AgentsController {
  constructor(private readonly agents: AgentsService) {}

  @Get()
  @ApiOperation({
    summary: 'List agents',
    description:
      'Ordered by name. Filter by tag, provider, enabled state, availability (`available=true`: enabled, not ' +
      'unhealthy, circuit closed) and free text; page with `limit` and `cursor`. Every agent carries its ' +
      '`health` (state, last check, last error, consecutive failures, latency) as the gateway knows it now.',
  })
  @ZodResponse({ type: AgentPageDto })
  @ApiErrors(400, 401, 503)
  list(@Query() query: AgentListQueryDto) {
    return this.agents.list(query);
  }

  @Post()
  @ApiOperation({
    summary: 'Register an agent',
    description:
      'Admin only. `slug` is derived from `name`. `auth` carries the secret fields of `authType`; it is stored ' +
      'encrypted (AES-256-GCM) and never returned. Loopback/private endpoints need OUTBOUND_ALLOW_PRIVATE=true. ' +
      IDEMPOTENT_CREATE_NOTE +
      ' Equal means every setting and, when `auth` is given, the stored secret.',
  })
  @ZodResponse({ status: 201, type: AgentReadDto })
  @ApiExistingOnRetry(AgentReadDto)
  @ApiErrors(400, 401, 403, 409, 422, 503)
  async create(
    @Body() body: AgentCreateDto,
    @CurrentRequestMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    return answerCreated(reply, await this.agents.create(body, meta));
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get an agent' })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 404, 503)
  get(@UuidParam() id: string) {
    return this.agents.get(id);
  }

  @Get(':id/health')
  @ApiOperation({
    summary: 'An agent’s health history',
    description:
      'Every change of its health state (from real calls, probes, enable/disable), newest first; kept 90 days.',
  })
  @ZodResponse({ type: AgentHealthHistoryDto })
  @ApiErrors(400, 401, 404, 503)
  health(@UuidParam() id: string, @Query() query: AgentHealthHistoryQueryDto) {
    return this.agents.healthHistory(id, query.limit);
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Update an agent',
    description:
      'Admin only. Partial: omitted fields are unchanged, `auth` omitted keeps the stored secret. ' +
      'Every update increments `version` and records the modified* audit fields.',
  })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  update(@UuidParam() id: string, @Body() body: AgentUpdateDto, @CurrentRequestMeta() meta: RequestMeta) {
    return this.agents.update(id, body, meta);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an agent', description: 'Admin only.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 401, 403, 404, 503)
  async remove(@UuidParam() id: string) {
    await this.agents.remove(id);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({ summary: 'Enable or disable an agent', description: 'Admin only. Flips `enabled`.' })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 403, 404, 503)
  toggle(@UuidParam() id: string, @CurrentRequestMeta() meta: RequestMeta) {
    return this.agents.toggle(id, meta);
  }
}
