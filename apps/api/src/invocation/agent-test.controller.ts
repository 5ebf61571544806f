import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  AgentTestRequestBodySchema,
  AgentTestResultSchema,
  type AgentTestResult,
} from '@switchboard/api-contract';
import { createZodDto, ZodResponse, ZodValidationException } from 'nestjs-zod';
import { AgentsService } from '../agents/agents.service';
import { CurrentUser, type Principal } from '../auth/decorators/current-user.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { AgentRefParam, ApiAgentRef } from '../agents/agent-ref.param';
import { AgentCalls } from './agent-calls.port';

class AgentTestRequestDto extends createZodDto(AgentTestRequestBodySchema) {}
class AgentTestResultDto extends createZodDto(AgentTestResultSchema) {}

const GREETING = 'Hello from the Switchboard gateway test!';

/**
 * ContextForge's admin "Test" call (`POST /admin/a2a/{agent_id}/test`), so its scripts run unchanged: one
 * message to the agent through the gateway, as any REST invoke (metrics, rate limit, health).
 */
@ApiTags('invocation')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@Controller('admin/a2a')
export class AgentTestController {
  constructor(
    private readonly agents: AgentsService,
    private readonly calls: AgentCalls,
  ) {}

  @Post(':id/test')
  @ApiAgentRef()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Test an agent (ContextForge’s admin test)',
    description:
      'Sends `query` (or a greeting) to the agent (by id, name or slug) and answers its reply. The body may be left out.',
  })
  @ApiBody({ type: AgentTestRequestDto, required: false })
  @ZodResponse({ type: AgentTestResultDto })
  @ApiErrors(400, 401, 404, 409, 502, 503)
  async test(
    @AgentRefParam() ref: string,
    @Body() body: unknown,
    @CurrentUser() user: Principal,
  ): Promise<AgentTestResult> {
    const parsed = AgentTestRequestBodySchema.safeParse(body ?? {});
    if (!parsed.success) throw new ZodValidationException(parsed.error);
    const agent = await this.agents.get(ref);
    const result = await this.calls.send(
      agent.name,
      {
        message: {
          messageId: globalThis.crypto.randomUUID(),
          role: 'ROLE_USER',
          parts: [{ text: parsed.data.query ?? GREETING }],
        },
      },
      { principal: user, door: 'rest', interactionType: 'test' },
    );
    return { success: true, result, agentName: agent.name, testTimestamp: Date.now() / 1000 };
  }
}
