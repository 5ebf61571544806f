import { A2A_PROTOCOL_VERSION, type AgentCard } from '@a2a-js/sdk';
import type { AgentCard as AgentCardV03 } from 'a2a-sdk-v03';

/** Id of the agent's only skill. */
export const HELLO_SKILL_ID = 'hello_world';

/** Sub-path (relative to the base URL) where the HTTP+JSON (REST) binding is mounted. */
export const REST_PATH = 'rest';

const AGENT_NAME = 'Hello World Agent';
const AGENT_VERSION = '0.1.0';
const AGENT_DESCRIPTION =
  'A mock A2A agent for Switchboard development and tests: it answers every message with ' +
  '"Hello, World! I have received your request (<your text>)". Scripted failure modes are chosen ' +
  'by the message text (slow:<ms>, fail, error:<status>, garbage, hang, input-required, long, stream:<n>).';
const HELLO_SKILL = {
  id: HELLO_SKILL_ID,
  name: 'Hello World',
  description: 'Replies "Hello, World!" and echoes back the text it received.',
  tags: ['hello', 'echo', 'mock', 'test'],
  examples: ['ping', 'Hello there!', 'slow:2000', 'stream:5'],
  inputModes: ['text/plain'],
  outputModes: ['text/plain'],
};

/**
 * Builds the Agent Card for the Hello World agent.
 *
 * @param baseUrl public base URL of the agent, ending with `/` (see `normalizeBaseUrl`).
 *   The JSON-RPC binding lives at the base URL itself; the REST binding at `<baseUrl>rest`.
 */
export function buildAgentCard(baseUrl: string): AgentCard {
  return {
    name: AGENT_NAME,
    description: AGENT_DESCRIPTION,
    version: AGENT_VERSION,
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
    skills: [{ ...HELLO_SKILL, securityRequirements: [] }],
    signatures: [],
  };
}

/** `protocolVersion` written into the card of the legacy generations. */
export const LEGACY_CARD_PROTOCOL_VERSION = { '0.3': '0.3.0', '0.2': '0.2.5' } as const;

/**
 * Builds the legacy Agent Card (A2A v0.3 shape: `url`, `preferredTransport`, card-level
 * `protocolVersion`).
 *
 * - `'0.3'`: `protocolVersion: "0.3.0"`, JSON-RPC at `baseUrl` (preferred) and HTTP+JSON at
 *   `<baseUrl>rest`, both listed in `additionalInterfaces`.
 * - `'0.2'`: `protocolVersion: "0.2.5"`, JSON-RPC only; 0.2.5 cards had neither
 *   `preferredTransport` nor `additionalInterfaces`.
 */
export function buildAgentCardV03(baseUrl: string, generation: '0.3' | '0.2' = '0.3'): AgentCardV03 {
  const card: AgentCardV03 = {
    protocolVersion: LEGACY_CARD_PROTOCOL_VERSION[generation],
    name: AGENT_NAME,
    description: AGENT_DESCRIPTION,
    version: AGENT_VERSION,
    url: baseUrl,
    capabilities: { streaming: true, pushNotifications: false, stateTransitionHistory: false },
    defaultInputModes: ['text/plain'],
    defaultOutputModes: ['text/plain'],
    skills: [{ ...HELLO_SKILL }],
    supportsAuthenticatedExtendedCard: false,
  };
  if (generation === '0.3') {
    card.preferredTransport = 'JSONRPC';
    card.additionalInterfaces = [
      { url: baseUrl, transport: 'JSONRPC' },
      { url: `${baseUrl}${REST_PATH}`, transport: 'HTTP+JSON' },
    ];
  }
  return card;
}

/** Returns `url` normalised to end with `/`, so relative paths resolve below it. */
export function normalizeBaseUrl(url: string): string {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/')) parsed.pathname += '/';
  return parsed.toString();
}
