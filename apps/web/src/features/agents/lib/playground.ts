import {
  artifactText,
  isSettledState,
  isTerminalState,
  messageText,
  type StreamEvent,
  type TaskState,
} from '@switchboard/a2a-protocol';
import { taskStateLabel } from '../../../lib/task-state-labels';

/*
 * The playground's model of a conversation: each agent turn is folded from the A2A events of one
 * stream, in arrival order. Pure functions, so the component only renders what they produce.
 */

export interface ArtifactView {
  artifactId: string;
  name?: string;
  /** The chunks so far, joined (`append` chunks are added to the end). */
  text: string;
  chunks: number;
  complete: boolean;
}

export type StreamEventKind = 'task' | 'message' | 'status-update' | 'artifact-update';

export interface StreamLogEntry {
  seq: number;
  kind: StreamEventKind;
  summary: string;
  /** Milliseconds since the message was sent. */
  atMs: number;
}

export interface AgentTurn {
  role: 'agent';
  id: string;
  taskId?: string;
  contextId?: string;
  state?: TaskState;
  /** The text of the latest status message (e.g. why it failed, what input it needs). */
  statusText?: string;
  artifacts: ArtifactView[];
  /** Direct (task-less) replies. */
  messages: string[];
  log: StreamLogEntry[];
  /** Still streaming. */
  open: boolean;
  error?: string;
}

export interface UserTurn {
  role: 'user';
  id: string;
  text: string;
}

export type Turn = UserTurn | AgentTurn;

/** Keeps a long-running task's heartbeats from growing the log without bound. */
const MAX_LOG = 200;

export function newAgentTurn(id: string): AgentTurn {
  return { role: 'agent', id, artifacts: [], messages: [], log: [], open: true };
}

function logged(turn: AgentTurn, kind: StreamEventKind, summary: string, atMs: number): StreamLogEntry[] {
  const seq = (turn.log.at(-1)?.seq ?? 0) + 1;
  return [...turn.log, { seq, kind, summary, atMs }].slice(-MAX_LOG);
}

function withStatus(state: TaskState, text: string | undefined): string {
  return `${taskStateLabel(state)}${text ? ` — ${text}` : ''}`;
}

/** The turn after one more event of its stream. */
export function applyStreamEvent(turn: AgentTurn, event: StreamEvent, atMs: number): AgentTurn {
  if ('task' in event) {
    const { task } = event;
    const statusText = messageText(task.status.message) || turn.statusText;
    return {
      ...turn,
      taskId: task.id,
      contextId: task.contextId,
      state: task.status.state,
      statusText,
      artifacts:
        task.artifacts && task.artifacts.length > 0
          ? task.artifacts.map((a) => ({
              artifactId: a.artifactId,
              name: a.name,
              text: artifactText(a),
              chunks: 1,
              complete: true,
            }))
          : turn.artifacts,
      log: logged(
        turn,
        'task',
        `Task ${withStatus(task.status.state, messageText(task.status.message))}`,
        atMs,
      ),
    };
  }
  if ('message' in event) {
    const text = messageText(event.message);
    return {
      ...turn,
      contextId: event.message.contextId ?? turn.contextId,
      messages: [...turn.messages, text],
      log: logged(turn, 'message', `Message — ${text}`, atMs),
    };
  }
  if ('statusUpdate' in event) {
    const { status, taskId, contextId, metadata } = event.statusUpdate;
    const text = messageText(status.message);
    const heartbeat = typeof metadata?.heartbeat === 'number' ? ` (heartbeat ${metadata.heartbeat})` : '';
    return {
      ...turn,
      taskId,
      contextId,
      state: status.state,
      statusText: text || turn.statusText,
      log: logged(turn, 'status-update', `Status ${withStatus(status.state, text)}${heartbeat}`, atMs),
    };
  }
  const { artifact, append, lastChunk, taskId, contextId } = event.artifactUpdate;
  const chunk = artifactText(artifact);
  const existing = turn.artifacts.find((a) => a.artifactId === artifact.artifactId);
  const updated: ArtifactView =
    existing && append
      ? {
          ...existing,
          text: existing.text + chunk,
          chunks: existing.chunks + 1,
          complete: lastChunk === true,
        }
      : {
          artifactId: artifact.artifactId,
          name: artifact.name,
          text: chunk,
          chunks: 1,
          complete: lastChunk !== false,
        };
  return {
    ...turn,
    taskId,
    contextId,
    artifacts: existing
      ? turn.artifacts.map((a) => (a.artifactId === artifact.artifactId ? updated : a))
      : [...turn.artifacts, updated],
    log: logged(
      turn,
      'artifact-update',
      `Artifact ${artifact.name ?? artifact.artifactId} ${append ? 'appended' : 'chunk'} “${chunk}”${lastChunk ? ' (last)' : ''}`,
      atMs,
    ),
  };
}

/** A task the user can still cancel: started and not settled. */
export function isCancelable(turn: AgentTurn): boolean {
  return turn.taskId !== undefined && turn.state !== undefined && !isSettledState(turn.state);
}

/** The task waiting for the user's input, if the last agent turn asked for it. */
export function inputRequiredTask(turns: readonly Turn[]): AgentTurn | undefined {
  const last = turns.at(-1);
  return last?.role === 'agent' && !last.open && last.state === 'TASK_STATE_INPUT_REQUIRED'
    ? last
    : undefined;
}

export function isFinished(turn: AgentTurn): boolean {
  return turn.state !== undefined && isTerminalState(turn.state);
}
