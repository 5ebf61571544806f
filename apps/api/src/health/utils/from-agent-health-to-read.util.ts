import type { AgentHealthRead } from '@switchboard/api-contract';
import { AgentState, isAvailable, type AgentHealth } from '@switchboard/a2a-protocol/gateway';

/** The gateway's health of an agent → the catalog's `health` field. A disabled agent is Disabled. */
export function fromAgentHealthToRead(h: AgentHealth, enabled: boolean, now: number): AgentHealthRead {
  return {
    state: enabled ? h.state : AgentState.Disabled,
    available: enabled && isAvailable(h, now),
    lastCheckedAt: h.updatedAt === null ? null : new Date(h.updatedAt).toISOString(),
    lastError: h.lastError,
    consecutiveFailures: h.consecutiveFailures,
    latencyMs: h.lastLatencyMs,
    circuitOpenUntil: h.openUntil !== null && h.openUntil > now ? new Date(h.openUntil).toISOString() : null,
  };
}
