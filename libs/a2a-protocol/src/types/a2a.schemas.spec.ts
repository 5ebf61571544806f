import { MessageSchema, PartSchema, TaskSchema } from './a2a.schemas';

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
