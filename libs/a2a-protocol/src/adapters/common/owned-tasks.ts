import { LRUCache } from 'lru-cache';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type { AdapterContext } from '../provider-adapter';

/**
 * Tasks an adapter keeps itself (for providers with no task store of their own), per agent and bound to
 * the caller who started them: another caller reading one gets TASK_NOT_FOUND, as with A2A agents.
 * Newest kept; in memory, so a restart or another replica does not know them.
 */
export class OwnedTasks<T extends { owner: string | null }> {
  private readonly tasks: LRUCache<string, T>;

  constructor(max = 5_000) {
    this.tasks = new LRUCache<string, T>({ max });
  }

  set(ctx: AdapterContext, taskId: string, entry: T): void {
    this.tasks.set(this.key(ctx, taskId), entry);
  }

  has(ctx: AdapterContext, taskId: string): boolean {
    return this.tasks.has(this.key(ctx, taskId));
  }

  /** The caller's task, or TASK_NOT_FOUND. */
  get(ctx: AdapterContext, taskId: string): T {
    const entry = this.tasks.get(this.key(ctx, taskId));
    if (!entry || (entry.owner !== null && entry.owner !== ctx.callerId)) {
      throw new A2AError(A2AErrorCode.TaskNotFound, `Task ${taskId} not found`, {
        agentName: ctx.agent.name,
        taskId,
      });
    }
    return entry;
  }

  private key(ctx: AdapterContext, taskId: string) {
    return `${ctx.agent.name}\u0000${taskId}`;
  }
}
