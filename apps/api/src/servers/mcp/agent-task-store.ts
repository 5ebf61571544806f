import { InMemoryTaskStore } from '@modelcontextprotocol/sdk/experimental/tasks';
import type { Task } from '@modelcontextprotocol/sdk/types.js';
import { A2AError, A2AErrorCode, type TaskState } from '@switchboard/a2a-protocol';

/** A2A task state → MCP task status (SEP-1686, MCP 2025-11-25). */
export function mcpStatusOf(state: TaskState | 'message'): Task['status'] {
  switch (state) {
    case 'TASK_STATE_INPUT_REQUIRED':
    case 'TASK_STATE_AUTH_REQUIRED':
      return 'input_required';
    case 'TASK_STATE_COMPLETED':
    case 'message':
      return 'completed';
    case 'TASK_STATE_FAILED':
    case 'TASK_STATE_REJECTED':
      return 'failed';
    case 'TASK_STATE_CANCELED':
      return 'cancelled';
    default:
      return 'working';
  }
}

/**
 * One session's MCP tasks (the SDK's in-memory store: ids, TTLs, paging, session scoping), each backed by a
 * running call to an agent. `tasks/cancel` marks the task cancelled and stops that call, which cancels the
 * agent's A2A task.
 */
export class AgentTaskStore extends InMemoryTaskStore {
  private readonly runs = new Map<string, AbortController>();

  /** The call behind a task; forgotten when it ends. */
  run(taskId: string): AbortController {
    const controller = new AbortController();
    this.runs.set(taskId, controller);
    return controller;
  }

  ended(taskId: string): void {
    this.runs.delete(taskId);
  }

  override async updateTaskStatus(
    taskId: string,
    status: Task['status'],
    statusMessage?: string,
    sessionId?: string,
  ): Promise<void> {
    await super.updateTaskStatus(taskId, status, statusMessage, sessionId);
    if (status === 'cancelled') this.stop(taskId, 'The MCP client cancelled the task');
  }

  /** The session ended: its running calls stop (their agents' tasks are canceled), its tasks go. */
  close(): void {
    for (const taskId of [...this.runs.keys()]) this.stop(taskId, 'The MCP session ended');
    this.cleanup();
  }

  private stop(taskId: string, why: string): void {
    this.runs.get(taskId)?.abort(new A2AError(A2AErrorCode.Canceled, why));
    this.runs.delete(taskId);
  }
}
