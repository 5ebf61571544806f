import type { AgentSpec } from '../../gateway/agent-config';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { PROVIDER_CONFIG_SCHEMAS, type ProviderConfigOf } from '../provider-config';
import type { AgentProvider } from '../providers';

const parsed = new WeakMap<AgentSpec, unknown>();

/**
 * An agent's `providerConfig`, parsed by its provider's schema (defaults filled), once per registered
 * spec. The catalog checks it at registration; a library user who skipped that gets a clear error here.
 */
export function providerConfigOf<P extends AgentProvider>(
  agent: AgentSpec,
  provider: P,
): ProviderConfigOf<P> {
  if (parsed.has(agent)) return parsed.get(agent) as ProviderConfigOf<P>;
  const result = PROVIDER_CONFIG_SCHEMAS[provider].safeParse(agent.providerConfig ?? {});
  if (!result.success) {
    const issue = result.error.issues[0];
    throw new A2AError(
      A2AErrorCode.InvalidRequest,
      `Agent "${agent.name}": providerConfig.${issue.path.join('.')}: ${issue.message}`,
      { agentName: agent.name },
    );
  }
  parsed.set(agent, result.data);
  return result.data as ProviderConfigOf<P>;
}
