import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Subscription } from 'rxjs';
import { AgentsService } from '../agents/agents.service';
import { ServersService } from '../servers/servers.service';
import { ClusterBus } from './cluster-bus';

/** What crosses the bus: ids only; every replica reads the row itself (secrets never travel). */
type CatalogMessage =
  | { kind: 'agent'; type: 'upsert'; id: string; previousName?: string }
  | { kind: 'agent'; type: 'delete'; id: string; name: string }
  | { kind: 'server'; id: string };

/**
 * Catalog writes made on this replica are announced to the others, which re-read the agent or server and
 * replay the change through their own caches (gateway registry, A2A proxies, MCP tool lists and the
 * sessions' list_changed) as if it had been made there.
 */
@Injectable()
export class CatalogRelay implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Cluster');
  private readonly subscriptions = new Subscription();
  private applying: Promise<void> = Promise.resolve();

  constructor(
    private readonly bus: ClusterBus,
    private readonly agents: AgentsService,
    private readonly servers: ServersService,
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
        // One at a time, in the order sent: each re-reads the row, and a slow read of an older change must
        // not land after a newer one.
        this.applying = this.applying
          .then(() => this.apply(message))
          .catch((error: Error) =>
            this.logger.warn(`A catalog change from another replica was not applied: ${error.message}`),
          );
      }),
    );
  }

  onModuleDestroy(): void {
    this.subscriptions.unsubscribe();
  }

  private async apply(message: CatalogMessage): Promise<void> {
    if (message.kind === 'server') return this.servers.reload(message.id);
    if (message.type === 'delete') return this.agents.forgotten(message.id, message.name);
    return this.agents.reload(message.id, message.previousName);
  }
}
