import type { z } from 'zod';
import {
  ArtifactSchema,
  MessageSchema,
  PartSchema,
  SendMessageResponseSchema,
  StreamEventSchema,
  TaskArtifactUpdateEventSchema,
  TaskSchema,
  TaskStatusUpdateEventSchema,
  type TaskState,
} from '../types';
import sdk from './fixtures/sdk-wire.json';
import {
  V03ArtifactSchema,
  V03MessageSchema,
  V03MessageSendParamsSchema,
  V03PartSchema,
  V03SendResultSchema,
  V03StreamEventSchema,
  V03TaskArtifactUpdateEventSchema,
  V03TaskSchema,
  V03TaskStatusUpdateEventSchema,
  type V03Message,
  type V03TaskState,
} from './v03.schemas';
import {
  DATA_PART_WRAP_FLAG,
  fromV03Artifact,
  fromV03ArtifactUpdate,
  fromV03Message,
  fromV03Part,
  fromV03SendParams,
  fromV03SendResult,
  fromV03StatusUpdate,
  fromV03StreamEvent,
  fromV03Task,
  fromV03TaskState,
  toV03Artifact,
  toV03ArtifactUpdate,
  toV03Message,
  toV03Part,
  toV03SendParams,
  toV03SendResult,
  toV03StatusUpdate,
  toV03StreamEvent,
  toV03Task,
  toV03TaskState,
} from './v03-translate';
import { V10SendMessageParamsSchema } from './v10-push.schemas';

/**
 * Round trips for every translator pair, over fixtures captured from the real SDKs (fixtures/sdk-wire.json)
 * plus hand-written edge cases. Every fixture is validated by its version's schema first, and every
 * translation output by the other version's schema.
 */

/** v0.3 text and data parts have no mediaType/filename, so those are the one expected loss on v1 → v0.3 → v1. */
function withoutPartMediaInfoOnTextAndData(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutPartMediaInfoOnTextAndData);
  if (typeof value !== 'object' || value === null) return value;
  const isTextOrDataPart = 'text' in value || ('data' in value && !('kind' in value));
  const entries = Object.entries(value)
    .filter(([key]) => !(isTextOrDataPart && (key === 'mediaType' || key === 'filename')))
    .map(([key, v]) => [key, key === 'data' ? v : withoutPartMediaInfoOnTextAndData(v)]);
  return Object.fromEntries(entries);
}

interface PairSpec<V1S extends z.ZodType, V03S extends z.ZodType> {
  v1Schema: V1S;
  v03Schema: V03S;
  fromV03: (value: z.infer<V03S>) => z.infer<V1S>;
  toV03: (value: z.infer<V1S>) => z.infer<V03S>;
  v1Cases: [string, unknown][];
  v03Cases: [string, unknown][];
}

function roundTrips<V1S extends z.ZodType, V03S extends z.ZodType>(name: string, spec: PairSpec<V1S, V03S>) {
  describe(name, () => {
    it.each(spec.v1Cases)('v1.0 → v0.3 → v1.0: %s', (_case, fixture) => {
      const v1 = spec.v1Schema.parse(fixture);
      expect(v1).toEqual(fixture); // the fixture is fully described by the schema, nothing was stripped
      const v03 = spec.toV03(v1);
      expect(spec.v03Schema.safeParse(v03).error).toBeUndefined();
      const back = spec.fromV03(v03);
      expect(spec.v1Schema.safeParse(back).error).toBeUndefined();
      expect(back).toEqual(withoutPartMediaInfoOnTextAndData(v1));
    });

    it.each(spec.v03Cases)('v0.3 → v1.0 → v0.3: %s', (_case, fixture) => {
      const v03 = spec.v03Schema.parse(fixture);
      const v1 = spec.fromV03(v03);
      expect(spec.v1Schema.safeParse(v1).error).toBeUndefined();
      const back = spec.toV03(v1);
      expect(spec.v03Schema.safeParse(back).error).toBeUndefined();
      expect(back).toEqual(v03);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------------------------

const v1Task = sdk.v10.sendMessageTask.task;
const v1Stream = sdk.v10.stream;
const [v1StreamTask, v1Working, v1ArtifactChunk1, v1ArtifactChunk2, v1InputRequired] = v1Stream;
const v03Task = sdk.v03.sendTask;
const [v03StreamTask, v03Working, v03ArtifactChunk1, v03ArtifactChunk2, v03AuthRequired] = sdk.v03.stream;
const compatStream = sdk.sdkCompat.stream;

const indexed = <T>(label: string, items: T[]): [string, T][] =>
  items.map((item, i) => [`${label} #${i}`, item]);

const v1Parts: [string, unknown][] = [
  ...indexed('1.0 server artifact part (text, data, raw, url)', v1Task.artifacts[0].parts),
  ...indexed('1.0 server user part (text, raw, data array)', v1StreamTask.task!.history[0].parts),
  ['text with metadata', { text: 'hi', metadata: { lang: 'en' } }],
  ['bare url', { url: 'https://files.example/report.pdf' }],
  ['data: string', { data: 'just text' }],
  ['data: number with metadata', { data: 42, metadata: { unit: 'ms' } }],
  ['data: null', { data: null }],
  ['data: empty object', { data: {} }],
];
const v03Parts: [string, unknown][] = [
  ...indexed('0.3 server artifact part (text, data, bytes, uri)', v03Task.artifacts[0].parts),
  ...indexed('0.3 client part (text, uri with name)', sdk.v03.clientSendParams.message.parts),
  ['text with metadata', { kind: 'text', text: 'hi', metadata: { lang: 'en' } }],
  ['bytes without mimeType or name', { kind: 'file', file: { bytes: 'aGk=' } }],
  [
    'wrapped non-object data (SDK convention), other metadata kept',
    { kind: 'data', data: { value: [1, 2] }, metadata: { [DATA_PART_WRAP_FLAG]: true, source: 'x' } },
  ],
];

const v1Messages: [string, unknown][] = [
  ['1.0 server history: user (metadata, extensions)', v1Task.history[0]],
  ['1.0 server history: agent', v1Task.history[1]],
  ['1.0 server direct reply', sdk.v10.sendMessageMessage.message],
  ['1.0 server user message with raw + data array', v1StreamTask.task!.history[0]],
  ['1.0 SendMessageRequest message', sdk.v10.sendRequest.message],
  [
    'referenceTaskIds',
    { messageId: 'm9', role: 'ROLE_USER', parts: [{ text: 'follow up' }], referenceTaskIds: ['t1', 't2'] },
  ],
];
const v03Messages: [string, unknown][] = [
  ['0.3 server direct reply', sdk.v03.sendMessage],
  ...indexed('0.3 server history', v03Task.history),
  ['0.3 client message (uri file)', sdk.v03.clientSendParams.message],
  ['1.0 SDK compat history', sdk.sdkCompat.sendTask.history[0]],
  [
    'everything optional set',
    {
      kind: 'message',
      messageId: 'm1',
      role: 'user',
      parts: [{ kind: 'text', text: 'x' }],
      contextId: 'c1',
      taskId: 't1',
      referenceTaskIds: ['t0'],
      extensions: ['https://ext.example/a'],
      metadata: { a: { b: [1] } },
    },
  ],
];

const v1Tasks: [string, unknown][] = [
  ['1.0 server completed task (artifacts, history, metadata)', v1Task],
  ['1.0 server submitted task', v1StreamTask.task],
  [
    'empty artifacts and history',
    { id: 't', contextId: 'c', status: { state: 'TASK_STATE_WORKING' }, artifacts: [], history: [] },
  ],
  [
    'status with message',
    {
      id: 't',
      contextId: 'c',
      status: {
        state: 'TASK_STATE_AUTH_REQUIRED',
        timestamp: '2026-01-01T00:00:00Z',
        message: { messageId: 's', role: 'ROLE_AGENT', parts: [{ text: 'log in first' }] },
      },
    },
  ],
];
const v03Tasks: [string, unknown][] = [
  ['0.3 server message/send task', v03Task],
  ['0.3 server tasks/get (empty history)', sdk.v03.getTask],
  ['0.3 server stream task', v03StreamTask],
  ['1.0 SDK compat task', sdk.sdkCompat.sendTask],
  [
    'empty artifacts',
    { kind: 'task', id: 't', contextId: 'c', status: { state: 'rejected' }, artifacts: [] },
  ],
];

const v1Artifacts: [string, unknown][] = [
  ['1.0 server task artifact', v1Task.artifacts[0]],
  ['1.0 server chunk 1', v1ArtifactChunk1.artifactUpdate!.artifact],
  ['1.0 server chunk 2', v1ArtifactChunk2.artifactUpdate!.artifact],
  ['empty parts', { artifactId: 'a0', parts: [] }],
  ['extensions', { artifactId: 'a1', parts: [{ text: 'x' }], extensions: ['https://ext.example/a'] }],
];
const v03Artifacts: [string, unknown][] = [
  ['0.3 server task artifact', v03Task.artifacts[0]],
  ['0.3 server chunk 1', v03ArtifactChunk1.artifact],
  ['0.3 server chunk 2', v03ArtifactChunk2.artifact],
  ['empty parts', { artifactId: 'a0', parts: [] }],
];

// ---------------------------------------------------------------------------------------------------------------
// Round trips, one block per pair
// ---------------------------------------------------------------------------------------------------------------

describe('v0.3 ↔ v1.0 round trips', () => {
  roundTrips('Part', {
    v1Schema: PartSchema,
    v03Schema: V03PartSchema,
    fromV03: fromV03Part,
    toV03: toV03Part,
    v1Cases: v1Parts,
    v03Cases: v03Parts,
  });

  roundTrips('Message', {
    v1Schema: MessageSchema,
    v03Schema: V03MessageSchema,
    fromV03: fromV03Message,
    toV03: toV03Message,
    v1Cases: v1Messages,
    v03Cases: v03Messages,
  });

  roundTrips('Task', {
    v1Schema: TaskSchema,
    v03Schema: V03TaskSchema,
    fromV03: fromV03Task,
    toV03: toV03Task,
    v1Cases: v1Tasks,
    v03Cases: v03Tasks,
  });

  roundTrips('Artifact', {
    v1Schema: ArtifactSchema,
    v03Schema: V03ArtifactSchema,
    fromV03: fromV03Artifact,
    toV03: toV03Artifact,
    v1Cases: v1Artifacts,
    v03Cases: v03Artifacts,
  });

  roundTrips('TaskStatusUpdateEvent', {
    v1Schema: TaskStatusUpdateEventSchema,
    v03Schema: V03TaskStatusUpdateEventSchema,
    fromV03: fromV03StatusUpdate,
    toV03: toV03StatusUpdate,
    v1Cases: [
      ['1.0 server working (message, metadata)', v1Working.statusUpdate],
      ['1.0 server input-required', v1InputRequired.statusUpdate],
    ],
    v03Cases: [
      ['0.3 server working, final: false', v03Working],
      ['0.3 server auth-required, final: true', v03AuthRequired],
      ['1.0 SDK compat working', compatStream[1]],
    ],
  });

  roundTrips('TaskArtifactUpdateEvent', {
    v1Schema: TaskArtifactUpdateEventSchema,
    v03Schema: V03TaskArtifactUpdateEventSchema,
    fromV03: fromV03ArtifactUpdate,
    toV03: toV03ArtifactUpdate,
    v1Cases: [
      ['1.0 server first chunk (no append/lastChunk)', v1ArtifactChunk1.artifactUpdate],
      ['1.0 server last chunk (append, lastChunk)', v1ArtifactChunk2.artifactUpdate],
    ],
    v03Cases: [
      ['0.3 server first chunk', v03ArtifactChunk1],
      ['0.3 server last chunk', v03ArtifactChunk2],
      ['1.0 SDK compat first chunk', compatStream[2]],
      ['1.0 SDK compat last chunk', compatStream[3]],
      [
        'with metadata',
        {
          kind: 'artifact-update',
          taskId: 't',
          contextId: 'c',
          artifact: { artifactId: 'a', parts: [{ kind: 'text', text: 'x' }] },
          metadata: { seq: 3 },
        },
      ],
    ],
  });

  roundTrips('StreamEvent', {
    v1Schema: StreamEventSchema,
    v03Schema: V03StreamEventSchema,
    fromV03: fromV03StreamEvent,
    toV03: toV03StreamEvent,
    v1Cases: [
      ...indexed('1.0 server stream event', v1Stream),
      ['1.0 direct message', sdk.v10.sendMessageMessage],
    ],
    v03Cases: [
      ...indexed('0.3 server stream event', sdk.v03.stream),
      ...indexed('1.0 SDK compat stream event', compatStream.slice(0, 4)),
      ['0.3 direct message', sdk.v03.sendMessage],
    ],
  });

  roundTrips('SendMessage result', {
    v1Schema: SendMessageResponseSchema,
    v03Schema: V03SendResultSchema,
    fromV03: fromV03SendResult,
    toV03: toV03SendResult,
    v1Cases: [
      ['1.0 server {task}', sdk.v10.sendMessageTask],
      ['1.0 server {message}', sdk.v10.sendMessageMessage],
    ],
    v03Cases: [
      ['0.3 server task', v03Task],
      ['0.3 server message', sdk.v03.sendMessage],
      ['1.0 SDK compat task', sdk.sdkCompat.sendTask],
    ],
  });

  const message = { messageId: 'm', role: 'ROLE_USER', parts: [{ text: 'hi' }] };
  const message03 = { kind: 'message', messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'hi' }] };
  roundTrips('SendMessage params', {
    v1Schema: V10SendMessageParamsSchema,
    v03Schema: V03MessageSendParamsSchema,
    fromV03: fromV03SendParams,
    toV03: toV03SendParams,
    v1Cases: [
      ['1.0 SDK SendMessageRequest (returnImmediately, push config)', sdk.v10.sendRequest],
      [
        'returnImmediately: false',
        { message, configuration: { returnImmediately: false, historyLength: 0 } },
      ],
      ['no configuration', { message, metadata: { a: 1 } }],
    ],
    v03Cases: [
      ['0.3 client params (blocking, push config)', sdk.v03.clientSendParams],
      ['blocking: false', { message: message03, configuration: { blocking: false } }],
      ['empty configuration', { message: message03, configuration: {} }],
      [
        'push config without authentication',
        { message: message03, configuration: { pushNotificationConfig: { url: 'https://h.example' } } },
      ],
    ],
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Mapping decisions
// ---------------------------------------------------------------------------------------------------------------

describe('mapping decisions', () => {
  it.each<[V03TaskState, TaskState]>([
    ['submitted', 'TASK_STATE_SUBMITTED'],
    ['working', 'TASK_STATE_WORKING'],
    ['input-required', 'TASK_STATE_INPUT_REQUIRED'],
    ['completed', 'TASK_STATE_COMPLETED'],
    ['canceled', 'TASK_STATE_CANCELED'],
    ['failed', 'TASK_STATE_FAILED'],
    ['rejected', 'TASK_STATE_REJECTED'],
    ['auth-required', 'TASK_STATE_AUTH_REQUIRED'],
  ])('state %s ↔ %s', (v03, v1) => {
    expect(fromV03TaskState(v03)).toBe(v1);
    expect(toV03TaskState(v1)).toBe(v03);
  });

  it("reads v0.3 'unknown' as TASK_STATE_WORKING (one way: it comes back as 'working')", () => {
    const task = fromV03Task(
      V03TaskSchema.parse({ kind: 'task', id: 't', contextId: 'c', status: { state: 'unknown' } }),
    );
    expect(task.status.state).toBe('TASK_STATE_WORKING');
    expect(toV03Task(task).status.state).toBe('working');
  });

  it.each<[TaskState, boolean]>([
    ['TASK_STATE_SUBMITTED', false],
    ['TASK_STATE_WORKING', false],
    ['TASK_STATE_COMPLETED', true],
    ['TASK_STATE_FAILED', true],
    ['TASK_STATE_CANCELED', true],
    ['TASK_STATE_REJECTED', true],
    ['TASK_STATE_INPUT_REQUIRED', true],
    ['TASK_STATE_AUTH_REQUIRED', true],
  ])('toV03StatusUpdate: %s → final %s', (state, final) => {
    expect(toV03StatusUpdate({ taskId: 't', contextId: 'c', status: { state } }).final).toBe(final);
  });

  it('drops `final` going to v1.0 and `kind` everywhere', () => {
    const event = fromV03StatusUpdate(V03TaskStatusUpdateEventSchema.parse(v03AuthRequired));
    expect(event).not.toHaveProperty('final');
    expect(event).not.toHaveProperty('kind');
    expect(fromV03StreamEvent(V03StreamEventSchema.parse(v03AuthRequired))).toEqual({ statusUpdate: event });
  });

  it('maps file parts: bytes ↔ raw, uri ↔ url, mimeType ↔ mediaType, name ↔ filename', () => {
    expect(
      fromV03Part({ kind: 'file', file: { bytes: 'aGk=', mimeType: 'text/plain', name: 'hi.txt' } }),
    ).toEqual({
      raw: 'aGk=',
      mediaType: 'text/plain',
      filename: 'hi.txt',
    });
    expect(toV03Part({ url: 'https://x.example/a.png', mediaType: 'image/png', metadata: { w: 1 } })).toEqual(
      {
        kind: 'file',
        file: { uri: 'https://x.example/a.png', mimeType: 'image/png' },
        metadata: { w: 1 },
      },
    );
  });

  it('wraps non-object v1.0 data as { value } with the SDK compat flag, like @a2a-js/sdk', () => {
    expect(toV03Part({ data: [1, 2, 3] })).toEqual({
      kind: 'data',
      data: { value: [1, 2, 3] },
      metadata: { [DATA_PART_WRAP_FLAG]: true },
    });
    expect(toV03Part({ data: { a: 1 } })).toEqual({ kind: 'data', data: { a: 1 } });
  });

  it('drops mediaType and filename of text and data parts (no v0.3 field for them)', () => {
    expect(toV03Part({ text: 'x', mediaType: 'text/markdown', filename: 'x.md' })).toEqual({
      kind: 'text',
      text: 'x',
    });
  });

  it('ignores unknown fields on unparsed input and emits only v1.0 fields', () => {
    const noisy = {
      ...sdk.v03.sendMessage,
      vendor: { trace: 'abc' },
      parts: [{ kind: 'text', text: 'hi', confidence: 0.9 }],
    } as unknown as V03Message;
    const v1 = fromV03Message(noisy);
    expect(MessageSchema.safeParse(v1).error).toBeUndefined(); // v1.0 parts are strict objects
    expect(v1).not.toHaveProperty('vendor');
    expect(v1.parts).toEqual([{ text: 'hi' }]);
  });

  it.each([
    [true, false],
    [false, true],
    [undefined, undefined],
  ])('blocking %s ↔ returnImmediately %s', (blocking, returnImmediately) => {
    const v1 = fromV03SendParams({
      message: V03MessageSchema.parse(sdk.v03.sendMessage),
      configuration: { blocking },
    });
    expect(v1.configuration?.returnImmediately).toBe(returnImmediately);
    expect(toV03SendParams(v1).configuration?.blocking).toBe(blocking);
  });

  it('carries push config across; several v0.3 auth schemes keep only the first', () => {
    const params = V03MessageSendParamsSchema.parse({
      ...sdk.v03.clientSendParams,
      configuration: {
        pushNotificationConfig: {
          url: 'https://h.example',
          authentication: { schemes: ['Bearer', 'Basic'] },
        },
      },
    });
    expect(fromV03SendParams(params).configuration?.taskPushNotificationConfig).toEqual({
      url: 'https://h.example',
      authentication: { scheme: 'Bearer' },
    });
  });
});

// ---------------------------------------------------------------------------------------------------------------
// Against the SDK's own compat layer: same agent, rendered as v0.3 by @a2a-js/sdk and by us
// ---------------------------------------------------------------------------------------------------------------

describe('agrees with the @a2a-js/sdk v0.3 compat layer', () => {
  /** Same executor, different requests: only the generated task/context ids differ. */
  const sameIds = (
    v03: unknown,
    from: { taskId: string; contextId: string },
    to: { taskId: string; contextId: string },
  ) =>
    JSON.parse(
      JSON.stringify(v03).replaceAll(from.taskId, to.taskId).replaceAll(from.contextId, to.contextId),
    );
  const ids = (task: { id: string; contextId: string }) => ({ taskId: task.id, contextId: task.contextId });

  it('renders task artifacts, status and metadata identically', () => {
    const ours = toV03Task(TaskSchema.parse(v1Task));
    const theirs = sdk.sdkCompat.sendTask;
    expect(sameIds(ours.artifacts, ids(v1Task), ids(theirs))).toEqual(theirs.artifacts);
    expect(ours.status).toEqual(theirs.status);
    expect(ours.metadata).toEqual(theirs.metadata);
  });

  /** The SDK spells out `append: false, lastChunk: false`; we keep them absent, as the v1.0 event had them. */
  const withChunkFlags = (event: object) =>
    'artifact' in event ? { append: false, lastChunk: false, ...event } : event;

  it('renders the stream identically, except `final` on input-required (we say true, the SDK false)', () => {
    const from = ids(v1StreamTask.task!);
    const to = ids(compatStream[0] as { id: string; contextId: string });
    const ours = v1Stream.map((event) => sameIds(toV03StreamEvent(StreamEventSchema.parse(event)), from, to));
    expect(ours.slice(1, 4).map(withChunkFlags)).toEqual(compatStream.slice(1, 4));
    expect(ours[4]).toEqual({ ...compatStream[4], final: true });
    expect(compatStream[4]).toMatchObject({ status: { state: 'input-required' }, final: false });
  });
});
