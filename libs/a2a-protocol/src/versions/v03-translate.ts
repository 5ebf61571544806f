import {
  isSettledState,
  type Artifact,
  type Message,
  type Part,
  type Role,
  type SendMessageResponse,
  type StreamEvent,
  type Task,
  type TaskArtifactUpdateEvent,
  type TaskState,
  type TaskStatus,
  type TaskStatusUpdateEvent,
} from '../types';
import type {
  V03Artifact,
  V03DataPart,
  V03FilePart,
  V03Message,
  V03MessageSendConfiguration,
  V03MessageSendParams,
  V03Part,
  V03PushNotificationConfig,
  V03Role,
  V03SendResult,
  V03StreamEvent,
  V03Task,
  V03TaskArtifactUpdateEvent,
  V03TaskState,
  V03TaskStatus,
  V03TaskStatusUpdateEvent,
} from './v03.schemas';
import type { V10SendMessageParams, V10TaskPushNotificationConfig } from './v10-push.schemas';
import { compact } from './compact';

/**
 * Pure, total translation between A2A v0.3 and v1.0 wire shapes (messages, tasks, stream events, send params).
 * Inputs are assumed already parsed by the matching zod schema; outputs contain only the fields the target
 * version knows (unknown input fields never leak through). Nested `metadata`/`data` objects are passed by
 * reference, not copied: treat both sides as immutable.
 *
 * Where the versions cannot express the same thing the loss is deliberate and listed at the function.
 */

export { fromV03AgentCard, toV03AgentCard } from './v03-card-translate';

// ---------------------------------------------------------------------------------------------------------------
// Enums
// ---------------------------------------------------------------------------------------------------------------

const STATE_FROM_V03: Record<V03TaskState, TaskState> = {
  submitted: 'TASK_STATE_SUBMITTED',
  working: 'TASK_STATE_WORKING',
  'input-required': 'TASK_STATE_INPUT_REQUIRED',
  completed: 'TASK_STATE_COMPLETED',
  canceled: 'TASK_STATE_CANCELED',
  failed: 'TASK_STATE_FAILED',
  rejected: 'TASK_STATE_REJECTED',
  'auth-required': 'TASK_STATE_AUTH_REQUIRED',
  // v1.0's TASK_STATE_UNSPECIFIED is not a state the gateway accepts. 'unknown' makes no claim about the
  // outcome, so it becomes the neutral in-flight state: nothing is reported as finished or failed that the
  // agent did not say, and the gateway's own deadlines still bound a task that never moves on.
  unknown: 'TASK_STATE_WORKING',
};

const STATE_TO_V03: Record<TaskState, V03TaskState> = {
  TASK_STATE_SUBMITTED: 'submitted',
  TASK_STATE_WORKING: 'working',
  TASK_STATE_INPUT_REQUIRED: 'input-required',
  TASK_STATE_COMPLETED: 'completed',
  TASK_STATE_CANCELED: 'canceled',
  TASK_STATE_FAILED: 'failed',
  TASK_STATE_REJECTED: 'rejected',
  TASK_STATE_AUTH_REQUIRED: 'auth-required',
};

export const fromV03TaskState = (state: V03TaskState): TaskState => STATE_FROM_V03[state];
export const toV03TaskState = (state: TaskState): V03TaskState => STATE_TO_V03[state];

export const fromV03Role = (role: V03Role): Role => (role === 'user' ? 'ROLE_USER' : 'ROLE_AGENT');
export const toV03Role = (role: Role): V03Role => (role === 'ROLE_USER' ? 'user' : 'agent');

// ---------------------------------------------------------------------------------------------------------------
// Parts
// ---------------------------------------------------------------------------------------------------------------

/**
 * v0.3 `DataPart.data` must be an object, v1.0 allows any JSON value. Like the @a2a-js/sdk compat layer, a
 * non-object value travels to v0.3 as `{ value }` with this metadata flag set, and is unwrapped on the way back,
 * so SDK-based v0.3 peers and the gateway read each other's wrapped values the same way.
 */
export const DATA_PART_WRAP_FLAG = 'data_part_compat';

export function fromV03Part(part: V03Part): Part {
  switch (part.kind) {
    case 'text':
      return compact({ text: part.text, metadata: part.metadata });
    case 'file':
      return fromV03FilePart(part);
    case 'data':
      return fromV03DataPart(part);
  }
}

function fromV03FilePart(part: V03FilePart): Part {
  const { file } = part;
  const common = { mediaType: file.mimeType, filename: file.name, metadata: part.metadata };
  return 'bytes' in file ? compact({ raw: file.bytes, ...common }) : compact({ url: file.uri, ...common });
}

function fromV03DataPart(part: V03DataPart): Part {
  const { [DATA_PART_WRAP_FLAG]: wrapped, ...otherMetadata } = part.metadata ?? {};
  if (wrapped !== true) return compact({ data: part.data, metadata: part.metadata });
  const metadata = Object.keys(otherMetadata).length > 0 ? otherMetadata : undefined;
  return compact({ data: 'value' in part.data ? part.data.value : part.data, metadata });
}

/** `mediaType` and `filename` of text and data parts have no v0.3 field and are dropped. */
export function toV03Part(part: Part): V03Part {
  if ('text' in part) return compact({ kind: 'text' as const, text: part.text, metadata: part.metadata });
  if ('raw' in part) {
    const file = compact({ bytes: part.raw, mimeType: part.mediaType, name: part.filename });
    return compact({ kind: 'file' as const, file, metadata: part.metadata });
  }
  if ('url' in part) {
    const file = compact({ uri: part.url, mimeType: part.mediaType, name: part.filename });
    return compact({ kind: 'file' as const, file, metadata: part.metadata });
  }
  return toV03DataPart(part.data, part.metadata);
}

function toV03DataPart(data: unknown, metadata: Record<string, unknown> | undefined): V03DataPart {
  if (isPlainObject(data)) return compact({ kind: 'data' as const, data, metadata });
  // JSON has no `undefined`; a missing value is sent as null rather than an empty wrapper.
  return {
    kind: 'data',
    data: { value: data ?? null },
    metadata: { ...metadata, [DATA_PART_WRAP_FLAG]: true },
  };
}

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// ---------------------------------------------------------------------------------------------------------------
// Messages, tasks, artifacts
// ---------------------------------------------------------------------------------------------------------------

export function fromV03Message(message: V03Message): Message {
  return compact({
    messageId: message.messageId,
    contextId: message.contextId,
    taskId: message.taskId,
    role: fromV03Role(message.role),
    parts: message.parts.map(fromV03Part),
    metadata: message.metadata,
    extensions: message.extensions,
    referenceTaskIds: message.referenceTaskIds,
  });
}

export function toV03Message(message: Message): V03Message {
  return compact({
    kind: 'message' as const,
    messageId: message.messageId,
    contextId: message.contextId,
    taskId: message.taskId,
    role: toV03Role(message.role),
    parts: message.parts.map(toV03Part),
    metadata: message.metadata,
    extensions: message.extensions,
    referenceTaskIds: message.referenceTaskIds,
  });
}

export function fromV03TaskStatus(status: V03TaskStatus): TaskStatus {
  return compact({
    state: fromV03TaskState(status.state),
    message: status.message && fromV03Message(status.message),
    timestamp: status.timestamp,
  });
}

export function toV03TaskStatus(status: TaskStatus): V03TaskStatus {
  return compact({
    state: toV03TaskState(status.state),
    message: status.message && toV03Message(status.message),
    timestamp: status.timestamp,
  });
}

export function fromV03Artifact(artifact: V03Artifact): Artifact {
  return compact({
    artifactId: artifact.artifactId,
    name: artifact.name,
    description: artifact.description,
    parts: artifact.parts.map(fromV03Part),
    metadata: artifact.metadata,
    extensions: artifact.extensions,
  });
}

export function toV03Artifact(artifact: Artifact): V03Artifact {
  return compact({
    artifactId: artifact.artifactId,
    name: artifact.name,
    description: artifact.description,
    parts: artifact.parts.map(toV03Part),
    metadata: artifact.metadata,
    extensions: artifact.extensions,
  });
}

export function fromV03Task(task: V03Task): Task {
  return compact({
    id: task.id,
    contextId: task.contextId,
    status: fromV03TaskStatus(task.status),
    artifacts: task.artifacts?.map(fromV03Artifact),
    history: task.history?.map(fromV03Message),
    metadata: task.metadata,
  });
}

export function toV03Task(task: Task): V03Task {
  return compact({
    kind: 'task' as const,
    id: task.id,
    contextId: task.contextId,
    status: toV03TaskStatus(task.status),
    artifacts: task.artifacts?.map(toV03Artifact),
    history: task.history?.map(toV03Message),
    metadata: task.metadata,
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Stream events and send results
// ---------------------------------------------------------------------------------------------------------------

/** `final` is dropped: in v1.0 the state itself says whether the stream is over. */
export function fromV03StatusUpdate(event: V03TaskStatusUpdateEvent): TaskStatusUpdateEvent {
  return compact({
    taskId: event.taskId,
    contextId: event.contextId,
    status: fromV03TaskStatus(event.status),
    metadata: event.metadata,
  });
}

/**
 * `final` is true for terminal AND interrupted (input-required, auth-required) states: a v1.0 stream ends at
 * either, and a v0.3 client only stops reading at `final: true`, so anything less would leave it hanging.
 */
export function toV03StatusUpdate(event: TaskStatusUpdateEvent): V03TaskStatusUpdateEvent {
  return compact({
    kind: 'status-update' as const,
    taskId: event.taskId,
    contextId: event.contextId,
    status: toV03TaskStatus(event.status),
    final: isSettledState(event.status.state),
    metadata: event.metadata,
  });
}

export function fromV03ArtifactUpdate(event: V03TaskArtifactUpdateEvent): TaskArtifactUpdateEvent {
  return compact({
    taskId: event.taskId,
    contextId: event.contextId,
    artifact: fromV03Artifact(event.artifact),
    append: event.append,
    lastChunk: event.lastChunk,
    metadata: event.metadata,
  });
}

export function toV03ArtifactUpdate(event: TaskArtifactUpdateEvent): V03TaskArtifactUpdateEvent {
  return compact({
    kind: 'artifact-update' as const,
    taskId: event.taskId,
    contextId: event.contextId,
    artifact: toV03Artifact(event.artifact),
    append: event.append,
    lastChunk: event.lastChunk,
    metadata: event.metadata,
  });
}

/** v0.3 events are told apart by `kind`; v1.0 events by the single key that wraps them. */
export function fromV03StreamEvent(event: V03StreamEvent): StreamEvent {
  switch (event.kind) {
    case 'task':
      return { task: fromV03Task(event) };
    case 'message':
      return { message: fromV03Message(event) };
    case 'status-update':
      return { statusUpdate: fromV03StatusUpdate(event) };
    case 'artifact-update':
      return { artifactUpdate: fromV03ArtifactUpdate(event) };
  }
}

export function toV03StreamEvent(event: StreamEvent): V03StreamEvent {
  if ('task' in event) return toV03Task(event.task);
  if ('message' in event) return toV03Message(event.message);
  if ('statusUpdate' in event) return toV03StatusUpdate(event.statusUpdate);
  return toV03ArtifactUpdate(event.artifactUpdate);
}

export function fromV03SendResult(result: V03SendResult): SendMessageResponse {
  return result.kind === 'task' ? { task: fromV03Task(result) } : { message: fromV03Message(result) };
}

export function toV03SendResult(result: SendMessageResponse): V03SendResult {
  return 'task' in result ? toV03Task(result.task) : toV03Message(result.message);
}

// ---------------------------------------------------------------------------------------------------------------
// message/send params
// ---------------------------------------------------------------------------------------------------------------

/**
 * `blocking` ↔ `returnImmediately = !blocking`. An absent flag stays absent: both versions then mean
 * "blocking" (v1.0 by spec; v0.3 as the JS and Python SDK servers treat it).
 */
export function fromV03SendParams(params: V03MessageSendParams): V10SendMessageParams {
  return compact({
    message: fromV03Message(params.message),
    configuration: params.configuration && fromV03SendConfiguration(params.configuration),
    metadata: params.metadata,
  });
}

function fromV03SendConfiguration(config: V03MessageSendConfiguration) {
  return compact({
    acceptedOutputModes: config.acceptedOutputModes,
    historyLength: config.historyLength,
    returnImmediately: config.blocking === undefined ? undefined : !config.blocking,
    taskPushNotificationConfig:
      config.pushNotificationConfig && fromV03PushConfig(config.pushNotificationConfig),
  });
}

export function toV03SendParams(params: V10SendMessageParams): V03MessageSendParams {
  const config = params.configuration;
  return compact({
    message: toV03Message(params.message),
    configuration:
      config &&
      compact({
        acceptedOutputModes: config.acceptedOutputModes,
        historyLength: config.historyLength,
        blocking: config.returnImmediately === undefined ? undefined : !config.returnImmediately,
        pushNotificationConfig:
          config.taskPushNotificationConfig && toV03PushConfig(config.taskPushNotificationConfig),
      }),
    metadata: params.metadata,
  });
}

/** v0.3 lists several auth schemes, v1.0 holds one: the first is kept (the rest cannot be expressed). */
function fromV03PushConfig(config: V03PushNotificationConfig): V10TaskPushNotificationConfig {
  const auth = config.authentication;
  return compact({
    id: config.id,
    url: config.url,
    token: config.token,
    authentication: auth && compact({ scheme: auth.schemes[0] ?? '', credentials: auth.credentials }),
  });
}

/** `taskId` and `tenant` are dropped: in v0.3 `message/send` the task is implied by the call. */
function toV03PushConfig(config: V10TaskPushNotificationConfig): V03PushNotificationConfig {
  const auth = config.authentication;
  return compact({
    id: config.id,
    url: config.url,
    token: config.token,
    authentication:
      auth && compact({ schemes: auth.scheme ? [auth.scheme] : [], credentials: auth.credentials }),
  });
}
