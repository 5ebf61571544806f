import { Injectable } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { InMemorySpendStore, type BudgetPeriod, type SpendStore } from '@switchboard/a2a-protocol/gateway';
import { ClusterBus } from './cluster-bus';

/** What one replica spent on agents since its last message: cost per agent name, and when. */
interface SpendNews {
  at: number;
  costs: Record<string, number>;
}

/**
 * Budgets across replicas: each replica keeps the spend of the current day and month per agent in memory
 * (seeded from the database at start) and tells the others what it adds, coalesced per event-loop turn, so
 * that a `perDay` budget is one budget whichever replica takes the calls. Like any budget it is checked
 * before a call and counted after, so calls in flight together may overshoot it slightly. While Redis is
 * away the news is lost: each replica then counts its own calls until it restarts (and reads the database).
 */
@Injectable()
export class SharedSpendStore implements SpendStore {
  private readonly local = new InMemorySpendStore();
  private pending = new Map<string, number>();
  private scheduled = false;
  private readonly subscription: Subscription;

  constructor(private readonly bus: ClusterBus) {
    this.subscription = bus.on<SpendNews>('spend').subscribe(({ at, costs }) => {
      for (const [agent, cost] of Object.entries(costs)) this.local.add(agent, cost, at);
    });
  }

  add(agentName: string, cost: number, at: number): void {
    if (cost <= 0) return;
    this.local.add(agentName, cost, at);
    this.pending.set(agentName, (this.pending.get(agentName) ?? 0) + cost);
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.tell());
    }
  }

  spent(agentName: string, period: BudgetPeriod, at: number): number {
    return this.local.spent(agentName, period, at);
  }

  /** Start from what was spent before this process (read from the database). */
  seed(agentName: string, period: BudgetPeriod, at: number, total: number): void {
    this.local.seed(agentName, period, at, total);
  }

  close(): void {
    this.subscription.unsubscribe();
  }

  private tell(): void {
    this.scheduled = false;
    const costs = Object.fromEntries(this.pending);
    this.pending = new Map();
    this.bus.publish('spend', { at: Date.now(), costs } satisfies SpendNews);
  }
}
