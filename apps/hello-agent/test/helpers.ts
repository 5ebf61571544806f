// Helpers shared by the hello-agent specs (not part of the app build: tsconfig.app.json only takes src/).
import { randomUUID } from 'node:crypto';
import {
  A2A_PROTOCOL_VERSION,
  A2A_VERSION_HEADER,
  Role,
  TaskState,
  type Message,
  type SendMessageRequest,
  type StreamResponse,
  type Task,
} from '@a2a-js/sdk';
import type {
  Message as MessageV03,
  MessageSendParams as MessageSendParamsV03,
  Task as TaskV03,
  TaskArtifactUpdateEvent as ArtifactUpdateV03,
  TaskStatusUpdateEvent as StatusUpdateV03,
} from 'a2a-sdk-v03';
import { textPart } from '../src/hello.executor';

// ---------------------------------------------------------------- v1.0 (@a2a-js/sdk 1.3)

export function userMessage(text: string, ids: { taskId?: string; contextId?: string } = {}): Message {
  return {
    messageId: randomUUID(),
    contextId: ids.contextId ?? '',
    taskId: ids.taskId ?? '',
    role: Role.ROLE_USER,
    parts: [textPart(text)],
    metadata: undefined,
    extensions: [],
    referenceTaskIds: [],
  };
}

export function sendRequest(
  text: string,
  opts: { taskId?: string; contextId?: string; returnImmediately?: boolean } = {},
): SendMessageRequest {
  return {
    tenant: '',
    message: userMessage(text, opts),
    configuration:
      opts.returnImmediately === undefined
        ? undefined
        : {
            acceptedOutputModes: [],
            taskPushNotificationConfig: undefined,
            returnImmediately: opts.returnImmediately,
          },
    metadata: undefined,
  };
}

export function artifactTexts(task: Task): string[] {
  return task.artifacts.flatMap((a) =>
    a.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '?')),
  );
}

/** Text of the task's status message ('' if none). */
export function statusText(task: Task): string {
  return (task.status?.message?.parts ?? [])
    .map((p) => (p.content?.$case === 'text' ? p.content.value : ''))
    .join('');
}

export function stateName(state: TaskState | undefined): string {
  return TaskState[state ?? TaskState.TASK_STATE_UNSPECIFIED];
}

/** `$case` plus the task state (status events) or artifact text (artifact events), for order assertions. */
export function describeEvent(event: StreamResponse): string {
  const payload = event.payload;
  switch (payload?.$case) {
    case 'task':
      return `task:${stateName(payload.value.status?.state)}`;
    case 'statusUpdate':
      return `statusUpdate:${stateName(payload.value.status?.state)}`;
    case 'artifactUpdate':
      return `artifactUpdate:${payload.value.artifact?.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '?')).join('')}`;
    default:
      return String(payload?.$case);
  }
}

export function eventTaskId(event: StreamResponse): string {
  const payload = event.payload;
  if (payload?.$case === 'task') return payload.value.id;
  return (payload?.value as { taskId: string }).taskId;
}

/** Headers of a v1.0 JSON-RPC / REST request. */
export const V1_HEADERS = { 'Content-Type': 'application/json', [A2A_VERSION_HEADER]: A2A_PROTOCOL_VERSION };

/** Raw v1.0 JSON-RPC `SendMessage` body (wire JSON) for `text`. */
export function v1SendBody(text: string, method = 'SendMessage', id: number | string = 1): string {
  return JSON.stringify({
    jsonrpc: '2.0',
    id,
    method,
    params: { message: { messageId: randomUUID(), role: 'ROLE_USER', parts: [{ text }] } },
  });
}

// ---------------------------------------------------------------- v0.3 (a2a-sdk-v03 = @a2a-js/sdk 0.3.14)

export function userMessageV03(text: string, ids: { taskId?: string; contextId?: string } = {}): MessageV03 {
  return { kind: 'message', messageId: randomUUID(), role: 'user', parts: [{ kind: 'text', text }], ...ids };
}

export function sendParamsV03(
  text: string,
  opts: { taskId?: string; contextId?: string; blocking?: boolean } = {},
): MessageSendParamsV03 {
  const { blocking, ...ids } = opts;
  return {
    message: userMessageV03(text, ids),
    ...(blocking === undefined ? {} : { configuration: { blocking } }),
  };
}

export function artifactTextsV03(task: TaskV03): string[] {
  return (task.artifacts ?? []).flatMap((a) => a.parts.map((p) => (p.kind === 'text' ? p.text : '?')));
}

export function statusTextV03(task: TaskV03): string {
  return (task.status.message?.parts ?? []).map((p) => (p.kind === 'text' ? p.text : '')).join('');
}

type EventV03 = MessageV03 | TaskV03 | StatusUpdateV03 | ArtifactUpdateV03;

export function describeEventV03(event: EventV03): string {
  switch (event.kind) {
    case 'task':
      return `task:${event.status.state}`;
    case 'status-update':
      return `status-update:${event.status.state}${event.final ? ':final' : ''}`;
    case 'artifact-update':
      return `artifact-update:${event.artifact.parts.map((p) => (p.kind === 'text' ? p.text : '?')).join('')}`;
    default:
      return event.kind;
  }
}

/** Raw v0.3 JSON-RPC body. */
export function v03RpcBody(method: string, params: unknown, id: number | string = 1): string {
  return JSON.stringify({ jsonrpc: '2.0', id, method, params });
}

// ---------------------------------------------------------------- generic

/** Reads an SSE response and returns the parsed `data:` payloads, stopping after `max` events if given. */
export async function readSse(res: Response, max = Infinity): Promise<unknown[]> {
  const events: unknown[] = [];
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    while (events.length < max) {
      const { value, done } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end: number;
      while ((end = buffer.indexOf('\n\n')) >= 0 && events.length < max) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        const data = block
          .split('\n')
          .filter((line) => line.startsWith('data:'))
          .map((line) => line.slice(5).trim())
          .join('\n');
        if (data) events.push(JSON.parse(data));
      }
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return events;
}

/** Polls `probe` every 20 ms until it returns a value other than undefined (or fails after `timeoutMs`). */
export async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 3000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
