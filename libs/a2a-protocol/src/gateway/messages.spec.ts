import { MessageSchema, PartSchema, SendMessageRequestSchema } from '../types/a2a.schemas';
import { A2AMessage, Parts, userMessage } from './messages';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('Parts', () => {
  it.each([
    ['text', Parts.text('hi'), { text: 'hi' }],
    [
      'url',
      Parts.url('https://x.test/a.pdf', 'application/pdf', 'a.pdf'),
      {
        url: 'https://x.test/a.pdf',
        mediaType: 'application/pdf',
        filename: 'a.pdf',
      },
    ],
    [
      'bytes (Uint8Array → base64)',
      Parts.bytes(new Uint8Array([104, 105]), 'text/plain', 'hi.txt'),
      {
        raw: 'aGk=',
        mediaType: 'text/plain',
        filename: 'hi.txt',
      },
    ],
    ['bytes (already base64)', Parts.bytes('aGk=', 'text/plain'), { raw: 'aGk=', mediaType: 'text/plain' }],
    ['data', Parts.data({ a: [1, 2] }), { data: { a: [1, 2] }, mediaType: 'application/json' }],
  ])('%s builds a valid v1.0 Part', (_, part, expected) => {
    expect(JSON.parse(JSON.stringify(part))).toEqual(expected);
    expect(PartSchema.safeParse(part).success).toBe(true);
  });
});

describe('userMessage', () => {
  it('makes a user message with a fresh messageId; strings become text parts', () => {
    const a = userMessage('hello', Parts.data({ x: 1 }));
    const b = userMessage('hello');
    expect(a).toEqual({
      messageId: expect.stringMatching(UUID),
      role: 'ROLE_USER',
      parts: [{ text: 'hello' }, { data: { x: 1 }, mediaType: 'application/json' }],
    });
    expect(a.messageId).not.toBe(b.messageId);
    expect(MessageSchema.safeParse(a).success).toBe(true);
  });
});

describe('A2AMessage', () => {
  it('send() builds a SendMessage request the v1.0 schema accepts', () => {
    const message = A2AMessage.send('Hello', Parts.url('https://x.test/f.png', 'image/png'));
    expect(message.request.message).toMatchObject({
      role: 'ROLE_USER',
      parts: [{ text: 'Hello' }, { url: 'https://x.test/f.png', mediaType: 'image/png' }],
    });
    expect(SendMessageRequestSchema.safeParse(message.request).success).toBe(true);
  });

  it('every with… returns a new message and leaves the original as it was', () => {
    const original = A2AMessage.send('Hello');
    const snapshot = JSON.stringify(original.request);
    const steps = [
      original.withPart(Parts.text('more')),
      original.withConfiguration({ returnImmediately: true }),
      original.withConfig({ temperature: 0.2 }),
      original.inContext('ctx-1'),
      original.continuing('task-1'),
    ];
    for (const step of steps) {
      expect(step).not.toBe(original);
      expect(step).toBeInstanceOf(A2AMessage);
      expect(step.request.message.messageId).toBe(original.request.message.messageId);
    }
    expect(JSON.stringify(original.request)).toBe(snapshot);
  });

  it('chains: parts appended in order, configuration and metadata merged, context and task set', () => {
    const message = A2AMessage.send('Summarize')
      .withPart(Parts.bytes(new Uint8Array([1, 2, 3]), 'application/octet-stream', 'blob.bin'))
      .withPart(Parts.data({ lang: 'en' }))
      .withConfiguration({ acceptedOutputModes: ['text/plain'] })
      .withConfiguration({ returnImmediately: true })
      .withConfig({ temperature: 0.2 })
      .withConfig({ maxTokens: 100 })
      .inContext('ctx-9')
      .continuing('task-9');
    expect(message.request).toEqual({
      message: {
        messageId: expect.stringMatching(UUID),
        role: 'ROLE_USER',
        contextId: 'ctx-9',
        taskId: 'task-9',
        parts: [
          { text: 'Summarize' },
          { raw: 'AQID', mediaType: 'application/octet-stream', filename: 'blob.bin' },
          { data: { lang: 'en' }, mediaType: 'application/json' },
        ],
      },
      configuration: { acceptedOutputModes: ['text/plain'], returnImmediately: true },
      metadata: { temperature: 0.2, maxTokens: 100 },
    });
    expect(SendMessageRequestSchema.safeParse(message.request).success).toBe(true);
  });

  it('from() wraps a Message or a whole request', () => {
    const msg = userMessage('x');
    expect(A2AMessage.from(msg).request).toEqual({ message: msg });
    const request = { message: msg, configuration: { historyLength: 2 } };
    expect(A2AMessage.from(request).request).toBe(request);
  });
});
