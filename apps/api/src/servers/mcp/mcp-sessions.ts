import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import { jsonRpcFailure } from '@switchboard/a2a-protocol';
import type { FastifyRequest } from 'fastify';
import { Subscription } from 'rxjs';
import type { Principal } from '../../auth/decorators/current-user.decorator';
import { FORWARDED_HEADER, McpSessionDirectory } from '../../cluster/mcp-session-directory';
import { mcpConfig } from '../../config';
import { AgentCalls } from '../../invocation/agent-calls.port';
import { ServersService, type ServerView } from '../servers.service';
import type { AgentTaskStore } from './agent-task-store';
import { createMcpServer } from './mcp-server.factory';
import { McpToolCatalog } from './mcp-tool-catalog';

interface Session {
  id: string;
  serverId: string;
  userId: string;
  server: Server;
  transport: StreamableHTTPServerTransport;
  tasks: AgentTaskStore | null;
  lastSeen: number;
  /** When the session directory (Redis) last heard the session is alive. */
  lastTouched: number;
  /** Requests (and the GET notification stream) still open: a session in use is never swept. */
  open: number;
  /** Tool list as last announced to this session. */
  fingerprint: string;
}

/** A JSON-RPC error sent as a plain HTTP answer (the transport's own errors look the same). */
export function sendRpcError(raw: ServerResponse, status: number, code: number, message: string): void {
  raw.writeHead(status, { 'content-type': 'application/json' });
  raw.end(JSON.stringify(jsonRpcFailure(null, { code, message })));
}

const isInitialize = (body: unknown) =>
  typeof body === 'object' &&
  body !== null &&
  !Array.isArray(body) &&
  (body as { method?: unknown }).method === 'initialize';

/**
 * The MCP sessions of every virtual server: one SDK server and transport per session, bound to the user
 * who opened it and to its server; swept when idle; told when their tool list changes.
 */
@Injectable()
export class McpSessions implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(McpSessions.name);
  private readonly sessions = new Map<string, Session>();
  private readonly subscriptions = new Subscription();
  private sweeper?: NodeJS.Timeout;

  constructor(
    @Inject(mcpConfig.KEY) private readonly config: ConfigType<typeof mcpConfig>,
    private readonly servers: ServersService,
    private readonly catalog: McpToolCatalog,
    private readonly calls: AgentCalls,
    private readonly directory: McpSessionDirectory,
  ) {}

  onModuleInit(): void {
    const every = Math.min(60_000, Math.max(250, Math.floor(this.config.sessionIdleMs / 4)));
    this.sweeper = setInterval(() => this.sweep(), every).unref();
    this.subscriptions.add(
      this.servers.changes.subscribe((change) => {
        if (change.type === 'delete' || !change.server.enabled)
          this.closeWhere((s) => s.serverId === (change.type === 'delete' ? change.id : change.server.id));
        else this.announce(change.server);
      }),
    );
    this.subscriptions.add(this.catalog.changes.subscribe(() => void this.announceAll()));
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    this.subscriptions.unsubscribe();
    await this.closeWhere(() => true);
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Serve one request to `/servers/:id/mcp` (already authenticated, origin-checked, server enabled). */
  async handle(
    request: FastifyRequest,
    raw: ServerResponse,
    view: ServerView,
    principal: Principal,
  ): Promise<void> {
    if (this.config.stateless) return this.handleStateless(request, raw, view, principal);
    const header = request.headers['mcp-session-id'];
    const sessionId = Array.isArray(header) ? header[0] : header;
    if (sessionId) {
      const session = this.sessions.get(sessionId);
      if (!session && (await this.forwarded(sessionId, request, raw))) return;
      // Another user's session, or one of another server, does not exist as far as this caller knows.
      if (!session || session.userId !== principal.userId || session.serverId !== view.id) {
        return sendRpcError(raw, 404, -32001, 'Session not found');
      }
      return this.serve(session, request, raw);
    }
    if (request.method !== 'POST') {
      return sendRpcError(raw, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    if (!isInitialize(request.body)) {
      return sendRpcError(
        raw,
        400,
        -32000,
        'Bad Request: no Mcp-Session-Id header; the first request must be initialize',
      );
    }
    if (this.sessions.size >= this.config.maxSessions) {
      return sendRpcError(
        raw,
        503,
        -32000,
        `Too many MCP sessions (MCP_MAX_SESSIONS=${this.config.maxSessions}); try again later`,
      );
    }
    const session = this.open(view, principal, this.directory.selfUrl(request.raw));
    await this.serve(session, request, raw);
  }

  /**
   * A session another replica opened: its request goes there (the owner checks who is asking). False when no
   * other replica holds it. An owner that cannot be reached took the session with it: 404, as the spec says
   * for a session that is gone, and the client starts a new one.
   */
  private async forwarded(sessionId: string, request: FastifyRequest, raw: ServerResponse): Promise<boolean> {
    if (!this.directory.enabled || request.headers[FORWARDED_HEADER]) return false;
    const owner = await this.directory.owner(sessionId);
    if (!owner || owner === this.directory.selfUrl(request.raw)) return false;
    await this.directory.forward(owner, request.raw, request.body, raw, () => {
      this.directory.release(sessionId);
      sendRpcError(raw, 404, -32001, 'Session not found');
    });
    return true;
  }

  private open(view: ServerView, principal: Principal, selfUrl: string): Session {
    const { server, tasks } = this.serverFor(view, principal, this.config.taskTtlMs);
    const session: Session = {
      id: randomUUID(),
      serverId: view.id,
      userId: principal.userId,
      server,
      transport: new StreamableHTTPServerTransport({
        sessionIdGenerator: () => session.id,
        onsessioninitialized: (id) => {
          this.sessions.set(id, session);
          this.directory.claim(id, selfUrl);
        },
      }),
      tasks,
      lastSeen: Date.now(),
      lastTouched: Date.now(),
      open: 0,
      fingerprint: this.catalog.toolSet(view).fingerprint,
    };
    session.transport.onclose = () => this.forget(session);
    void server.connect(session.transport);
    return session;
  }

  private async serve(session: Session, request: FastifyRequest, raw: ServerResponse): Promise<void> {
    session.open++;
    session.lastSeen = Date.now();
    if (session.lastSeen - session.lastTouched > this.config.sessionIdleMs / 4) {
      session.lastTouched = session.lastSeen;
      this.directory.touch(session.id);
    }
    raw.once('close', () => {
      session.open--;
      session.lastSeen = Date.now();
    });
    await session.transport.handleRequest(request.raw, raw, request.body);
  }

  /** No sessions: a fresh server and transport for this one request, closed when the answer is sent. */
  private async handleStateless(
    request: FastifyRequest,
    raw: ServerResponse,
    view: ServerView,
    principal: Principal,
  ): Promise<void> {
    if (request.method !== 'POST') {
      raw.setHeader('allow', 'POST');
      return sendRpcError(
        raw,
        405,
        -32000,
        'Method not allowed: this gateway runs MCP without sessions (MCP_STATELESS=true)',
      );
    }
    const { server } = this.serverFor(view, principal, null);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    raw.once('close', () => void transport.close().then(() => server.close()));
    await server.connect(transport);
    await transport.handleRequest(request.raw, raw, request.body);
  }

  /** A new SDK server for one session (or one stateless request) of `principal` on `view`; `taskTtlMs` null: no MCP tasks. */
  private serverFor(view: ServerView, principal: Principal, taskTtlMs: number | null) {
    return createMcpServer({
      serverName: view.name,
      serverDescription: view.description,
      principal,
      calls: this.calls,
      tools: () => this.toolsOf(view.id),
      pageSize: this.config.toolsPageSize,
      taskTtlMs,
    });
  }

  /** The tools of a server now; null once it is disabled or gone (its sessions are being closed). */
  private toolsOf(serverId: string) {
    const view = this.servers.cached(serverId);
    return view?.enabled ? this.catalog.toolSet(view) : null;
  }

  private announce(view: ServerView): void {
    const { fingerprint } = this.catalog.toolSet(view);
    for (const session of this.sessions.values()) {
      if (session.serverId !== view.id || session.fingerprint === fingerprint) continue;
      session.fingerprint = fingerprint;
      void session.server.sendToolListChanged().catch(() => undefined);
    }
  }

  private announceAll(): void {
    const serverIds = new Set([...this.sessions.values()].map((s) => s.serverId));
    for (const id of serverIds) {
      const view = this.servers.cached(id);
      if (view?.enabled) this.announce(view);
    }
  }

  private sweep(): void {
    const before = Date.now() - this.config.sessionIdleMs;
    void this.closeWhere((s) => s.open === 0 && s.lastSeen < before);
  }

  private async closeWhere(match: (s: Session) => boolean): Promise<void> {
    const closing = [...this.sessions.values()].filter(match);
    await Promise.all(closing.map((s) => s.transport.close().catch(() => undefined)));
  }

  private forget(session: Session): void {
    if (!this.sessions.delete(session.id)) return;
    this.directory.release(session.id);
    session.tasks?.close();
    void session.server.close().catch(() => undefined);
    this.logger.debug(`MCP session ${session.id} closed`);
  }
}
