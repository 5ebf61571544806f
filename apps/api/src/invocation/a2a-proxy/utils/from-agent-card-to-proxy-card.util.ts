import type { AgentCard } from '@switchboard/a2a-protocol';

export const GATEWAY_SCHEME = 'switchboard';

/**
 * The agent's card as the gateway serves it (v1.0 JSON): the agent's identity, skills and capabilities,
 * but the gateway's JSON-RPC endpoint for both protocol generations and the gateway's own bearer auth,
 * so clients never go around it. Signatures are dropped (they signed the original) and so is the
 * extended card (not proxied).
 */
export function toProxyCard(upstream: AgentCard, endpoint: string): AgentCard {
  return {
    ...upstream,
    supportedInterfaces: [
      { url: endpoint, protocolBinding: 'JSONRPC', protocolVersion: '1.0' },
      { url: endpoint, protocolBinding: 'JSONRPC', protocolVersion: '0.3' },
    ],
    capabilities: { ...upstream.capabilities, pushNotifications: false, extendedAgentCard: false },
    securitySchemes: {
      [GATEWAY_SCHEME]: {
        httpAuthSecurityScheme: {
          scheme: 'Bearer',
          bearerFormat: 'JWT',
          description: 'A Switchboard login token (POST /auth/login) or an sbt_ API token',
        },
      },
    },
    securityRequirements: [{ schemes: { [GATEWAY_SCHEME]: { list: [] } } }],
    signatures: undefined,
  } as AgentCard;
}

/**
 * The same card for v0.3 clients (no or 0.x `A2A-Version`): v0.3 fields (`url`, `preferredTransport`,
 * v0.3 security) on top of the v1.0 ones, as the SDK's own card handler serves it.
 */
export function toV03ProxyCard(card: AgentCard, endpoint: string): Record<string, unknown> {
  return {
    ...card,
    protocolVersion: '0.3.0',
    url: endpoint,
    preferredTransport: 'JSONRPC',
    additionalInterfaces: [],
    securitySchemes: { [GATEWAY_SCHEME]: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } },
    security: [{ [GATEWAY_SCHEME]: [] }],
    securityRequirements: undefined,
    supportsAuthenticatedExtendedCard: false,
  };
}
