import { randomUUID } from 'node:crypto';
import type { AgentSpec } from '../../gateway/agent-config';
import type { AgentCard, Message, Part, SendMessageRequest } from '../../types/a2a.schemas';
import { textOfParts } from '../../types/parts-text';
import { AGENT_PROVIDER_LABELS } from '../providers';
import type { TokenUsage } from '../provider-adapter';

// A2A v1.0 shapes built for providers that do not speak A2A themselves.

// A file a text-only provider cannot take says so, rather than vanishing from the prompt.
const describeForTextOnly = (part: Exclude<Part, { text: string }>): string => {
  if ('data' in part) return JSON.stringify(part.data);
  if ('url' in part) return `[file ${part.filename ?? ''} ${part.url}]`.replace('  ', ' ');
  return `[file ${part.filename ?? 'attachment'} (${part.mediaType ?? 'unknown type'}), not forwarded]`;
};

/** A message as plain text for text-only providers: text as is, data as JSON, files by name/URL. */
export function textOf(message: Message): string {
  return textOfParts(message.parts, { separator: '\n', describe: describeForTextOnly });
}

export function agentMessage(text: string, contextId: string, usage?: TokenUsage, taskId?: string): Message {
  return {
    messageId: randomUUID(),
    role: 'ROLE_AGENT',
    contextId,
    ...(taskId ? { taskId } : {}),
    parts: [{ text }],
    ...(usage ? { metadata: { usage } } : {}),
  };
}

/** The contextId of a request, or a new one so the caller can continue the conversation. */
export function contextIdOf(request: SendMessageRequest): string {
  return request.message.contextId ?? randomUUID();
}

/** A card for an agent whose provider has none: what the catalog knows, in v1.0 shape. */
export function syntheticCard(agent: AgentSpec, options: { streaming: boolean }): AgentCard {
  return {
    name: agent.name,
    description: agent.description ?? `${AGENT_PROVIDER_LABELS[agent.provider]} agent behind Switchboard`,
    version: '1.0.0',
    supportedInterfaces: [{ url: agent.url, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }],
    provider: { organization: AGENT_PROVIDER_LABELS[agent.provider], url: new URL(agent.url).origin },
    capabilities: { streaming: options.streaming, pushNotifications: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      {
        id: agent.slug,
        name: agent.name,
        description: agent.description ?? `Talk to ${agent.name}`,
        tags: agent.tags,
      },
    ],
  };
}
