import { createHash } from 'node:crypto';
import type { SendMessageResponse, StreamEvent, Task, TaskStatus } from '../../types/a2a.schemas';
import type { AdapterContext } from '../provider-adapter';

// Providers that keep the conversation themselves (a LangGraph thread, a FastA2A context) key it by an id
// the caller chooses. Passed through as is, two callers using the same contextId would share one
// conversation. These ids are derived from (agent, caller, contextId) instead, so a caller can only ever
// reach the conversations it started, whatever contextId it sends — with no mapping to store, lose on a
// restart or share between gateway instances.

/** Switchboard's UUIDv5 namespace for provider-side conversation ids (a random v4 UUID, fixed forever). */
const CONVERSATION_NAMESPACE = '0d8f5b8e-6a49-4f4e-9d0c-3c1f7a5e2b61';

/** RFC 9562 §5.5 UUIDv5: SHA-1 of namespace bytes + name, with the version and variant bits set. */
export function uuidV5(namespace: string, name: string): string {
  const hash = createHash('sha1')
    .update(Buffer.from(namespace.replace(/-/g, ''), 'hex'))
    .update(name, 'utf8')
    .digest();
  hash[6] = (hash[6] & 0x0f) | 0x50;
  hash[8] = (hash[8] & 0x3f) | 0x80;
  const hex = hash.subarray(0, 16).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The provider-side id of a caller's conversation: a UUID (for providers that only take UUIDs). */
export function callerScopedUuid(ctx: AdapterContext, contextId: string): string {
  return uuidV5(CONVERSATION_NAMESPACE, JSON.stringify([ctx.agent.name, ctx.callerId, contextId]));
}

/**
 * The same, readable back: `<uuid>:<contextId>`. The provider echoes it on tasks, so the caller's own
 * contextId is recovered from the task alone; the UUID proves it was derived for this very caller.
 */
export function callerScopedContext(ctx: AdapterContext, contextId: string): string {
  return `${callerScopedUuid(ctx, contextId)}:${contextId}`;
}

/** The caller's contextId inside a scoped one, or undefined when it was not derived for this caller. */
export function callerContextOf(ctx: AdapterContext, scoped: string): string | undefined {
  const contextId = scoped.slice(37);
  if (scoped[36] !== ':' || !contextId) return undefined;
  return scoped.slice(0, 36) === callerScopedUuid(ctx, contextId) ? contextId : undefined;
}

const withStatusContext = (status: TaskStatus, contextId: string): TaskStatus =>
  status.message ? { ...status, message: { ...status.message, contextId } } : status;

/** A provider task as the caller sees it: its own contextId everywhere, never the provider-side one. */
export function taskInContext(task: Task, contextId: string): Task {
  return {
    ...task,
    contextId,
    status: withStatusContext(task.status, contextId),
    ...(task.history ? { history: task.history.map((m) => ({ ...m, contextId })) } : {}),
  };
}

export function responseInContext(response: SendMessageResponse, contextId: string): SendMessageResponse {
  return 'task' in response
    ? { task: taskInContext(response.task, contextId) }
    : { message: { ...response.message, contextId } };
}

export function eventInContext(event: StreamEvent, contextId: string): StreamEvent {
  if ('task' in event) return { task: taskInContext(event.task, contextId) };
  if ('message' in event) return { message: { ...event.message, contextId } };
  if ('statusUpdate' in event) {
    const u = event.statusUpdate;
    return { statusUpdate: { ...u, contextId, status: withStatusContext(u.status, contextId) } };
  }
  return { artifactUpdate: { ...event.artifactUpdate, contextId } };
}
