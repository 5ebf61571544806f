import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import {
  A2AError,
  factsOf,
  isFailureState,
  messageText,
  taskReplyText,
  textOfParts,
  type Message,
  type StreamEvent,
  type StreamResult,
  type Task,
  type TaskState,
} from '@switchboard/a2a-protocol';
import type { ToolCallOutput } from '@switchboard/api-contract';
import { outageOf } from '../../../common/errors/outage';

/** A model reads tool text: one part per line. */
const LINES = { separator: '\n' } as const;

/** A short human line for one event: what a progress notification says. */
export function describeEvent(event: StreamEvent): string {
  if ('task' in event) return stateLabel(event.task.status.state);
  if ('message' in event) return messageText(event.message, LINES);
  if ('statusUpdate' in event) {
    const { status } = event.statusUpdate;
    return messageText(status.message, LINES) || stateLabel(status.state);
  }
  return textOfParts(event.artifactUpdate.artifact.parts, LINES);
}

const stateLabel = (state: TaskState) => state.replace('TASK_STATE_', '').toLowerCase().replace('_', '-');

/**
 * A failed call as a tool result the model can read (`isError`), never a protocol error: the gateway's code,
 * its facts (`retryAfterMs`, …) and the agent's own JSON-RPC error, in `structuredContent.error`. A dependency
 * that is away is its code (DATABASE_UNAVAILABLE, …) with `retryAfterMs`.
 */
export function errorResult(agentName: string, error: unknown): CallToolResult {
  const outage = A2AError.is(error) ? null : outageOf(error);
  if (outage) {
    const output: ToolCallOutput = {
      agent: agentName,
      state: 'error',
      text: `${outage.code}: ${outage.message}`,
      error: { code: outage.code, message: outage.message, retryAfterMs: outage.retryAfterMs },
    };
    return { isError: true, content: [{ type: 'text', text: output.text }], structuredContent: output };
  }
  if (!A2AError.is(error))
    return { isError: true, content: [{ type: 'text', text: `The call to agent "${agentName}" failed.` }] };
  const { agent: _agent, ...facts } = factsOf(error);
  const rpc = error.details.rpcError;
  const output: ToolCallOutput = {
    agent: agentName,
    state: 'error',
    text: `${error.code}: ${error.message}`,
    error: {
      code: error.code,
      message: error.message,
      ...facts,
      ...(rpc
        ? {
            agentError: {
              code: rpc.code,
              message: rpc.message,
              ...(rpc.data !== undefined ? { data: rpc.data } : {}),
            },
          }
        : {}),
    },
  };
  return { isError: true, content: [{ type: 'text', text: output.text }], structuredContent: output };
}

function taskText(task: Task): string {
  return taskReplyText(task, LINES) || `The agent's task ended ${stateLabel(task.status.state)}.`;
}

/** The answer as text content plus `structuredContent` (task id, state, artifacts). */
export function toolResultOf(agentName: string, result: StreamResult): CallToolResult {
  const { task, message } = result;
  if (!task && !message) {
    return { isError: true, content: [{ type: 'text', text: `Agent "${agentName}" sent no answer.` }] };
  }
  const output: ToolCallOutput = task
    ? {
        agent: agentName,
        taskId: task.id,
        contextId: task.contextId,
        state: task.status.state,
        text: taskText(task),
        artifacts: (task.artifacts ?? []).map((a) => ({
          artifactId: a.artifactId,
          ...(a.name ? { name: a.name } : {}),
          parts: a.parts,
        })),
      }
    : {
        agent: agentName,
        ...((message as Message).contextId ? { contextId: (message as Message).contextId } : {}),
        state: 'message',
        text: messageText(message as Message, LINES),
      };
  let text = output.text;
  if (
    task &&
    (task.status.state === 'TASK_STATE_INPUT_REQUIRED' || task.status.state === 'TASK_STATE_AUTH_REQUIRED')
  ) {
    text += `\n\n(The agent needs more input: call this tool again with taskId "${task.id}" and contextId "${task.contextId}".)`;
  }
  return {
    content: [{ type: 'text', text }],
    structuredContent: output,
    ...(task && isFailureState(task.status.state) ? { isError: true } : {}),
  };
}
