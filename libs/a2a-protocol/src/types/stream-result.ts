import type { Artifact, Message, StreamEvent, Task } from './a2a.schemas';

/** What a stream amounts to so far: the task it built (status, artifacts), or the one message it answered. */
export interface StreamResult {
  task?: Task;
  message?: Message;
}

function withArtifact(artifacts: Artifact[], incoming: Artifact, append: boolean): Artifact[] {
  const index = artifacts.findIndex((a) => a.artifactId === incoming.artifactId);
  if (index < 0) return [...artifacts, incoming];
  const current = artifacts[index];
  const next = append ? { ...current, parts: [...current.parts, ...incoming.parts] } : incoming;
  return artifacts.map((a, i) => (i === index ? next : a));
}

/**
 * Fold one stream event into the result: a `task` replaces it, a status update moves its state, an artifact
 * update adds or (with `append`) extends an artifact. Events of a task never announced start a bare one.
 */
export function foldStreamEvent(result: StreamResult, event: StreamEvent): StreamResult {
  if ('task' in event) return { task: event.task };
  if ('message' in event) return result.task ? result : { message: event.message };
  const update = 'statusUpdate' in event ? event.statusUpdate : event.artifactUpdate;
  const task: Task = result.task ?? {
    id: update.taskId,
    contextId: update.contextId,
    status: { state: 'TASK_STATE_WORKING' },
    artifacts: [],
    history: [],
  };
  if ('statusUpdate' in event) return { task: { ...task, status: event.statusUpdate.status } };
  const { artifact, append } = event.artifactUpdate;
  return { task: { ...task, artifacts: withArtifact(task.artifacts ?? [], artifact, append === true) } };
}
