// Node-only entry point (`@switchboard/a2a-protocol/gateway`): the gateway core, outbound HTTP and the
// provider adapters. The package root stays free of Node APIs so the admin SPA can import it.
export * from './agent-config';
export * from './ports';
export * from './in-memory';
export * from './circuit-breaker';
export * from './retry';
export * from './messages';
export * from './a2a-gateway';
export * from '../net/outbound-policy';
export * from '../net/outbound-auth';
export * from '../net/outbound-http';
export * from '../adapters/provider-adapter';
export * from '../adapters/a2a/a2a.adapter';
export * from '../adapters/a2a/card-discovery';
export * from '../adapters/all-adapters';
export * from '../adapters/common/provider-response';
export * from '../adapters/common/a2a-shapes';
export * from '../adapters/common/stateless-adapter';
export * from '../adapters/common/provider-config-of';
export * from '../adapters/openai/openai.adapter';
export * from '../adapters/azure-ai-foundry/azure-ai-foundry.adapter';
export * from '../net/azure-token';
