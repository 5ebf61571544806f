import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { FastifyRequest } from 'fastify';
import { appConfig, mcpConfig } from '../../config';
import { ServersErrorCode, ServersException } from '../servers.exception';

const LOOPBACK = ['localhost', '127.0.0.1', '[::1]', '::1'];
const MAX_HOST_VERDICTS = 256;

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
  /** Host header → allowed: a client sends the same Host on every request (bounded: the header is theirs). */
  private readonly hostVerdicts = new Map<string, boolean>();

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
    if (!this.anyHost && !this.hostAllowed(host)) {
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

  private hostAllowed(host: string): boolean {
    let allowed = this.hostVerdicts.get(host);
    if (allowed === undefined) {
      const hostname = hostnameOf(host);
      allowed = hostname !== null && this.hosts.has(hostname);
      if (this.hostVerdicts.size >= MAX_HOST_VERDICTS) this.hostVerdicts.clear();
      this.hostVerdicts.set(host, allowed);
    }
    return allowed;
  }
}
