import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import Redis, { type RedisOptions } from 'ioredis';
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

  constructor(@Inject(clusterConfig.KEY) config: ConfigType<typeof clusterConfig>) {
    this.prefix = config.keyPrefix;
    this.replicaId = config.replicaId;
    if (!config.redisUrl) {
      this.commands = this.subscriber = null;
      return;
    }
    const options: RedisOptions = {
      // Fail at once while Redis is away (callers fall back); never queue calls behind a reconnect.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      commandTimeout: 1_000,
      connectTimeout: 2_000,
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

  /** Redis answers commands right now. */
  get available(): boolean {
    return this.commands?.status === 'ready';
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
    for (const client of [this.commands, this.subscriber]) client?.disconnect();
  }
}
