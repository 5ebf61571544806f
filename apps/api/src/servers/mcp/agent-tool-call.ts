import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  foldStreamEvent,
  isTerminalState,
  type StreamEvent,
  type StreamResult,
} from '@switchboard/a2a-protocol';
import type { ToolCallInput } from '@switchboard/api-contract';
import type { Principal } from '../../auth/decorators/current-user.decorator';
import type { AgentCalls, Caller } from '../../invocation/agent-calls.port';
import { errorResult, toolResultOf } from './utils/from-a2a-to-tool-result.util';
import { toSendRequest } from './utils/from-tool-call-to-send-request.util';

/** What a running call tells its caller as it goes (progress notifications, an MCP task's status). */
export interface ToolCallObserver {
  onEvent?(event: StreamEvent, result: StreamResult): void | Promise<void>;
}

/**
 * One tool call = one streamed call through the gateway pipeline (front door `mcp`): events are folded into
 * the answer and passed to the observer as they arrive. If the caller cancels, the agent's task is canceled
 * too (when it has one and it is still running).
 */
export async function callAgentTool(
  calls: AgentCalls,
  principal: Principal,
  agentName: string,
  args: ToolCallInput,
  signal: AbortSignal,
  observer: ToolCallObserver = {},
): Promise<CallToolResult> {
  let result: StreamResult = {};
  try {
    const caller: Caller = { principal, door: 'mcp', signal, interactionType: 'tools/call' };
    for await (const event of calls.stream(agentName, toSendRequest(args), caller)) {
      result = foldStreamEvent(result, event);
      await observer.onEvent?.(event, result);
    }
  } catch (error) {
    const task = result.task;
    if (signal.aborted && task && !isTerminalState(task.status.state)) {
      // The caller is gone, the agent's task is not: cancel it on the caller's behalf (no signal: it must go out).
      await calls
        .cancel(agentName, task.id, { principal, door: 'mcp', interactionType: 'tools/call' })
        .catch(() => undefined);
    }
    return errorResult(agentName, error);
  }
  return toolResultOf(agentName, result);
}
