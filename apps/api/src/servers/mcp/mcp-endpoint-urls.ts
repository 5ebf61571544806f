import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { publicBaseUrl } from '../../common/http/public-url';
import { appConfig } from '../../config';
import { mcpUrlOf } from '../servers.service';

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
    return mcpUrlOf(this.base(request), serverId);
  }

  /** RFC 9728 §3.1: the metadata of resource `<origin>/<path>` lives at `<origin>/.well-known/oauth-protected-resource/<path>`. */
  resourceMetadata(request: FastifyRequest, serverId: string): string {
    return `${this.base(request)}/.well-known/oauth-protected-resource/servers/${serverId}/mcp`;
  }
}
