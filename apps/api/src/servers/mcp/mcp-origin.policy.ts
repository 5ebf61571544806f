import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { appConfig, mcpConfig } from '../../config';
import { ServersErrorCode, ServersException } from '../servers.exception';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];

const hostnameOf = (host: string) => {
  try {
    return new URL(`http://${host}`).hostname.toLowerCase();
  } catch {
    return null;
  }
};

/**
 * DNS-rebinding protection for the MCP endpoints (the SDK leaves it to the app): the Host header must name
 * this gateway, and a browser's Origin must be the gateway's own or an allowed one. Failures are 403.
 */
@Injectable()
export class McpOriginPolicy {
  private readonly anyHost: boolean;
  private readonly hosts: Set<string>;
  private readonly anyOrigin: boolean;
  private readonly origins: Set<string>;

  constructor(
    @Inject(mcpConfig.KEY) mcp: ConfigType<typeof mcpConfig>,
    @Inject(appConfig.KEY) app: ConfigType<typeof appConfig>,
  ) {
    this.anyHost = mcp.allowedHosts.includes('*');
    const publicHost = app.publicUrl ? new URL(app.publicUrl).hostname.toLowerCase() : null;
    this.hosts = new Set(
      [...(mcp.allowedHosts.length ? mcp.allowedHosts : LOOPBACK), ...(publicHost ? [publicHost] : [])].map(
        (h) => h.toLowerCase(),
      ),
    );
    this.anyOrigin = mcp.allowedOrigins.includes('*');
    this.origins = new Set(mcp.allowedOrigins.map((o) => o.replace(/\/+$/, '').toLowerCase()));
    if (app.publicUrl) this.origins.add(new URL(app.publicUrl).origin.toLowerCase());
  }

  check(request: FastifyRequest): void {
    const host = request.headers.host ?? '';
    const hostname = hostnameOf(host);
    if (!this.anyHost && (!hostname || !this.hosts.has(hostname))) {
      throw new ServersException(
        ServersErrorCode.HostNotAllowed,
        `Host "${host}" is not allowed for MCP; set PUBLIC_URL or MCP_ALLOWED_HOSTS`,
        { host },
      );
    }
    const origin = request.headers.origin;
    if (origin === undefined || this.anyOrigin) return;
    const normalized = origin.replace(/\/+$/, '').toLowerCase();
    let sameHost = false;
    try {
      sameHost = new URL(normalized).host === host.toLowerCase();
    } catch {
      sameHost = false;
    }
    if (!sameHost && !this.origins.has(normalized)) {
      throw new ServersException(
        ServersErrorCode.OriginNotAllowed,
        `Origin "${origin}" is not allowed for MCP; add it to MCP_ALLOWED_ORIGINS`,
        { origin },
      );
    }
  }
}
