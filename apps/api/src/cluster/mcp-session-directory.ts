import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { request as httpRequest } from 'node:http';
import { clusterConfig, mcpConfig } from '../config';
import { ClusterRedis } from './cluster-redis';

/** Marks a request one replica passed to another, so it is never passed on again. */
export const FORWARDED_HEADER = 'x-switchboard-forwarded';
/**
 * Hop-by-hop and per-connection headers: not forwarded. `Host` is kept, so the owner checks (and builds
 * URLs from) the same host the client asked for.
 */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'content-length']);

/**
 * Which replica holds each MCP session. A session lives in the process that opened it (its SDK server,
 * transport, open streams and tasks); with Redis, a request for it that reaches another replica (any load
 * balancer, no affinity) is passed to the owner over HTTP and its answer, SSE streams included, relayed back.
 */
@Injectable()
export class McpSessionDirectory {
  private readonly logger = new Logger('Cluster');
  private readonly ttlMs: number;
  /**
   * The sessions this replica holds, with its URL: claimed again whenever Redis (re)connects, since a claim
   * made while Redis was away never reached it (and then no other replica could route to the session).
   */
  private readonly held = new Map<string, string>();

  constructor(
    private readonly redis: ClusterRedis,
    @Inject(clusterConfig.KEY) private readonly cluster: ConfigType<typeof clusterConfig>,
    @Inject(mcpConfig.KEY) mcp: ConfigType<typeof mcpConfig>,
  ) {
    // Kept a while past the idle sweep: the owner deletes it when the session closes.
    this.ttlMs = mcp.sessionIdleMs * 2;
    redis.commands?.on('ready', () => {
      for (const [sessionId, ownerUrl] of this.held) this.store(sessionId, ownerUrl);
    });
  }

  get enabled(): boolean {
    return this.redis.enabled;
  }

  /** Where other replicas reach this one: REPLICA_URL, else the loopback port the request came in on. */
  selfUrl(request: IncomingMessage): string {
    return this.cluster.replicaUrl ?? `http://127.0.0.1:${request.socket.localPort}`;
  }

  claim(sessionId: string, ownerUrl: string): void {
    if (!this.redis.enabled) return;
    this.held.set(sessionId, ownerUrl);
    this.store(sessionId, ownerUrl);
  }

  touch(sessionId: string): void {
    this.run('touch', (r) => r.pexpire(this.key(sessionId), this.ttlMs));
  }

  release(sessionId: string): void {
    this.held.delete(sessionId);
    this.run('release', (r) => r.del(this.key(sessionId)));
  }

  /** The owner's URL, or null when no replica holds the session (or Redis cannot say). */
  async owner(sessionId: string): Promise<string | null> {
    if (!this.redis.available) return null;
    try {
      return await this.redis.commands!.get(this.key(sessionId));
    } catch (error) {
      this.redis.failed(error);
      return null;
    }
  }

  /** Pass the request to the owner and relay its answer; resolves when the answer is complete. */
  forward(
    ownerUrl: string,
    request: IncomingMessage,
    body: unknown,
    raw: ServerResponse,
    onUnreachable: () => void,
  ): Promise<void> {
    const target = new URL(request.url ?? '/', ownerUrl);
    const headers: Record<string, string | string[]> = { [FORWARDED_HEADER]: '1' };
    for (const [name, value] of Object.entries(request.headers))
      if (value !== undefined && !HOP_BY_HOP.has(name)) headers[name] = value;
    const payload = body === undefined ? undefined : JSON.stringify(body);
    if (payload !== undefined) headers['content-type'] = 'application/json';
    return new Promise<void>((resolve) => {
      const out = httpRequest(target, { method: request.method, headers }, (answer) => {
        const relayed: Record<string, string | string[]> = {};
        for (const [name, value] of Object.entries(answer.headers))
          if (value !== undefined && !HOP_BY_HOP.has(name)) relayed[name] = value;
        raw.writeHead(answer.statusCode ?? 502, relayed);
        raw.flushHeaders();
        answer.pipe(raw);
        answer.once('end', resolve);
        answer.once('error', () => resolve());
      });
      // The client went away: so does the request to the owner (which then sees its stream closed).
      raw.once('close', () => out.destroy());
      out.once('error', (error: Error) => {
        if (!raw.headersSent) {
          this.logger.warn(`MCP session owner ${target.origin} unreachable: ${error.message}`);
          onUnreachable();
        } else raw.destroy();
        resolve();
      });
      out.end(payload);
    });
  }

  private store(sessionId: string, ownerUrl: string): void {
    this.run('claim', (r) => r.set(this.key(sessionId), ownerUrl, 'PX', this.ttlMs));
  }

  private key(sessionId: string): string {
    return this.redis.key('mcp', 'session', sessionId);
  }

  private run(what: string, command: (r: NonNullable<ClusterRedis['commands']>) => Promise<unknown>): void {
    if (!this.redis.commands || !this.redis.available) return;
    command(this.redis.commands).catch((error: Error) => {
      this.redis.failed(error);
      this.logger.debug(`MCP session directory ${what} failed: ${error.message}`);
    });
  }
}
