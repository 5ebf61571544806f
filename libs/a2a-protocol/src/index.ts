export * from './types';
export * from './versions';
export * from './jsonrpc';
export * from './errors';
export * from './adapters';
export * from './auth';
// Health states and call outcomes are shared with the catalog's read model (and the SPA); the rest of the gateway stays in /gateway.
export { AgentState, INVOCATION_OUTCOMES, REFUSAL_OUTCOMES, type InvocationOutcome } from './gateway/ports';
