import { Body, Controller, Delete, Get, HttpCode, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiNoContentResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { ZodResponse } from 'nestjs-zod';
import { ApiErrors } from '../common/http/api-errors.decorator';
import { answerCreated, ApiExistingOnRetry, IDEMPOTENT_CREATE_NOTE } from '../common/http/idempotent-create';
import { CurrentRequestMeta, type RequestMeta } from '../common/http/request-meta.decorator';
import { UuidParam } from '../common/http/uuid-param';
import {
  ServerClientConfigDto,
  ServerCreateDto,
  ServerListQueryDto,
  ServerPageDto,
  ServerReadDto,
  ServerToolsDto,
  ServerUpdateDto,
} from './dto/server.dto';
import { clientConfigOf } from './mcp/client-config';
import { McpEndpointUrls } from './mcp/mcp-endpoint-urls';
import { McpToolCatalog } from './mcp/mcp-tool-catalog';
import { ServersService } from './servers.service';

/** Virtual servers: named groups of agents, each served as one MCP endpoint whose tools are the agents. */
@ApiTags('servers')
@ApiBearerAuth()
@Controller('servers')
export class ServersController {
  constructor(
    private readonly servers: ServersService,
    private readonly urls: McpEndpointUrls,
    private readonly catalog: McpToolCatalog,
  ) {}

  @Get()
  @ApiOperation({
    summary: 'List virtual servers',
    description: 'Ordered by name. Filter by tag and free text; page with `limit` and `cursor`.',
  })
  @ZodResponse({ type: ServerPageDto })
  @ApiErrors(400, 401, 503)
  async list(@Query() query: ServerListQueryDto, @Req() request: FastifyRequest) {
    const page = await this.servers.list(query);
    return { ...page, items: page.items.map((server) => this.urls.read(request, server)) };
  }

  @Post()
  @ApiOperation({
    summary: 'Create a virtual server',
    description:
      'Admin only. Each associated, enabled agent becomes one tool of the server’s MCP endpoint (`mcpUrl`). ' +
      'Unknown agent ids → 400 naming them. ' +
      IDEMPOTENT_CREATE_NOTE +
      ' Equal means description, tags, enabled and the associated agents in their order.',
  })
  @ZodResponse({ status: 201, type: ServerReadDto })
  @ApiExistingOnRetry(ServerReadDto)
  @ApiErrors(400, 401, 403, 409, 503)
  async create(
    @Body() body: ServerCreateDto,
    @CurrentRequestMeta() meta: RequestMeta,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { value, created } = await this.servers.create(body, meta);
    return answerCreated(reply, { value: this.urls.read(request, value), created });
  }

  @Get(':id')
  @ApiOperation({ summary: 'Get a virtual server' })
  @ZodResponse({ type: ServerReadDto })
  @ApiErrors(400, 401, 404, 503)
  async get(@UuidParam() id: string, @Req() request: FastifyRequest) {
    return this.urls.read(request, await this.servers.get(id));
  }

  @Put(':id')
  @ApiOperation({
    summary: 'Update a virtual server',
    description:
      'Admin only. Partial; `associatedAgents` replaces the list. Open MCP sessions of the server receive ' +
      '`notifications/tools/list_changed`.',
  })
  @ZodResponse({ type: ServerReadDto })
  @ApiErrors(400, 401, 403, 404, 409, 503)
  async update(
    @UuidParam() id: string,
    @Body() body: ServerUpdateDto,
    @CurrentRequestMeta() meta: RequestMeta,
    @Req() request: FastifyRequest,
  ) {
    return this.urls.read(request, await this.servers.update(id, body, meta));
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({
    summary: 'Delete a virtual server',
    description: 'Admin only. Its open MCP sessions are closed.',
  })
  @ApiNoContentResponse({ description: 'Deleted' })
  @ApiErrors(400, 401, 403, 404, 503)
  async remove(@UuidParam() id: string) {
    await this.servers.remove(id);
  }

  @Post(':id/toggle')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Enable or disable a virtual server',
    description:
      'Admin only. Flips `enabled`; a disabled server’s MCP endpoint answers 404 and its sessions close.',
  })
  @ZodResponse({ type: ServerReadDto })
  @ApiErrors(400, 401, 403, 404, 503)
  async toggle(
    @UuidParam() id: string,
    @CurrentRequestMeta() meta: RequestMeta,
    @Req() request: FastifyRequest,
  ) {
    return this.urls.read(request, await this.servers.toggle(id, meta));
  }

  @Get(':id/client-config')
  @ApiOperation({
    summary: 'Client settings for the server’s MCP endpoint',
    description:
      'Ready-to-paste snippets for Claude Desktop (through `mcp-remote`), Cursor (`url` + `headers`) and the MCP ' +
      'Inspector CLI. The token is a placeholder: create an API token and put it in its place.',
  })
  @ZodResponse({ type: ServerClientConfigDto })
  @ApiErrors(400, 401, 404, 503)
  async clientConfig(@UuidParam() id: string, @Req() request: FastifyRequest) {
    return clientConfigOf(this.urls.read(request, await this.servers.get(id)));
  }

  @Get(':id/tools')
  @ApiOperation({
    summary: 'The tools the server’s MCP endpoint lists now',
    description: 'One per enabled associated agent, as MCP clients see them (name, title, description).',
  })
  @ZodResponse({ type: ServerToolsDto })
  @ApiErrors(400, 401, 404, 503)
  async tools(@UuidParam() id: string) {
    const view = await this.servers.view(id);
    if (!view) throw this.servers.notFound(id);
    return {
      tools: this.catalog.toolSet(view).tools.map((t) => ({
        name: t.name,
        title: t.title,
        description: t.description,
        agentId: (t._meta?.['io.switchboard/agent'] as { id: string }).id,
      })),
    };
  }
}
