import { A2A_PROTOCOL_VERSION, type AgentCard } from '@a2a-js/sdk';

/** Id of the agent's only skill. */
export const HELLO_SKILL_ID = 'hello_world';

/** Sub-path (relative to the base URL) where the HTTP+JSON (REST) binding is mounted. */
export const REST_PATH = 'rest';

/**
 * Builds the Agent Card for the Hello World agent.
 *
 * @param baseUrl public base URL of the agent, ending with `/` (see `normalizeBaseUrl`).
 *   The JSON-RPC binding lives at the base URL itself; the REST binding at `<baseUrl>rest`.
 */
export function buildAgentCard(baseUrl: string): AgentCard {
  return {
    name: 'Hello World Agent',
    description:
      'A mock A2A agent for Switchboard development and tests: it answers every message with ' +
      '"Hello, World! I have received your request (<your text>)".',
    version: '0.1.0',
    supportedInterfaces: [
      // Listed first: JSON-RPC is the preferred binding.
      { url: baseUrl, protocolBinding: 'JSONRPC', protocolVersion: A2A_PROTOCOL_VERSION, tenant: '' },
      {
        url: `${baseUrl}${REST_PATH}`,
        protocolBinding: 'HTTP+JSON',
        protocolVersion: A2A_PROTOCOL_VERSION,
        tenant: '',
      },
    ],
    provider: undefined,
    capabilities: { streaming: true, pushNotifications: false, extendedAgentCard: false, extensions: [] },
    securitySchemes: {},
    securityRequirements: [],
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [
      {
        id: HELLO_SKILL_ID,
        name: 'Hello World',
        description: 'Replies "Hello, World!" and echoes back the text it received.',
        tags: ['hello', 'echo', 'mock', 'test'],
        examples: ['ping', 'Hello there!'],
        inputModes: ['text/plain'],
        outputModes: ['text/plain'],
        securityRequirements: [],
      },
    ],
    signatures: [],
  };
}

/** Returns `url` normalised to end with `/`, so relative paths resolve below it. */
export function normalizeBaseUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.toString();
}
