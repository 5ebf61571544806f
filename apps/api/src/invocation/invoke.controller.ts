import { Body, Controller, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { InvokeResponseSchema } from '@switchboard/api-contract';
import { apiSchema } from '../common/http/api-schema';
import type { StreamEvent } from '@switchboard/a2a-protocol';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { CurrentUser, type Principal } from '../auth/decorators/current-user.decorator';
import { Roles } from '../auth/decorators/roles.decorator';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { InvokeRequestDto, TaskDto, TaskListDto, TaskListQueryDto, WaitQueryDto } from './dto/invocation.dto';
import { InvocationService } from './invocation.service';
import { toErrorResponse } from '../common/http/error-response';
import { requestIdOf } from '../common/http/request-id';
import { clientGone, sendSse, wantsEventStream, type SseFormat } from './sse';

const EVENT_NAMES: Record<string, string> = {
  task: 'task',
  message: 'message',
  statusUpdate: 'status-update',
  artifactUpdate: 'artifact-update',
};

/** REST SSE: `event: task | message | status-update | artifact-update`, `data:` the A2A v1.0 event. */
const restSse = (request: FastifyRequest): SseFormat<StreamEvent> => ({
  event: (e) => `event: ${EVENT_NAMES[Object.keys(e)[0]]}\ndata: ${JSON.stringify(e)}\n\n`,
  error: (error) => {
    const { body } = toErrorResponse(error);
    return `event: error\ndata: ${JSON.stringify({ ...body, requestId: requestIdOf(request.raw) })}\n\n`;
  },
});

/** The REST front door: call an agent, stream it, follow its tasks. Viewers may call agents too. */
@ApiTags('invocation')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@Controller()
export class InvokeController {
  constructor(private readonly invocation: InvocationService) {}

  @Post('a2a/:name/invoke')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Call an agent',
    description:
      'Sends a message (text or an A2A v1.0 message) through the gateway pipeline and returns the agent’s ' +
      '`{ task }` or `{ message }`. With `Accept: text/event-stream` it streams instead (see `/stream`). ' +
      'Errors: 404 unknown agent, 409 disabled, 429 rate limited (Retry-After), 503 circuit open, 504 timeout, ' +
      '502 the agent failed.',
  })
  @ApiOkResponse({ description: 'The agent’s answer', schema: apiSchema(InvokeResponseSchema) })
  @ApiErrors(400, 401, 404, 409, 429)
  async invoke(
    @Param('name') name: string,
    @Body() body: InvokeRequestDto,
    @CurrentUser() user: Principal,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (wantsEventStream(request)) return this.stream(name, body, user, request, reply);
    const { signal } = clientGone(reply);
    return this.invocation.gateway.send(
      name,
      this.invocation.toSendRequest(body),
      this.invocation.callOptions(user, 'rest', signal, body.interactionType, request),
    );
  }

  @Post('a2a/:name/stream')
  @HttpCode(200)
  @ApiProduces('text/event-stream')
  @ApiOperation({
    summary: 'Call an agent and stream its events (SSE)',
    description:
      'Each agent event is sent as it arrives: `event: task | message | status-update | artifact-update`, ' +
      '`data:` the A2A v1.0 event. A failure after the stream started is sent as `event: error`. ' +
      'Closing the connection cancels the call to the agent.',
  })
  @ApiErrors(400, 401, 404, 409, 429)
  async stream(
    @Param('name') name: string,
    @Body() body: InvokeRequestDto,
    @CurrentUser() user: Principal,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const { signal, abort } = clientGone(reply);
    const events = this.invocation.gateway.sendMessageStream(
      name,
      this.invocation.toSendRequest(body),
      this.invocation.callOptions(user, 'rest', signal, body.interactionType, request),
    );
    await sendSse(request, reply, events, abort, restSse(request));
  }

  @Get('a2a/:name/tasks/:taskId')
  @ApiOperation({
    summary: 'Get a task',
    description: 'Asks the agent for the task’s current state. Only its creator can see it.',
  })
  @ZodResponse({ type: TaskDto })
  @ApiErrors(401, 404)
  getTask(@Param('name') name: string, @Param('taskId') taskId: string, @CurrentUser() user: Principal) {
    return this.invocation.gateway.getTask(name, taskId, this.invocation.callOptions(user, 'rest'));
  }

  @Post('a2a/:name/tasks/:taskId/cancel')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Cancel a task',
    description: 'Only its creator can cancel it. 409 when it already finished.',
  })
  @ZodResponse({ type: TaskDto })
  @ApiErrors(401, 404, 409)
  cancelTask(@Param('name') name: string, @Param('taskId') taskId: string, @CurrentUser() user: Principal) {
    return this.invocation.gateway.cancelTask(name, taskId, this.invocation.callOptions(user, 'rest'));
  }

  @Get('a2a/:name/tasks/:taskId/wait')
  @ApiOperation({
    summary: 'Wait for a task to settle',
    description:
      'Polls the agent until the task completes, fails, is canceled/rejected or needs input; 504 after `timeoutMs`.',
  })
  @ZodResponse({ type: TaskDto })
  @ApiErrors(400, 401, 404)
  waitForTask(
    @Param('name') name: string,
    @Param('taskId') taskId: string,
    @Query() query: WaitQueryDto,
    @CurrentUser() user: Principal,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { signal } = clientGone(reply);
    return this.invocation.gateway.waitForTask(
      name,
      taskId,
      query.timeoutMs,
      this.invocation.callOptions(user, 'rest', signal),
    );
  }

  @Get('tasks')
  @ApiOperation({
    summary: 'Tasks you created through the gateway',
    description: 'Newest first; filter by agent and state.',
  })
  @ZodResponse({ type: TaskListDto })
  @ApiErrors(400, 401)
  async listTasks(@Query() query: TaskListQueryDto, @CurrentUser() user: Principal) {
    const agentName = query.agent ? this.invocation.gateway.getAgent(query.agent).name : undefined;
    const records = await this.invocation.gateway.listTaskRecords({
      ownerId: user.userId,
      agentName,
      state: query.state,
      limit: query.limit,
    });
    return {
      items: records.map((r) => ({
        agentName: r.agentName,
        taskId: r.taskId,
        contextId: r.contextId,
        state: r.state,
        createdAt: new Date(r.createdAt).toISOString(),
        updatedAt: new Date(r.updatedAt).toISOString(),
      })),
    };
  }
}
