import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../common/http/public-url';
import { appConfig } from '../../config';
import type { ServerRead } from '@switchboard/api-contract';
import type { ServerRecord } from '../servers.service';

/** Where clients reach a server's MCP endpoint and its RFC 9728 metadata. */
@Injectable()
export class McpEndpointUrls {
  private readonly publicUrl: string | null;

  constructor(@Inject(appConfig.KEY) app: ConfigType<typeof appConfig>) {
    this.publicUrl = app.publicUrl;
  }

  base(request: FastifyRequest): string {
    return publicBaseUrl(request, this.publicUrl);
  }

  endpoint(request: FastifyRequest, serverId: string): string {
    return `${this.base(request)}/servers/${serverId}/mcp`;
  }

  /** The server's read model: the catalog's record with the MCP URL as this request reaches it. */
  read(request: FastifyRequest, server: ServerRecord): ServerRead {
    return { ...server, mcpUrl: this.endpoint(request, server.id) };
  }

  /** RFC 9728 §3.1: the metadata of resource `<origin>/<path>` lives at `<origin>/.well-known/oauth-protected-resource/<path>`. */
  resourceMetadata(request: FastifyRequest, serverId: string): string {
    return `${this.base(request)}/.well-known/oauth-protected-resource/servers/${serverId}/mcp`;
  }
}
