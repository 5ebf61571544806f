import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
  type OnModuleInit,
} from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Subscription } from 'rxjs';
import { DataSource } from 'typeorm';
import { AgentsService } from '../agents/agents.service';
import { Authenticator } from '../auth/authenticator';
import { clusterConfig } from '../config';
import { ServersService } from '../servers/servers.service';
import { ClusterBus } from './cluster-bus';

/** What crosses the bus: ids only; every replica reads the row itself (secrets never travel). */
type CatalogMessage =
  | { kind: 'agent'; type: 'upsert'; id: string; previousName?: string }
  | { kind: 'agent'; type: 'delete'; id: string; name: string }
  | { kind: 'server'; id: string }
  /** A replica (re)gained Redis: what it published meanwhile was lost; compare versions now. */
  | { kind: 'resync' };

/** The kinds of `catalog_versions` (bumped by triggers on every write that can make a cache wrong). */
type VersionKind = 'catalog' | 'auth';

/**
 * Catalog writes made on this replica are announced to the others, which re-read the agent or server and
 * replay the change through their own caches (gateway registry, A2A proxies, MCP tool lists and the
 * sessions' list_changed) as if it had been made there.
 *
 * Announcements are at most once, so the caches also converge without them: every CATALOG_CHECK_INTERVAL_MS,
 * when this replica (re)gains Redis, and when another replica says it did, the per-kind versions in
 * `catalog_versions` are compared with those last seen, and a kind that moved is re-read — the agents (ids
 * and versions, then each one that is new, changed or gone), the servers held in memory, and the verified
 * credentials (forgotten, so each is checked against the database at its next use).
 */
@Injectable()
export class CatalogRelay implements OnModuleInit, OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('Cluster');
  private readonly subscriptions = new Subscription();
  private applying: Promise<void> = Promise.resolve();
  /** Version of each kind as of the last check that re-read it. */
  private readonly seen = new Map<string, string>();
  private checkQueued = false;
  private checkFailing = false;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly bus: ClusterBus,
    private readonly agents: AgentsService,
    private readonly servers: ServersService,
    private readonly authenticator: Authenticator,
    private readonly db: DataSource,
    @Inject(clusterConfig.KEY) private readonly config: ConfigType<typeof clusterConfig>,
  ) {}

  onModuleInit(): void {
    this.subscriptions.add(
      this.agents.changes.subscribe((change) => {
        if (change.remote) return;
        this.bus.publish(
          'catalog',
          change.type === 'delete'
            ? { kind: 'agent', type: 'delete', id: change.id, name: change.name }
            : { kind: 'agent', type: 'upsert', id: change.agent.id, previousName: change.previousName },
        );
      }),
    );
    this.subscriptions.add(
      this.servers.changes.subscribe((change) => {
        if (!change.remote)
          this.bus.publish('catalog', {
            kind: 'server',
            id: change.type === 'delete' ? change.id : change.server.id,
          });
      }),
    );
    this.subscriptions.add(
      this.bus.on<CatalogMessage>('catalog').subscribe((message) => {
        if (message.kind === 'resync') this.checkSoon();
        else this.enqueue(() => this.apply(message));
      }),
    );
    this.subscriptions.add(
      this.bus.reconnects.subscribe(() => {
        this.checkSoon();
        this.bus.publish('catalog', { kind: 'resync' } satisfies CatalogMessage);
      }),
    );
  }

  /** After every cache was warmed: the first check takes the versions and replays what moved since. */
  onApplicationBootstrap(): void {
    this.checkSoon();
    const every = this.config.catalogCheckIntervalMs;
    if (every > 0) this.timer = setInterval(() => this.checkSoon(), every).unref();
  }

  onModuleDestroy(): void {
    clearInterval(this.timer);
    this.subscriptions.unsubscribe();
  }

  /** Changes are applied one at a time, in the order received: a slow re-read must not land after a newer one. */
  private enqueue(work: () => Promise<void>): void {
    this.applying = this.applying
      .then(work)
      .catch((error: Error) =>
        this.logger.warn(`A catalog change from another replica was not applied: ${error.message}`),
      );
  }

  /** One check in the queue at a time: a burst of reasons to look is one look. */
  private checkSoon(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    this.enqueue(() => {
      this.checkQueued = false;
      return this.check();
    });
  }

  private async apply(message: Exclude<CatalogMessage, { kind: 'resync' }>): Promise<void> {
    if (message.kind === 'server') return this.servers.reload(message.id);
    if (message.type === 'delete') return this.agents.forgotten(message.id, message.name);
    return this.agents.reload(message.id, message.previousName);
  }

  private async check(): Promise<void> {
    let rows: { kind: VersionKind; version: string }[];
    try {
      rows = await this.db.query(`SELECT kind, version::text AS version FROM catalog_versions`);
    } catch (error) {
      if (!this.checkFailing)
        this.logger.warn(`Catalog versions not readable, will retry: ${(error as Error).message}`);
      this.checkFailing = true;
      return;
    }
    if (this.checkFailing) this.logger.log('Catalog versions readable again');
    this.checkFailing = false;
    for (const { kind, version } of rows) {
      if (this.seen.get(kind) === version) continue;
      const first = !this.seen.has(kind);
      // Versions are read before the data: a write landing in between is re-read now and again next time.
      const replayed = await this.resync(kind);
      this.seen.set(kind, version);
      if (replayed > 0 && !first)
        this.logger.log(`Caught up with ${replayed} ${kind} change(s) this replica had not been told of`);
    }
  }

  private async resync(kind: VersionKind): Promise<number> {
    switch (kind) {
      case 'catalog':
        return (await this.agents.resync()) + (await this.servers.resync());
      case 'auth':
        this.authenticator.forgetVerified();
        return 0;
      default:
        return kind satisfies never;
    }
  }
}
