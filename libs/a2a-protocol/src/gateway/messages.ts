import type { Message, Part, SendMessageConfiguration, SendMessageRequest } from '../types/a2a.schemas';

const id = () => globalThis.crypto.randomUUID();

/** Part builders for multi-part messages (text, a file by URL or by bytes, structured data). */
export const Parts = {
  text: (text: string): Part => ({ text }),
  url: (url: string, mediaType?: string, filename?: string): Part => ({ url, mediaType, filename }),
  bytes: (bytes: Uint8Array | string, mediaType: string, filename?: string): Part => ({
    raw: typeof bytes === 'string' ? bytes : Buffer.from(bytes).toString('base64'),
    mediaType,
    filename,
  }),
  data: (data: unknown): Part => ({ data, mediaType: 'application/json' }),
};

/** A user message with a fresh messageId. */
export function userMessage(...parts: (Part | string)[]): Message {
  return {
    messageId: id(),
    role: 'ROLE_USER',
    parts: parts.map((p) => (typeof p === 'string' ? Parts.text(p) : p)),
  };
}

/**
 * litellm-rs's `A2AMessage::send("Hello").with_config(...)`: a SendMessage request built step by step.
 * Each `with…` returns a new message.
 */
export class A2AMessage {
  private constructor(readonly request: SendMessageRequest) {}

  static send(...parts: (Part | string)[]): A2AMessage {
    return new A2AMessage({ message: userMessage(...parts) });
  }

  static from(request: SendMessageRequest | Message): A2AMessage {
    return new A2AMessage('message' in request ? request : { message: request });
  }

  withPart(part: Part): A2AMessage {
    const { message } = this.request;
    return new A2AMessage({ ...this.request, message: { ...message, parts: [...message.parts, part] } });
  }
  withConfiguration(configuration: SendMessageConfiguration): A2AMessage {
    return new A2AMessage({
      ...this.request,
      configuration: { ...this.request.configuration, ...configuration },
    });
  }
  /** Free-form settings for the agent (e.g. temperature), sent as request metadata. */
  withConfig(config: Record<string, unknown>): A2AMessage {
    return new A2AMessage({ ...this.request, metadata: { ...this.request.metadata, ...config } });
  }
  inContext(contextId: string): A2AMessage {
    return new A2AMessage({ ...this.request, message: { ...this.request.message, contextId } });
  }
  continuing(taskId: string): A2AMessage {
    return new A2AMessage({ ...this.request, message: { ...this.request.message, taskId } });
  }
}
