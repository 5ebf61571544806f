import {
  ListTasksRequestSchema,
  ListTasksResponseSchema,
  MessageSchema,
  PartSchema,
  TaskSchema,
} from './a2a.schemas';

describe('A2A v1.0 schemas', () => {
  it('accepts each kind of part', () => {
    for (const part of [
      { text: 'hi' },
      { url: 'https://x.example/a.png', mediaType: 'image/png' },
      { raw: 'aGk=' },
      { data: { a: 1 } },
    ]) {
      expect(PartSchema.safeParse(part).success).toBe(true);
    }
  });

  it('rejects a part with two contents or none', () => {
    expect(PartSchema.safeParse({ text: 'a', url: 'https://x.example' }).success).toBe(false);
    expect(PartSchema.safeParse({ mediaType: 'text/plain' }).success).toBe(false);
  });

  it('parses a message and a completed task as the hello agent sends them', () => {
    const message = { messageId: 'm1', role: 'ROLE_USER', parts: [{ text: 'ping' }] };
    expect(MessageSchema.parse(message)).toEqual(message);
    const task = {
      id: 't1',
      contextId: 'c1',
      status: { state: 'TASK_STATE_COMPLETED', timestamp: '2026-11-21T06:11:18.440Z' },
      artifacts: [{ artifactId: 'a1', name: 'reply', parts: [{ text: 'Hello', mediaType: 'text/plain' }] }],
      history: [message],
    };
    expect(TaskSchema.parse(task)).toEqual(task);
  });

  it('rejects v0.3 shapes (kind/type parts, lower-case states)', () => {
    expect(
      MessageSchema.safeParse({ messageId: 'm', role: 'user', parts: [{ kind: 'text', text: 'x' }] }).success,
    ).toBe(false);
    expect(TaskSchema.safeParse({ id: 't', contextId: 'c', status: { state: 'completed' } }).success).toBe(
      false,
    );
  });
});

describe('ListTasks schemas', () => {
  it('accepts an empty request, every field set, and the proto defaults that mean "not set"', () => {
    expect(ListTasksRequestSchema.parse({})).toEqual({});
    const full = {
      tenant: 't',
      contextId: 'c1',
      status: 'TASK_STATE_WORKING',
      pageSize: 100,
      pageToken: 'abc',
      historyLength: 0,
      statusTimestampAfter: '2026-01-01T10:00:00.123456+00:00',
      includeArtifacts: true,
    };
    expect(ListTasksRequestSchema.parse(full)).toEqual(full);
    expect(
      ListTasksRequestSchema.safeParse({ contextId: '', pageToken: '', status: 'TASK_STATE_UNSPECIFIED' })
        .success,
    ).toBe(true);
  });

  it.each([
    ['pageSize', 0],
    ['pageSize', -1],
    ['pageSize', 101],
    ['pageSize', 2.5],
    ['pageSize', '10'],
    ['historyLength', -1],
    ['status', 'INVALID_STATUS'],
    ['status', 'completed'],
    ['statusTimestampAfter', '-1'],
    ['statusTimestampAfter', '2026-01-01T10:00:00'],
    ['statusTimestampAfter', '2026-13-01T10:00:00Z'],
    ['pageToken', 42],
    ['includeArtifacts', 'true'],
  ])('rejects %s = %j, naming the field', (field, value) => {
    const result = ListTasksRequestSchema.safeParse({ [field]: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual([field]);
  });

  it('parses a response with nextPageToken empty on the last page', () => {
    const response = {
      tasks: [{ id: 't1', contextId: 'c1', status: { state: 'TASK_STATE_COMPLETED' } }],
      nextPageToken: '',
      pageSize: 50,
      totalSize: 1,
    };
    expect(ListTasksResponseSchema.parse(response)).toEqual(response);
    expect(ListTasksResponseSchema.safeParse({ ...response, nextPageToken: undefined }).success).toBe(false);
  });
});
