import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import Redis, { type RedisOptions } from 'ioredis';
import { DependencyErrorCode } from '../common/errors/dependency.exception';
import { unavailableDependency } from '../common/errors/outage';
import { whereOf } from '../common/net/where';
import { clusterConfig } from '../config';

/** The Redis of a multi-replica gateway: one connection for commands, one for subscriptions. */
@Injectable()
export class ClusterRedis implements OnApplicationShutdown {
  private readonly logger = new Logger('Cluster');
  /** Null without REDIS_URL: every concern then stays in this process. */
  readonly commands: Redis | null;
  readonly subscriber: Redis | null;
  readonly prefix: string;
  readonly replicaId: string;
  private up = false;
  private warned = false;
  /** Connected but not answering (a command timed out): treated as away until a PING is answered. */
  private stalled = false;
  private readonly commandTimeoutMs: number;
  private where = '';

  constructor(@Inject(clusterConfig.KEY) config: ConfigType<typeof clusterConfig>) {
    this.prefix = config.keyPrefix;
    this.replicaId = config.replicaId;
    this.commandTimeoutMs = config.commandTimeoutMs;
    if (!config.redisUrl) {
      this.commands = this.subscriber = null;
      return;
    }
    const options: RedisOptions = {
      // Fail at once while Redis is away (callers fall back); never queue calls behind a reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: config.commandTimeoutMs,
      connectTimeout: config.connectTimeoutMs,
      lazyConnect: true,
      retryStrategy: (times) => Math.min(200 * times, 2_000),
    };
    this.commands = new Redis(config.redisUrl, options);
    // Subscriptions must survive a reconnect: the subscriber queues and resubscribes.
    this.subscriber = new Redis(config.redisUrl, {
      ...options,
      enableOfflineQueue: true,
      maxRetriesPerRequest: null,
      commandTimeout: undefined,
    });
    const where = whereOf(config.redisUrl, 'REDIS_URL');
    this.where = where;
    this.commands.on('ready', () => {
      if (!this.up)
        this.logger.log(`Redis at ${where} is up: limits, health, catalog and MCP sessions are shared`);
      this.up = true;
    });
    this.commands.on('error', (error: Error) => {
      if (this.up || !this.warned) {
        this.logger.warn(
          `Redis at ${where} is unreachable (${error.message}): this replica falls back to its own state until it returns`,
        );
        this.warned = true;
      }
      this.up = false;
    });
    this.subscriber.on('error', () => undefined); // reported once through the command connection
  }

  get enabled(): boolean {
    return this.commands !== null;
  }

  /** Redis answers commands right now (connected, and its last command did not time out). */
  get available(): boolean {
    return this.commands?.status === 'ready' && !this.stalled;
  }

  /**
   * A command failed. A timeout on a live connection means Redis hangs: until a PING is answered again every
   * caller falls back at once instead of waiting out its own command timeout.
   */
  failed(error: unknown): void {
    if (this.stalled || !this.commands || this.commands.status !== 'ready') return;
    if (unavailableDependency(error) !== DependencyErrorCode.RedisUnavailable) return;
    this.stalled = true;
    this.logger.warn(
      `Redis at ${this.where} does not answer (${(error as Error).message}): this replica falls back to its own state until it does`,
    );
    void this.probe();
  }

  private async probe(): Promise<void> {
    const commands = this.commands!;
    while (this.stalled) {
      const answered = await commands.ping().then(
        () => true,
        () => false,
      );
      if (answered) {
        this.stalled = false;
        this.logger.log(`Redis at ${this.where} answers again`);
        return;
      }
      if (commands.status === 'end') return;
      await new Promise((resolve) => setTimeout(resolve, this.commandTimeoutMs).unref());
    }
  }

  key(...parts: string[]): string {
    return this.prefix + parts.join(':');
  }

  async connect(): Promise<void> {
    // A Redis away at boot is not fatal: both connections keep retrying in the background.
    await Promise.all(
      [this.commands?.connect(), this.subscriber?.connect()].map((p) => p?.catch(() => undefined)),
    );
  }

  async onApplicationShutdown(): Promise<void> {
    this.stalled = false;
    for (const client of [this.commands, this.subscriber]) client?.disconnect();
  }
}
