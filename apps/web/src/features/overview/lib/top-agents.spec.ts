import { describe, expect, it } from 'vitest';
import { topAgentName, type TopAgent } from './top-agents';

const row = (agentId: string | null, name: string): TopAgent => ({
  agentId,
  name,
  invocations: 3,
  successes: 3,
  failures: 0,
  successRate: 1,
  outcomes: {
    success: 3,
    failure: 0,
    canceled: 0,
    shutdown: 0,
    rate_limited: 0,
    circuit_open: 0,
    budget_exceeded: 0,
    unauthorized: 0,
    rejected: 0,
  },
  latencyMs: { min: 8, avg: 10, max: 12, p50: 10, p95: 12, p99: 12, percentiles: 'exact' },
  inputTokens: 0,
  outputTokens: 0,
  cost: 0,
});

describe('topAgentName', () => {
  const deleted = new Set(['gone-id']);

  it.each([
    ['an agent still in the catalog', row('live-id', 'hello'), 'hello'],
    ['a deleted agent whose calls kept its name', row('gone-id', 'old_agent'), 'old_agent (deleted)'],
    ['a deleted agent without a recorded name', row('gone-id', ''), 'deleted agent'],
    ['calls with no agent id at all', row(null, ''), 'deleted agent'],
  ])('names %s', (_case, agent, name) => {
    expect(topAgentName(agent, deleted)).toBe(name);
  });
});
