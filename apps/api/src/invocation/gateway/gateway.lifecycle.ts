import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { A2AGateway, periodStart } from '@switchboard/a2a-protocol/gateway';
import type { Subscription } from 'rxjs';
import { AgentsService } from '../../agents/agents.service';
import { SharedSpendStore } from '../../cluster/shared-spend.store';
import { Lifecycle } from '../../health/lifecycle';
import { METRICS_RECORDER, type MetricsRecorder } from '../../metrics/metrics-recorder';
import { MetricsStore } from '../../metrics/metrics-store';
import { LastInteractionSink } from '../stores/last-interaction.sink';
import { PgTaskStore } from '../stores/pg-task.store';

/** How long shutdown waits for calls whose connections it closed to reach the metrics (they end at once). */
const SETTLE_MS = 2_000;

/**
 * The gateway's start and end. At start: the metrics recorder learns the database's form, budgets are seeded
 * with what was spent before this process, and the catalog's agents are registered (then followed). At
 * shutdown, after the doors have drained (calls cut at the deadline are recorded as `shutdown`), the calls
 * still finishing are given a moment to be recorded, then what is written behind — tasks, last interactions,
 * metrics, in that order — is flushed, then the gateway's outbound connections close.
 */

@Injectable()
export class GatewayLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(GatewayLifecycle.name);
  private subscription?: Subscription;

  constructor(
    private readonly gateway: A2AGateway,
    private readonly agents: AgentsService,
    private readonly spend: SharedSpendStore,
    private readonly tasks: PgTaskStore,
    private readonly lastInteraction: LastInteractionSink,
    @Inject(METRICS_RECORDER) private readonly recorder: MetricsRecorder | null,
    private readonly metrics: MetricsStore,
    lifecycle: Lifecycle,
  ) {
    lifecycle.whenCut(() => this.gateway.cutAtShutdown());
  }

  async onModuleInit(): Promise<void> {
    await this.recorder?.prepare();
    await this.seedSpend();
    for (const agent of await this.agents.all()) this.gateway.registerAgent(this.agents.specOf(agent));
    this.subscription = this.agents.changes.subscribe((change) => {
      if (change.type === 'delete') {
        this.gateway.unregisterAgent(change.name);
        return;
      }
      if (change.previousName && change.previousName !== change.agent.name)
        this.gateway.unregisterAgent(change.previousName);
      this.gateway.registerAgent(this.agents.specOf(change.agent));
    });
    this.logger.log(`Gateway ready with ${this.gateway.listAgents().length} agent(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    this.subscription?.unsubscribe();
    this.spend.close();
    if (!(await this.gateway.settled(SETTLE_MS)))
      this.logger.warn(
        `Calls still open ${SETTLE_MS} ms after the server closed: they will have no metric row`,
      );
    await this.tasks.flush();
    await this.lastInteraction.close();
    await this.recorder?.close();
    await this.gateway.close();
  }

  /** Budgets count what was spent before this process started: today's and this month's cost per agent. */
  private async seedSpend(): Promise<void> {
    const now = Date.now();
    for (const period of ['day', 'month'] as const) {
      const spent = await this.metrics.spendSince(new Date(periodStart(period, now)));
      for (const [name, total] of spent) this.spend.seed(name, period, now, total);
    }
  }
}
