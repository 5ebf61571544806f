import sdk from './fixtures/sdk-wire.json';
import {
  V03AgentCardSchema,
  V03MessageSchema,
  V03MessageSendParamsSchema,
  V03PartSchema,
  V03SendResultSchema,
  V03StreamEventSchema,
  V03TaskSchema,
  V03TaskStatusUpdateEventSchema,
} from './v03.schemas';

describe('v0.3 schemas', () => {
  describe('accept everything the real SDKs put on the wire', () => {
    it.each([
      ['0.3 server: message/send → task', V03SendResultSchema, sdk.v03.sendTask],
      ['0.3 server: message/send → message', V03SendResultSchema, sdk.v03.sendMessage],
      ['0.3 server: tasks/get', V03TaskSchema, sdk.v03.getTask],
      ['0.3 server: agent card', V03AgentCardSchema, sdk.v03.agentCard],
      ['0.3 client: message/send params', V03MessageSendParamsSchema, sdk.v03.clientSendParams],
      ['1.0 SDK compat layer: message/send → task', V03SendResultSchema, sdk.sdkCompat.sendTask],
      ['1.0 SDK compat layer: agent card', V03AgentCardSchema, sdk.sdkCompat.agentCard],
      [
        '1.0 SDK hybrid card (v0.3 fields + supportedInterfaces)',
        V03AgentCardSchema,
        sdk.v10.hybridAgentCard,
      ],
    ])('%s', (_name, schema, fixture) => {
      expect(schema.safeParse(fixture).error).toBeUndefined();
    });

    it.each([
      ['0.3 server', sdk.v03.stream],
      ['1.0 SDK compat layer', sdk.sdkCompat.stream],
    ])('every stream event from the %s', (_name, events) => {
      for (const event of events) expect(V03StreamEventSchema.safeParse(event).error).toBeUndefined();
    });
  });

  describe('real-world looseness', () => {
    it('reads null optional fields as absent (agents that serialize None)', () => {
      const parsed = V03MessageSchema.parse({
        kind: 'message',
        messageId: 'm1',
        role: 'agent',
        parts: [{ kind: 'text', text: 'hi', metadata: null }],
        contextId: null,
        taskId: null,
        metadata: null,
      });
      expect(parsed).toEqual({
        kind: 'message',
        messageId: 'm1',
        role: 'agent',
        parts: [{ kind: 'text', text: 'hi' }],
      });
      expect(parsed.contextId).toBeUndefined();
    });

    it('drops unknown extra fields instead of failing', () => {
      const parsed = V03TaskSchema.parse({
        kind: 'task',
        id: 't1',
        contextId: 'c1',
        status: { state: 'working', progress: 0.5 },
        vendorExtension: { x: 1 },
      });
      expect(parsed).toEqual({ kind: 'task', id: 't1', contextId: 'c1', status: { state: 'working' } });
    });

    it('defaults a missing `final` to false', () => {
      const event = { kind: 'status-update', taskId: 't', contextId: 'c', status: { state: 'working' } };
      expect(V03TaskStatusUpdateEventSchema.parse(event).final).toBe(false);
    });

    it('accepts a 0.2 card: no preferredTransport, no additionalInterfaces, null fields, skill without tags', () => {
      const card = V03AgentCardSchema.parse({
        name: 'Currency Agent',
        description: 'Helps with exchange rates for currencies',
        url: 'http://localhost:10000/',
        version: '1.0.0',
        protocolVersion: '0.2.5',
        provider: null,
        documentationUrl: null,
        capabilities: { streaming: true, pushNotifications: true },
        defaultInputModes: ['text', 'text/plain'],
        defaultOutputModes: ['text', 'text/plain'],
        skills: [{ id: 'convert_currency', name: 'Currency Exchange Rates Tool', description: 'Converts' }],
      });
      expect(card.preferredTransport).toBeUndefined();
      expect(card.skills[0].tags).toEqual([]);
    });
  });

  describe('rejects wrong types', () => {
    it.each([
      ['v1.0 part (no kind)', { text: 'hi' }],
      ['unknown part kind', { kind: 'image', url: 'https://x.example/a.png' }],
      ['text that is not a string', { kind: 'text', text: 42 }],
      ['file with neither bytes nor uri', { kind: 'file', file: { mimeType: 'image/png' } }],
      ['file bytes that are not a string', { kind: 'file', file: { bytes: [1, 2] } }],
      ['data that is an array', { kind: 'data', data: [1, 2] }],
    ])('part: %s', (_name, part) => {
      expect(V03PartSchema.safeParse(part).success).toBe(false);
    });

    it.each([
      ['v1.0 role name', { kind: 'message', messageId: 'm', role: 'ROLE_USER', parts: [] }],
      ['missing messageId', { kind: 'message', role: 'user', parts: [] }],
      ['parts not an array', { kind: 'message', messageId: 'm', role: 'user', parts: 'hi' }],
    ])('message: %s', (_name, message) => {
      expect(V03MessageSchema.safeParse(message).success).toBe(false);
    });

    it.each([
      ['v1.0 state name', { kind: 'task', id: 't', contextId: 'c', status: { state: 'TASK_STATE_WORKING' } }],
      ['unknown state', { kind: 'task', id: 't', contextId: 'c', status: { state: 'done' } }],
      ['missing contextId', { kind: 'task', id: 't', status: { state: 'working' } }],
    ])('task: %s', (_name, task) => {
      expect(V03TaskSchema.safeParse(task).success).toBe(false);
    });

    it('rejects a stream event without a known kind, and a non-boolean final', () => {
      expect(V03StreamEventSchema.safeParse({ statusUpdate: { taskId: 't' } }).success).toBe(false);
      expect(
        V03TaskStatusUpdateEventSchema.safeParse({
          kind: 'status-update',
          taskId: 't',
          contextId: 'c',
          status: { state: 'completed' },
          final: 'yes',
        }).success,
      ).toBe(false);
    });

    it('rejects a card missing url or with a malformed security scheme', () => {
      const { url: _url, ...noUrl } = sdk.v03.agentCard;
      expect(V03AgentCardSchema.safeParse(noUrl).success).toBe(false);
      const badScheme = {
        ...sdk.v03.agentCard,
        securitySchemes: { k: { type: 'apiKey', in: 'body', name: 'k' } },
      };
      expect(V03AgentCardSchema.safeParse(badScheme).success).toBe(false);
    });
  });
});
