import type { Task } from '../types/a2a.schemas';
import type { TaskFilter, TaskPosition, TaskRecord } from './ports';

/** ListTasks' page size when the request sets none (A2A v1.0). */
export const DEFAULT_TASK_PAGE_SIZE = 50;

/**
 * A page token: the position of the page's last task (`[updatedAt, taskId]` as base64url JSON). Opaque
 * to callers; it carries no filter, and the owner filter is applied on every page whatever it says, so a
 * forged token shows nothing it should not.
 */
export function encodePageToken(position: TaskPosition): string {
  return Buffer.from(JSON.stringify([position.updatedAt, position.taskId])).toString('base64url');
}

/** The position a token names, or undefined if this gateway could not have issued it. */
export function decodePageToken(token: string): TaskPosition | undefined {
  if (!/^[\w-]+$/.test(token)) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [updatedAt, taskId] = value as unknown[];
  if (!Number.isSafeInteger(updatedAt) || (updatedAt as number) < 0 || typeof taskId !== 'string')
    return undefined;
  return { updatedAt: updatedAt as number, taskId };
}

/** Newest first by `updatedAt`; tasks seen at the same millisecond by `taskId`, descending, so the order is total. */
export function newestFirst(a: TaskPosition, b: TaskPosition): number {
  return b.updatedAt - a.updatedAt || (a.taskId < b.taskId ? 1 : a.taskId > b.taskId ? -1 : 0);
}

export function matchesTaskFilter(record: TaskRecord, filter: TaskFilter): boolean {
  return (
    (filter.ownerId === undefined || record.ownerId === filter.ownerId) &&
    (!filter.agentName || record.agentName === filter.agentName) &&
    (!filter.contextId || record.contextId === filter.contextId) &&
    (!filter.state || record.state === filter.state) &&
    (filter.updatedSince === undefined || record.updatedAt >= filter.updatedSince)
  );
}

/**
 * A recorded task as ListTasks shows it (A2A v1.0 Task). The status timestamp is the agent's own, else when
 * the gateway saw the status. Artifacts only when asked for and kept (an `includeArtifacts` list shows
 * `artifacts: []` for a task that has none, and leaves the field out when they were too large to keep);
 * the newest `historyLength` messages of the history kept (all of it when unset, none at 0).
 */
export function toListedTask(
  record: TaskRecord,
  view: { historyLength?: number; includeArtifacts?: boolean },
): Task {
  const task: Task = {
    id: record.taskId,
    contextId: record.contextId,
    status: {
      state: record.state,
      ...(record.statusMessage ? { message: record.statusMessage } : {}),
      timestamp: record.statusTimestamp ?? new Date(record.updatedAt).toISOString(),
    },
  };
  // Copies: a stream still running appends to the arrays the store holds.
  if (view.includeArtifacts && record.artifacts !== null)
    task.artifacts = (record.artifacts ?? []).map((a) => ({ ...a, parts: [...a.parts] }));
  const { historyLength } = view;
  if (record.history?.length && historyLength !== 0)
    task.history = record.history.slice(historyLength === undefined ? 0 : -historyLength);
  return task;
}
