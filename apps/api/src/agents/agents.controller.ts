import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { toggleTarget, type AgentRead } from '@switchboard/api-contract';
import type { FastifyReply } from 'fastify';
import { ZodResponse, ZodValidationException } from 'nestjs-zod';
import { z } from 'zod';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { answerCreated, ApiExistingOnRetry, IDEMPOTENT_CREATE_NOTE } from '../common/http/idempotent-create';
import { CurrentRequestMeta, type RequestMeta } from '../common/http/request-meta.decorator';
import { AgentRefParam, ApiAgentRef } from './agent-ref.param';
import { AgentsService } from './agents.service';
import { EndpointCheck } from './services/endpoint-check.service';
import {
  AgentCreateDto,
  AgentHealthHistoryDto,
  AgentHealthHistoryQueryDto,
  AgentListQueryDto,
  AgentPageDto,
  AgentReadDto,
  AgentToggleDto,
  AgentToggleQueryDto,
  AgentUpdateDto,
} from './dto/agent.dto';

@ApiTags('agents')
@ApiBearerAuth()
@Controller('a2a')
export class AgentsController {
  constructor(
    private readonly agents: AgentsService,
    private readonly endpoints: EndpointCheck,
  ) {}

  /** The answer to a write that set an endpoint: the agent, with `warnings` when the endpoint did not answer. */
  private async checked(agent: AgentRead): Promise<AgentRead> {
    const warnings = await this.endpoints.warnings(agent.endpointUrl);
    return warnings.length ? { ...agent, warnings } : agent;
  }

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
      ' Equal means every setting and, when `auth` is given, the stored secret. The endpoint is then tried ' +
      'once (about 2 s): when it does not answer, the agent is registered all the same and the answer ' +
      'carries `warnings: [{ code: "ENDPOINT_UNREACHABLE", message }]`.',
  })
  @ZodResponse({ status: 201, type: AgentReadDto })
  @ApiExistingOnRetry(AgentReadDto)
  @ApiErrors(400, 401, 403, 409, 422, 503)
  async create(
    @Body() body: AgentCreateDto,
    @CurrentRequestMeta() meta: RequestMeta,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const created = await this.agents.create(body, meta);
    return answerCreated(reply, { ...created, value: await this.checked(created.value) });
  }

  @Get(':id')
  @ApiAgentRef()
  @ApiOperation({ summary: 'Get an agent' })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 404, 503)
  get(@AgentRefParam() ref: string) {
    return this.agents.get(ref);
  }

  @Get(':id/health')
  @ApiAgentRef()
  @ApiOperation({
    summary: 'An agent’s health history',
    description:
      'Every change of its health state (from real calls, probes, enable/disable), newest first; kept 90 days.',
  })
  @ZodResponse({ type: AgentHealthHistoryDto })
  @ApiErrors(400, 401, 404, 503)
  health(@AgentRefParam() ref: string, @Query() query: AgentHealthHistoryQueryDto) {
    return this.agents.healthHistory(ref, query.limit);
  }

  @Put(':id')
  @ApiAgentRef()
  @ApiOperation({
    summary: 'Update an agent',
    description:
      'Admin only. Partial: omitted fields are unchanged, `auth` omitted keeps the stored secret. ' +
      'Every update increments `version` and records the modified* audit fields. A new `endpointUrl` is ' +
      'tried as on registration: `warnings` when it does not answer, the update saved regardless.',
  })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  async update(
    @AgentRefParam() ref: string,
    @Body() body: AgentUpdateDto,
    @CurrentRequestMeta() meta: RequestMeta,
  ) {
    const updated = await this.agents.update(ref, body, meta);
    return body.endpointUrl === undefined ? updated : this.checked(updated);
  }

  @Delete(':id')
  @ApiAgentRef()
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete an agent', description: 'Admin only.' })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 401, 403, 404, 503)
  async remove(@AgentRefParam() ref: string) {
    await this.agents.remove(ref);
  }

  @Post(':id/toggle')
  @ApiAgentRef()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enable or disable an agent',
    description:
      'Admin only. Sets `enabled` to the state asked for — body `{"enabled": true|false}` or ContextForge’s ' +
      '`?activate=true|false` — and flips it when neither is given (the body may be left out). Both given ' +
      'and disagreeing is a 400.',
  })
  @ApiBody({ type: AgentToggleDto, required: false })
  @ZodResponse({ type: AgentReadDto })
  @ApiErrors(400, 401, 403, 404, 503)
  toggle(
    @AgentRefParam() ref: string,
    @Body() body: AgentToggleDto,
    @Query() query: AgentToggleQueryDto,
    @CurrentRequestMeta() meta: RequestMeta,
  ) {
    const target = toggleTarget(body, query);
    if ('conflict' in target) {
      throw new ZodValidationException(
        new z.ZodError([
          {
            code: 'custom',
            path: [target.conflict],
            message: `is ${query.activate} but the body's enabled is ${body.enabled}; give one, or both alike`,
            input: query.activate,
          },
        ]),
      );
    }
    return this.agents.toggle(ref, target.enabled, meta);
  }
}
