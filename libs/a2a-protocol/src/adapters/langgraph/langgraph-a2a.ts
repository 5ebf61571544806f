import { randomUUID } from 'node:crypto';
import { OwnedTasks } from '../common/owned-tasks';
import { z } from 'zod';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import {
  isSettledState,
  type Artifact,
  type SendMessageRequest,
  type SendMessageResponse,
  type StreamEvent,
  type Task,
} from '../../types/a2a.schemas';
import {
  fromV03SendResult,
  fromV03StreamEvent,
  fromV03Task,
  toV03Message,
} from '../../versions/v03-translate';
import { V03SendResultSchema, V03StreamEventSchema, V03TaskSchema } from '../../versions/v03.schemas';
import { messageText, textPartsOnly } from '../../types/parts-text';
import { contextIdOf } from '../common/a2a-shapes';
import { callerScopedUuid, eventInContext, responseInContext, taskInContext } from '../common/caller-scope';
import { rpcCall, rpcStream } from '../common/json-rpc';
import { protocolError, send } from '../common/provider-response';
import { providerConfigOf } from '../common/provider-config-of';
import type { AdapterContext } from '../provider-adapter';

// LangGraph Agent Server's own A2A endpoint, POST {base}/a2a/{assistant_id} (langgraph-api >= 0.4.21,
// https://docs.langchain.com/langsmith/server-a2a): JSON-RPC with the v0.3 method names `message/send`
// (blocks until the run ends, answers a Task whose artifact holds the last AI message), `message/stream`
// (SSE of JSON-RPC envelopes: the Task, then `status-update`s whose messages carry the answer as it grows,
// then a final `status-update`) and `tasks/get` (needs the contextId too). `tasks/cancel` answers
// "unsupported", so a run is canceled through the runs API instead. A2A task id = LangGraph run id,
// A2A contextId = LangGraph thread id.

/** LangGraph refuses `tasks/get` with a historyLength above this (MAX_HISTORY_LENGTH_REQUESTED). */
const MAX_HISTORY_LENGTH = 10;

/** `tasks/get` answers a status message without `kind` ("Task completed successfully"): read it as one. */
const LangGraphTaskSchema = z.preprocess((task) => {
  const message = (task as { status?: { message?: Record<string, unknown> } } | null)?.status?.message;
  if (message && typeof message === 'object' && !('kind' in message)) message.kind = 'message';
  return task;
}, V03TaskSchema);

interface TaskEntry {
  /** The LangGraph thread (scoped to the caller) and the caller's own contextId. */
  threadId: string;
  contextId: string;
  owner: string | null;
  /** What the gateway saw of the task: its answer as an artifact, which LangGraph's tasks/get omits. */
  task: Task;
  /** Set while the gateway streams the task: cancelling stops the stream too. */
  abort?: AbortController;
}

const now = () => new Date().toISOString();

export class LangGraphA2A {
  /** Tasks this gateway started, to find their thread again (tasks/get needs it). */
  private readonly tasks = new OwnedTasks<TaskEntry>();

  owns(ctx: AdapterContext, taskId: string): boolean {
    return this.tasks.has(ctx, taskId);
  }

  async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const contextId = contextIdOf(request);
    const threadId = callerScopedUuid(ctx, contextId);
    const result = await rpcCall(ctx, {
      url: this.url(ctx),
      method: 'message/send',
      params: this.params(request, threadId),
      result: V03SendResultSchema,
      dialect: '0.3',
    });
    const response = responseInContext(fromV03SendResult(result), contextId);
    if ('task' in response) this.remember(ctx, response.task, threadId, contextId);
    return response;
  }

  /**
   * LangGraph streams its answer as `working` status messages that each hold the AI message so far; the
   * gateway turns them into chunks of one artifact (as every streaming provider's answer arrives), and the
   * final status message into that artifact's last word, so the stream and GetTask show the same answer.
   */
  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    const contextId = contextIdOf(request);
    const threadId = callerScopedUuid(ctx, contextId);
    const abort = new AbortController();
    const onAbort = () => abort.abort(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const scoped: AdapterContext = { ...ctx, signal: abort.signal };
    const artifactId = randomUUID();
    let entry: TaskEntry | undefined;
    let answer = '';
    const chunk = (text: string, append: boolean, taskId: string): StreamEvent => {
      answer = append ? answer + text : text;
      const artifact: Artifact = { artifactId, name: 'Assistant Response', parts: [{ text: answer }] };
      if (entry) entry.task.artifacts = [artifact];
      return {
        artifactUpdate: { taskId, contextId, artifact: { artifactId, parts: [{ text }] }, append },
      };
    };
    try {
      const events = rpcStream(scoped, {
        url: this.url(ctx),
        method: 'message/stream',
        params: this.params(request, threadId),
        result: V03StreamEventSchema,
        dialect: '0.3',
      });
      for await (const raw of events) {
        // Canceled: events the agent sent before it heard of the cancel must not undo it.
        if (abort.signal.aborted) break;
        const event = eventInContext(fromV03StreamEvent(raw), contextId);
        if ('task' in event) {
          entry = this.remember(ctx, event.task, threadId, contextId, abort);
          yield { task: structuredClone(entry.task) };
          continue;
        }
        if (!entry) throw protocolError(ctx, 'the stream did not start with its task');
        if ('artifactUpdate' in event || 'message' in event) {
          yield event;
          continue;
        }
        const update = event.statusUpdate;
        const text = messageText(update.status.message, { describe: textPartsOnly });
        if (update.status.state === 'TASK_STATE_WORKING' && text) {
          // A message that does not continue the answer so far is a new AI message (e.g. after a tool call).
          const continues = text.startsWith(answer);
          const delta = continues ? text.slice(answer.length) : text;
          if (delta) yield chunk(delta, continues && answer.length > 0, update.taskId);
          continue;
        }
        if (update.status.state === 'TASK_STATE_COMPLETED') {
          if (text && text !== answer) yield chunk(text, false, update.taskId);
          // The final message is now the artifact; it is not repeated on the status.
          update.status = { state: update.status.state, timestamp: update.status.timestamp ?? now() };
        }
        entry.task.status = update.status;
        yield event;
        if (isSettledState(update.status.state)) {
          entry.abort = undefined;
          return;
        }
      }
      throw protocolError(ctx, 'the stream ended before the task settled');
    } catch (error) {
      const canceled = abort.signal.aborted && !ctx.signal.aborted;
      if (entry && canceled) {
        yield { statusUpdate: { taskId: entry.task.id, contextId, status: entry.task.status } };
        return;
      }
      throw error;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      if (entry) entry.abort = undefined;
    }
  }

  /** The run's state as LangGraph reports it, with the answer the gateway saw as its artifact. */
  async getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    const entry = this.entry(ctx, taskId);
    const raw = await rpcCall(ctx, {
      url: this.url(ctx),
      method: 'tasks/get',
      params: {
        id: taskId,
        contextId: entry.threadId,
        ...(historyLength !== undefined
          ? { historyLength: Math.min(historyLength, MAX_HISTORY_LENGTH) }
          : {}),
      },
      result: LangGraphTaskSchema,
      dialect: '0.3',
    });
    const task = taskInContext(fromV03Task(raw), entry.contextId);
    // A run the gateway canceled reads as "interrupted" (input-required) on LangGraph's side.
    if (entry.task.status.state === 'TASK_STATE_CANCELED') task.status = entry.task.status;
    if (!task.artifacts?.length && entry.task.artifacts) task.artifacts = entry.task.artifacts;
    entry.task.status = task.status;
    return task;
  }

  /**
   * `message/send` only answers once the run is over, so only a task being streamed can still be
   * canceled: through the runs API (`POST /threads/{thread_id}/runs/{run_id}/cancel`), since the A2A
   * endpoint's `tasks/cancel` is not implemented.
   */
  async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    const entry = this.entry(ctx, taskId);
    if (!entry.abort) {
      throw new A2AError(
        A2AErrorCode.TaskNotCancelable,
        `Task ${taskId} is already ${entry.task.status.state}`,
        { agentName: ctx.agent.name, taskId },
      );
    }
    const base = ctx.agent.url.replace(/\/+$/, '');
    const response = await send(
      ctx,
      `${base}/threads/${entry.threadId}/runs/${encodeURIComponent(taskId)}/cancel?action=interrupt`,
      { method: 'POST' },
    );
    await response.body?.cancel();
    entry.abort.abort(
      new A2AError(A2AErrorCode.Canceled, `Task ${taskId} was canceled`, {
        agentName: ctx.agent.name,
        taskId,
      }),
    );
    entry.abort = undefined;
    entry.task.status = { state: 'TASK_STATE_CANCELED', timestamp: now() };
    return structuredClone(entry.task);
  }

  private url(ctx: AdapterContext): string {
    const { assistantId } = providerConfigOf(ctx.agent, 'langgraph');
    return `${ctx.agent.url.replace(/\/+$/, '')}/a2a/${encodeURIComponent(assistantId)}`;
  }

  /** The caller's message on the caller's thread; a taskId of theirs means nothing to LangGraph. */
  private params(request: SendMessageRequest, threadId: string) {
    return { message: toV03Message({ ...request.message, taskId: undefined, contextId: threadId }) };
  }

  private remember(
    ctx: AdapterContext,
    task: Task,
    threadId: string,
    contextId: string,
    abort?: AbortController,
  ): TaskEntry {
    const entry: TaskEntry = { threadId, contextId, owner: ctx.callerId, task: structuredClone(task), abort };
    this.tasks.set(ctx, task.id, entry);
    return entry;
  }

  private entry(ctx: AdapterContext, taskId: string): TaskEntry {
    return this.tasks.get(ctx, taskId);
  }
}
