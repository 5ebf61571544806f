import type { AgentRead } from '@switchboard/api-contract';

/** What the register, edit and import pages hand over to the agents list after a save. */
export interface AgentsPageState {
  notice?: string;
  /** What the API warned about on the save (e.g. an endpoint that did not answer): shown, never blocking. */
  warnings?: string[];
}

/** The list page's state after `agent` was saved: the notice, and the API's warnings about the save. */
export function savedAgentState(agent: AgentRead, notice: string): AgentsPageState {
  const warnings = (agent.warnings ?? []).map((w) => w.message);
  return warnings.length > 0 ? { notice, warnings } : { notice };
}

/** The state the list page was opened with (history state is anything a page left there). */
export function agentsPageStateOf(state: unknown): { notice: string | null; warnings: string[] } {
  const s = (typeof state === 'object' && state !== null ? state : {}) as Record<string, unknown>;
  return {
    notice: typeof s.notice === 'string' ? s.notice : null,
    warnings: Array.isArray(s.warnings) ? s.warnings.filter((w): w is string => typeof w === 'string') : [],
  };
}
