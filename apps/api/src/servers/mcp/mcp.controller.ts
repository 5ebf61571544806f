import {
  ArgumentsHost,
  Catch,
  Controller,
  Delete,
  Get,
  HttpCode,
  Post,
  Req,
  Res,
  UseFilters,
} from '@nestjs/common';
import { ApiBearerAuth, ApiExcludeEndpoint, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { CurrentUser, type Principal } from '../../auth/decorators/current-user.decorator';
import { Public } from '../../auth/decorators/public.decorator';
import { Roles } from '../../auth/decorators/roles.decorator';
import { OutageLog } from '../../common/errors/outage-log';
import { AllExceptionsFilter } from '../../common/http/all-exceptions.filter';
import { ApiErrors } from '../../common/http/api-errors.decorator';
import { toErrorResponse } from '../../common/http/error-response';
import { UuidParam } from '../../common/http/uuid-param';
import { UNPARSEABLE_BODY } from '../../invocation/a2a-proxy/jsonrpc-body';
import { ServersErrorCode, ServersException } from '../servers.exception';
import { ServersService, type ServerView } from '../servers.service';
import { McpEndpointUrls } from './mcp-endpoint-urls';
import { McpOriginPolicy } from './mcp-origin.policy';
import { McpSessions, sendRpcError } from './mcp-sessions';

/** A 401 on an MCP endpoint tells the client where the protected-resource metadata is (RFC 9728 §5.1). */
@Catch()
class McpExceptionFilter extends AllExceptionsFilter {
  constructor(
    private readonly urls: McpEndpointUrls,
    outages: OutageLog,
  ) {
    super(outages);
  }

  override catch(exception: unknown, host: ArgumentsHost): void {
    const request = host.switchToHttp().getRequest<FastifyRequest<{ Params: { id?: string } }>>();
    const reply = host.switchToHttp().getResponse<FastifyReply>();
    if (toErrorResponse(exception).status === 401 && !reply.sent) {
      const id = request.params.id ?? '';
      reply.header(
        'www-authenticate',
        `Bearer resource_metadata="${this.urls.resourceMetadata(request, id)}"`,
      );
    }
    super.catch(exception, host);
  }
}

const MCP_DESCRIPTION =
  'MCP Streamable HTTP (protocol 2025-11-25): POST JSON-RPC messages (Accept: application/json, text/event-stream), ' +
  'GET opens the session’s notification stream, DELETE ends the session (`Mcp-Session-Id`). Each enabled agent of the ' +
  'server is one tool (`{ message, contextId?, taskId? }`); calls go through the gateway pipeline. Supports progress, ' +
  'cancellation, `notifications/tools/list_changed` and MCP tasks. Bearer auth (JWT or API token); 401 carries ' +
  '`WWW-Authenticate: Bearer resource_metadata=…`.';

/** The MCP front door: `/servers/:id/mcp`, one endpoint per virtual server. */
@ApiTags('mcp')
@ApiBearerAuth()
@Roles('admin', 'viewer')
@UseFilters(McpExceptionFilter)
@Controller()
export class McpController {
  constructor(
    private readonly servers: ServersService,
    private readonly sessions: McpSessions,
    private readonly origins: McpOriginPolicy,
    private readonly urls: McpEndpointUrls,
  ) {}

  @Post('servers/:id/mcp')
  @HttpCode(200)
  @ApiOperation({
    summary: 'MCP endpoint of a virtual server (JSON-RPC over Streamable HTTP)',
    description: MCP_DESCRIPTION,
  })
  @ApiErrors(400, 401, 403, 404, 503)
  post(
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: Principal,
  ) {
    return this.serve(id, request, reply, user);
  }

  @Get('servers/:id/mcp')
  @ApiExcludeEndpoint()
  get(
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: Principal,
  ) {
    return this.serve(id, request, reply, user);
  }

  @Delete('servers/:id/mcp')
  @ApiExcludeEndpoint()
  remove(
    @UuidParam() id: string,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
    @CurrentUser() user: Principal,
  ) {
    return this.serve(id, request, reply, user);
  }

  @Public()
  @Get('.well-known/oauth-protected-resource/servers/:id/mcp')
  @ApiOperation({
    summary: 'OAuth protected-resource metadata of an MCP endpoint (RFC 9728)',
    description:
      'Names the resource and how to present a token (bearer header). Switchboard issues its own tokens: sign in ' +
      '(`POST /auth/login`) or create an API token; there is no separate authorization server.',
  })
  @ApiErrors(400, 404, 503)
  async resourceMetadata(@UuidParam() id: string, @Req() request: FastifyRequest) {
    const view = await this.enabledServer(id);
    return {
      resource: this.urls.endpoint(request, view.id),
      resource_name: `Switchboard MCP server "${view.name}"`,
      bearer_methods_supported: ['header'],
      resource_documentation: `${this.urls.base(request)}/docs`,
    };
  }

  private async serve(
    id: string,
    request: FastifyRequest,
    reply: FastifyReply,
    user: Principal,
  ): Promise<void> {
    this.origins.check(request);
    const view = await this.enabledServer(id);
    reply.hijack();
    if (request.body === UNPARSEABLE_BODY)
      return sendRpcError(reply.raw, 400, -32700, 'Parse error: the body is not JSON');
    await this.sessions.handle(request, reply.raw, view, user);
  }

  private async enabledServer(id: string): Promise<ServerView> {
    const view = await this.servers.view(id);
    if (!view?.enabled) {
      throw new ServersException(ServersErrorCode.NotFound, `No enabled server with id ${id}`, { id });
    }
    return view;
  }
}
