/** A2A protocol generations the gateway speaks, and the header that names the one in use. */
export const A2A_PROTOCOL_VERSIONS = ['1.0', '0.3'] as const;
export type A2AProtocolVersion = (typeof A2A_PROTOCOL_VERSIONS)[number];
export const CURRENT_A2A_PROTOCOL_VERSION: A2AProtocolVersion = '1.0';
export const A2A_VERSION_HEADER = 'A2A-Version';

/** Well-known Agent Card paths, newest first (0.2 agents only serve `agent.json`). */
export const AGENT_CARD_PATHS = ['/.well-known/agent-card.json', '/.well-known/agent.json'] as const;
