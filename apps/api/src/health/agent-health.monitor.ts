import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { A2AGateway, AgentState, HealthMonitor, type ProbeResult } from '@switchboard/a2a-protocol/gateway';
import { Subscription } from 'rxjs';
import { AgentsService, type CatalogChange } from '../agents/agents.service';
import { healthConfig } from '../config';
import { AgentHealthStore } from './agent-health.store';

/**
 * Active health checks of the catalog's agents (HEALTH_CHECK_INTERVAL_MS, spread by HEALTH_CHECK_JITTER),
 * through the gateway's own pipeline so that probes and real calls move one health state and one circuit.
 * Probes are not calls: they leave no metrics row, no last_interaction and no rate-limit token behind.
 * Also logs enabling and disabling an agent as the state changes they are.
 */
@Injectable()
export class AgentHealthMonitor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(AgentHealthMonitor.name);
  private readonly monitor: HealthMonitor;
  private readonly enabled = new Map<string, boolean>();
  private subscription?: Subscription;

  constructor(
    private readonly gateway: A2AGateway,
    private readonly agents: AgentsService,
    private readonly store: AgentHealthStore,
    @Inject(healthConfig.KEY) private readonly config: ConfigType<typeof healthConfig>,
  ) {
    this.monitor = new HealthMonitor(gateway, {
      intervalMs: config.intervalMs,
      jitter: config.jitter,
      onProbe: (name, result) => this.report(name, result),
    });
  }

  onApplicationBootstrap(): void {
    for (const agent of this.gateway.listAgents()) this.enabled.set(agent.name, agent.enabled);
    this.subscription = this.agents.changes.subscribe((change) => this.onCatalogChange(change));
    if (!this.monitor.enabled) {
      this.logger.log('Active health probes are off (HEALTH_CHECK_INTERVAL_MS=0): health follows real calls');
      return;
    }
    this.monitor.start();
    this.logger.log(
      `Probing every agent every ${this.config.intervalMs} ms (±${Math.round(this.config.jitter * 100)}%)`,
    );
  }

  async onModuleDestroy(): Promise<void> {
    this.subscription?.unsubscribe();
    await this.monitor.stop();
  }

  private report(name: string, result: ProbeResult): void {
    if (result.status === 'failed') this.logger.debug(`Probe of "${name}" failed: ${result.error.message}`);
  }

  private onCatalogChange(change: CatalogChange): void {
    if (change.type === 'delete') {
      this.enabled.delete(change.name);
      return;
    }
    const { agent, previousName } = change;
    const was = this.enabled.get(previousName ?? agent.name);
    if (previousName) this.enabled.delete(previousName);
    this.enabled.set(agent.name, agent.enabled);
    // A change made on another replica is recorded there.
    if (was === undefined || was === agent.enabled || change.remote) return;
    const health = this.store.get(agent.name);
    this.store.transition(
      agent.name,
      was ? health.state : AgentState.Disabled,
      agent.enabled ? health.state : AgentState.Disabled,
      health,
    );
  }
}
