import type { SendMessageRequest } from '@switchboard/a2a-protocol';
import type { ToolCallInput } from '@switchboard/api-contract';

/** A tool call's arguments as an A2A v1.0 SendMessage request: the text, in the conversation and task named. */
export function toSendRequest(args: ToolCallInput): SendMessageRequest {
  return {
    message: {
      messageId: globalThis.crypto.randomUUID(),
      role: 'ROLE_USER',
      parts: [{ text: args.message }],
      ...(args.contextId ? { contextId: args.contextId } : {}),
      ...(args.taskId ? { taskId: args.taskId } : {}),
    },
  };
}
