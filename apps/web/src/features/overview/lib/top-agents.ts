import type { MetricsSummary } from '@switchboard/api-contract';

export type TopAgent = MetricsSummary['topAgents'][number];

/**
 * An agent's name in the ranking. One deleted since its calls (no id, or its series answered 404) is shown
 * as such, under the name its calls were recorded with, or as "deleted agent" when none is known.
 */
export function topAgentName(agent: TopAgent, deleted: ReadonlySet<string>): string {
  const gone = agent.agentId === null || deleted.has(agent.agentId);
  if (!gone) return agent.name;
  return agent.name ? `${agent.name} (deleted)` : 'deleted agent';
}
