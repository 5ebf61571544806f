import type { Artifact, Message, Part, StreamEvent, Task } from '../types/a2a.schemas';
import type { TaskRecord } from './ports';

/**
 * How much of a task the gateway keeps, so that listing tasks never asks the agent and a store stays small:
 * at most `maxChars` characters of part content (text, raw, url, data as JSON) in each of the status
 * message, the artifacts and the history, and the newest `historyMessages` messages. Artifacts are kept
 * whole or not at all (a cut artifact would be a false one); the history keeps its newest messages that
 * fit. `GetTask` still answers the whole task, from the agent.
 */
export const TASK_SNAPSHOT_LIMITS = { maxChars: 8_192, historyMessages: 10 } as const;

/** What one observation shows of a task: a TaskRecord without its binding and times. */
export type TaskSnapshot = Omit<TaskRecord, 'agentName' | 'ownerId' | 'createdAt' | 'updatedAt'>;

function partChars(part: Part): number {
  if ('text' in part) return part.text.length;
  if ('raw' in part) return part.raw.length;
  if ('url' in part) return part.url.length;
  return JSON.stringify(part.data)?.length ?? 0;
}

function partsChars(parts: readonly Part[]): number {
  let chars = 0;
  for (const part of parts) chars += partChars(part);
  return chars;
}

function artifactsChars(artifacts: readonly Artifact[]): number {
  let chars = 0;
  for (const artifact of artifacts) chars += partsChars(artifact.parts);
  return chars;
}

const keptMessage = (message: Message | undefined) =>
  message && partsChars(message.parts) <= TASK_SNAPSHOT_LIMITS.maxChars ? message : undefined;

const keptArtifacts = (artifacts: Artifact[]) =>
  artifactsChars(artifacts) <= TASK_SNAPSHOT_LIMITS.maxChars ? artifacts : null;

/** The newest messages that fit. */
function keptHistory(history: Message[]): Message[] {
  let from = history.length;
  let chars = 0;
  while (from > 0 && history.length - from < TASK_SNAPSHOT_LIMITS.historyMessages) {
    chars += partsChars(history[from - 1].parts);
    if (chars > TASK_SNAPSHOT_LIMITS.maxChars) break;
    from--;
  }
  return from === 0 ? history : history.slice(from);
}

/**
 * What a Task object shows. An absent `artifacts` or `history` is not "none" (ProtoJSON omits empty lists,
 * and a GetTask with `historyLength: 0` leaves the history out): the store keeps what it had.
 */
export function snapshotOfTask(task: Task): TaskSnapshot {
  return {
    taskId: task.id,
    contextId: task.contextId,
    state: task.status.state,
    statusTimestamp: task.status.timestamp,
    statusMessage: keptMessage(task.status.message),
    artifacts: task.artifacts && keptArtifacts(task.artifacts),
    history: task.history && keptHistory(task.history),
  };
}

/** One record updated by a newer one of the same task (see TaskStore.upsert). */
export function mergeTaskRecord(existing: TaskRecord, next: TaskRecord): TaskRecord {
  return {
    ...next,
    ownerId: existing.ownerId,
    createdAt: existing.createdAt,
    artifacts: next.artifacts === undefined ? existing.artifacts : next.artifacts,
    history: next.history ?? existing.history,
  };
}

const ownArtifact = (artifact: Artifact): Artifact => ({ ...artifact, parts: [...artifact.parts] });

/**
 * The task one stream is about, brought up to date event by event the way an A2A server's task store
 * applies them (@a2a-js/sdk's ResultManager): a status update replaces the status and adds its message to
 * the history; an artifact update adds, replaces or appends to an artifact. So a list shows what the
 * stream showed. It starts from the stream's `task` event; a stream without one records statuses only.
 * Appends go into arrays of its own (never the agent's events), counted as they come: no copy per chunk.
 */
export class StreamTaskSnapshot {
  private current?: TaskSnapshot;
  private artifactChars = 0;

  /** The snapshot to record after this event, if it says something about the task. */
  apply(event: StreamEvent): TaskSnapshot | undefined {
    if ('task' in event) {
      const snapshot = snapshotOfTask(event.task);
      if (snapshot.artifacts) snapshot.artifacts = snapshot.artifacts.map(ownArtifact);
      this.artifactChars = snapshot.artifacts ? artifactsChars(snapshot.artifacts) : 0;
      this.current = snapshot;
      return snapshot;
    }
    if ('statusUpdate' in event) {
      const { taskId, contextId, status } = event.statusUpdate;
      const current = this.current;
      if (current?.taskId !== taskId) {
        return {
          taskId,
          contextId,
          state: status.state,
          statusTimestamp: status.timestamp,
          statusMessage: keptMessage(status.message),
        };
      }
      current.state = status.state;
      current.statusTimestamp = status.timestamp;
      current.statusMessage = keptMessage(status.message);
      const message = status.message;
      if (message && current.history && !current.history.some((m) => m.messageId === message.messageId))
        current.history = keptHistory([...current.history, message]);
      return current;
    }
    if ('artifactUpdate' in event) {
      const { taskId, artifact, append } = event.artifactUpdate;
      const current = this.current;
      if (current?.taskId !== taskId) return undefined;
      if (current.artifacts === null) return current;
      const artifacts = (current.artifacts ??= []);
      const at = artifacts.findIndex((a) => a.artifactId === artifact.artifactId);
      const chars = partsChars(artifact.parts);
      if (at < 0) {
        artifacts.push(ownArtifact(artifact));
        this.artifactChars += chars;
      } else if (append) {
        const kept = artifacts[at];
        kept.parts.push(...artifact.parts);
        if (artifact.name) kept.name = artifact.name;
        if (artifact.description) kept.description = artifact.description;
        if (artifact.metadata) kept.metadata = { ...kept.metadata, ...artifact.metadata };
        this.artifactChars += chars;
      } else {
        this.artifactChars += chars - partsChars(artifacts[at].parts);
        artifacts[at] = ownArtifact(artifact);
      }
      if (this.artifactChars > TASK_SNAPSHOT_LIMITS.maxChars) current.artifacts = null;
      return current;
    }
    return undefined;
  }
}
