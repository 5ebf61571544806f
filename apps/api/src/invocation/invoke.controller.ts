import { Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { CurrentUser, type Principal } from '../auth/decorators/current-user.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { TaskDto, TaskListDto, TaskListQueryDto, WaitQueryDto } from './dto/invocation.dto';
import { AgentCalls } from './agent-calls.port';
import { clientGone } from './sse';
import { toTaskRecordRead } from './utils/from-task-record-to-task-read.util';

/**
 * The REST front door's task routes: follow and cancel the tasks of calls made through the gateway. The calls
 * themselves (`/invoke`, `/stream`) are data-plane routes: RestInvokeDoor.
 */
@ApiTags('invocation')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@Controller()
export class InvokeController {
  constructor(private readonly calls: AgentCalls) {}

  @Get('a2a/:name/tasks/:taskId')
  @ApiOperation({
    summary: 'Get a task',
    description: 'Asks the agent for the task’s current state. Only its creator can see it.',
  })
  @ZodResponse({ type: TaskDto })
  @ApiErrors(401, 404, 503)
  getTask(@Param('name') name: string, @Param('taskId') taskId: string, @CurrentUser() user: Principal) {
    return this.calls.getTask(name, taskId, { principal: user, door: 'rest' });
  }

  @Post('a2a/:name/tasks/:taskId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a task',
    description: 'Only its creator can cancel it. 409 when it already finished.',
  })
  @ZodResponse({ type: TaskDto })
  @ApiErrors(401, 404, 409, 503)
  cancelTask(@Param('name') name: string, @Param('taskId') taskId: string, @CurrentUser() user: Principal) {
    return this.calls.cancel(name, taskId, { principal: user, door: 'rest' });
  }

  @Get('a2a/:name/tasks/:taskId/wait')
  @ApiOperation({
    summary: 'Wait for a task to settle',
    description:
      'Polls the agent until the task completes, fails, is canceled/rejected or needs input; 504 after `timeoutMs`.',
  })
  @ZodResponse({ type: TaskDto })
  @ApiErrors(400, 401, 404, 503)
  waitForTask(
    @Param('name') name: string,
    @Param('taskId') taskId: string,
    @Query() query: WaitQueryDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { signal } = clientGone(reply);
    return this.calls.waitForTask(name, taskId, query.timeoutMs, { principal: user, door: 'rest', signal });
  }

  @Get('tasks')
  @ApiOperation({
    summary: 'Tasks you created through the gateway',
    description: 'Newest first; filter by agent and state.',
  })
  @ZodResponse({ type: TaskListDto })
  @ApiErrors(400, 401, 503)
  async listTasks(@Query() query: TaskListQueryDto, @CurrentUser() user: Principal) {
    const records = await this.calls.listCallerTasks(user, query);
    return { items: records.map(toTaskRecordRead) };
  }
}
