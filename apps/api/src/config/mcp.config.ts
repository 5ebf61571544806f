import { registerAs } from '@nestjs/config';
import { z } from 'zod';
import { envBoolean, envInt, envString, parseEnv } from './env.util';

const list = (v: string | undefined) =>
  (v ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

const schema = z.object({
  MCP_STATELESS: envBoolean(false),
  MCP_SESSION_IDLE_MS: envInt(30 * 60_000, 1_000, 7 * 86_400_000),
  MCP_MAX_SESSIONS: envInt(10_000, 1, 1_000_000),
  MCP_TOOLS_PAGE_SIZE: envInt(1_000, 1, 10_000),
  MCP_TASK_TTL_MS: envInt(60 * 60_000, 1_000, 7 * 86_400_000),
  MCP_ALLOWED_HOSTS: envString(),
  MCP_ALLOWED_ORIGINS: envString(),
});

/** The MCP endpoints of virtual servers (`/servers/:id/mcp`). */
export const loadMcpConfig = (env: NodeJS.ProcessEnv = process.env) => {
  const c = parseEnv('mcp', schema, env);
  return {
    /** No sessions: every POST gets a fresh server (no progress across requests, no list_changed, no tasks). */
    stateless: c.MCP_STATELESS,
    /** A session nobody used for this long is closed. */
    sessionIdleMs: c.MCP_SESSION_IDLE_MS,
    maxSessions: c.MCP_MAX_SESSIONS,
    toolsPageSize: c.MCP_TOOLS_PAGE_SIZE,
    /** How long a finished MCP task's result is kept (unless the client asks for less). */
    taskTtlMs: c.MCP_TASK_TTL_MS,
    /**
     * Host header values accepted (DNS-rebinding protection); `*` = any. Default: PUBLIC_URL's host and the
     * loopback names, with any port.
     */
    allowedHosts: list(c.MCP_ALLOWED_HOSTS),
    /** Browser origins accepted besides the gateway's own; `*` = any. Requests without Origin always pass. */
    allowedOrigins: list(c.MCP_ALLOWED_ORIGINS),
  };
};
export const mcpConfig = registerAs('mcp', () => loadMcpConfig());
export type McpConfig = ReturnType<typeof loadMcpConfig>;
