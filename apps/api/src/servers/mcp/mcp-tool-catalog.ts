import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { Subject, type Subscription } from 'rxjs';
import { AgentsService } from '../../agents/agents.service';
import type { AgentEntity } from '../../agents/entities/agent.entity';
import { mcpConfig } from '../../config';
import { ServersService, type ServerView } from '../servers.service';
import { agentToolOf, toolSetOf, type AgentTool, type ToolSet } from './agent-tools';

/**
 * Every catalog agent as an MCP tool, kept in memory and rebuilt on each agent write; a server's tool set
 * is computed once per (server version, catalog version), so `tools/list` never touches the database.
 */
@Injectable()
export class McpToolCatalog implements OnModuleInit, OnModuleDestroy {
  private readonly tools = new Map<string, AgentTool & { enabled: boolean }>();
  private version = 0;
  private readonly sets = new WeakMap<ServerView, { version: number; set: ToolSet }>();
  private subscription?: Subscription;
  /** An agent changed: servers that expose it may have a new tool list. Carries the agent id. */
  readonly changes = new Subject<string>();
  private readonly tasks: boolean;

  constructor(
    private readonly agents: AgentsService,
    private readonly servers: ServersService,
    @Inject(mcpConfig.KEY) config: ConfigType<typeof mcpConfig>,
  ) {
    this.tasks = !config.stateless;
  }

  async onModuleInit(): Promise<void> {
    for (const agent of await this.agents.all()) this.put(agent);
    this.subscription = this.agents.changes.subscribe((change) => {
      if (change.type === 'delete') {
        this.tools.delete(change.id);
        this.servers.forgetAgent(change.id);
      } else this.put(change.agent);
      this.version++;
      this.changes.next(change.type === 'delete' ? change.id : change.agent.id);
    });
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  toolSet(view: ServerView): ToolSet {
    const cached = this.sets.get(view);
    if (cached?.version === this.version) return cached.set;
    const set = toolSetOf(view.agentIds, this.tools);
    this.sets.set(view, { version: this.version, set });
    return set;
  }

  private put(agent: AgentEntity): void {
    this.tools.set(agent.id, { ...agentToolOf(agent, this.tasks), enabled: agent.enabled });
  }
}
