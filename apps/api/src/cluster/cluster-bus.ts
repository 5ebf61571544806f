import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { Subject, filter, map, type Observable } from 'rxjs';
import { ClusterRedis } from './cluster-redis';

interface Envelope {
  from: string;
  topic: string;
  body: unknown;
}

/**
 * Messages between replicas over Redis pub/sub, one channel per gateway (its key prefix). A replica never
 * receives its own messages. Without Redis, publishing does nothing: there is nobody else to tell.
 * Delivery is at most once: what is published while a replica is cut off from Redis is lost, both ways. So
 * every time a connection (re)gains Redis, `reconnects` says so, and the catalog relay then compares the
 * database's catalog versions with what this replica holds, re-reads what changed, and asks the other
 * replicas to do the same (they may have missed this one's messages).
 */
@Injectable()
export class ClusterBus implements OnModuleInit {
  private readonly logger = new Logger(ClusterBus.name);
  private readonly incoming = new Subject<Envelope>();
  private readonly connected = new Subject<void>();
  /** This replica (re)gained Redis: messages sent meanwhile, by it or to it, may have been lost. */
  readonly reconnects: Observable<void> = this.connected.asObservable();
  private readonly channel: string;

  constructor(private readonly redis: ClusterRedis) {
    this.channel = redis.key('events');
  }

  async onModuleInit(): Promise<void> {
    const sub = this.redis.subscriber;
    if (!sub) return;
    sub.on('message', (channel: string, raw: string) => {
      if (channel !== this.channel) return;
      try {
        const envelope = JSON.parse(raw) as Envelope;
        if (envelope.from !== this.redis.replicaId) this.incoming.next(envelope);
      } catch {
        this.logger.warn('Ignored a cluster message that is not JSON');
      }
    });
    // The subscriber is announced once its subscription is in place again (ioredis resubscribes on 'ready'
    // too; one more SUBSCRIBE to the same channel is a no-op that tells us when it is done).
    sub.on('ready', () => {
      sub.subscribe(this.channel).then(
        () => this.connected.next(),
        () => undefined,
      );
    });
    // The command connection: messages this replica published while it was down were dropped.
    this.redis.commands?.on('ready', () => this.connected.next());
    await this.redis.connect();
    await sub.subscribe(this.channel).catch(() => undefined); // queued until Redis is reachable
  }

  publish(topic: string, body: unknown): void {
    const commands = this.redis.commands;
    if (!commands || !this.redis.available) return;
    const envelope: Envelope = { from: this.redis.replicaId, topic, body };
    commands.publish(this.channel, JSON.stringify(envelope)).catch((error: Error) => {
      this.redis.failed(error);
      this.logger.warn(`Cluster message "${topic}" not sent: ${error.message}`);
    });
  }

  on<T>(topic: string): Observable<T> {
    return this.incoming.pipe(
      filter((e) => e.topic === topic),
      map((e) => e.body as T),
    );
  }
}
