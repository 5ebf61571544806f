import { LRUCache } from 'lru-cache';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { sleep } from '../../gateway/retry';
import type {
  AgentCard,
  Message,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
  TaskState,
} from '../../types/a2a.schemas';
import type { AdapterContext, ProviderAdapter, TokenUsage } from '../provider-adapter';
import { contextIdOf, syntheticCard, textOf } from '../common/a2a-shapes';
import { eventJson, jsonOf, protocolError, send, sseOf, who } from '../common/provider-response';
import { bindHandle, boundHandle, foundryConfig, foundryFailure, projectUrl } from './foundry-project';

// Foundry Agent Service, classic threads/runs API (the Assistants protocol; REST reference
// https://learn.microsoft.com/rest/api/aifoundry/aiagents, `api-version=v1`): `POST {project}/threads/runs`
// creates a thread with the first message and runs the agent on it, `POST …/threads/{thread}/runs` with
// `additional_messages` continues a thread, `GET …/runs/{run}` is polled until the run settles,
// `GET …/threads/{thread}/messages?run_id=` reads what it wrote, `POST …/runs/{run}/cancel` and
// `…/submit_tool_outputs` act on it. With `stream: true` a run answers Assistants SSE events
// (thread.run.*, thread.message.delta, then `done`).
//
// A2A mapping: a run is a task whose id is "<thread id>:<run id>" (any replica can read it back from
// Foundry), an A2A contextId is a thread per agent and caller, and `requires_action` (function tools)
// is INPUT_REQUIRED: the caller answers on the task with the tool outputs.

type RunStatus =
  | 'queued'
  | 'in_progress'
  | 'requires_action'
  | 'cancelling'
  | 'cancelled'
  | 'failed'
  | 'completed'
  | 'expired'
  | 'incomplete';

interface ThreadRun {
  id?: string;
  thread_id?: string;
  status?: string;
  last_error?: { code?: string; message?: string } | null;
  required_action?: {
    type?: string;
    submit_tool_outputs?: {
      tool_calls?: { id?: string; function?: { name?: string; arguments?: string } }[];
    };
  } | null;
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
  model?: string;
  metadata?: Record<string, unknown> | null;
}

interface ThreadMessage {
  role?: string;
  run_id?: string | null;
  content?: { type?: string; text?: { value?: unknown } }[];
}

const STATES: Record<RunStatus, TaskState> = {
  queued: 'TASK_STATE_SUBMITTED',
  in_progress: 'TASK_STATE_WORKING',
  cancelling: 'TASK_STATE_WORKING',
  requires_action: 'TASK_STATE_INPUT_REQUIRED',
  completed: 'TASK_STATE_COMPLETED',
  // The run hit its token limits: what it wrote is the answer, cut short.
  incomplete: 'TASK_STATE_COMPLETED',
  cancelled: 'TASK_STATE_CANCELED',
  failed: 'TASK_STATE_FAILED',
  expired: 'TASK_STATE_FAILED',
};
const SETTLED = new Set<string>([
  'requires_action',
  'completed',
  'incomplete',
  'cancelled',
  'failed',
  'expired',
]);
const TERMINAL = new Set<string>(['completed', 'incomplete', 'cancelled', 'failed', 'expired']);
const DEFAULT_API_VERSION = 'v1';
/** Polls start fast (most runs take a second or two) and back off to one a second. */
const FIRST_POLL_MS = 100;
const MAX_POLL_MS = 1_000;
const MAX_POLL_FAILURES = 3;
/** Azure ids (thread_…, run_…): nothing that could change the path of a URL built from them. */
const AZURE_ID = /^[A-Za-z0-9_-]{1,128}$/;
/** Runs keep what the caller sent in their metadata so a task read later still knows its contextId. */
const CONTEXT_KEY = 'a2a_context_id';

const now = () => new Date().toISOString();
const pause = (attempt: number, signal: AbortSignal) =>
  sleep(Math.min(MAX_POLL_MS, FIRST_POLL_MS * 2 ** attempt), signal);
const taskIdOf = (threadId: string, runId: string) => `${threadId}:${runId}`;
const artifactIdOf = (runId: string) => `${runId}-answer`;

function usageOf(run: ThreadRun): TokenUsage | undefined {
  const usage = run.usage;
  if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens ?? 0,
    ...(typeof run.model === 'string' && run.model ? { model: run.model } : {}),
  };
}

/**
 * Once a run exists, retrying the whole call would run the agent again on the same message: the gateway
 * must not retry what failed after that point.
 */
function notRetryable(error: unknown): unknown {
  if (!A2AError.is(error) || error.details.retryable !== true) return error;
  return new A2AError(error.code, error.message, { ...error.details, retryable: false }, { cause: error });
}

/** A task's answer (when `withArtifacts`) and its state, as the events that end or advance a stream. */
function* settledEvents(task: Task, withArtifacts: boolean): Generator<StreamEvent> {
  const { id: taskId, contextId } = task;
  if (withArtifacts) {
    for (const artifact of task.artifacts ?? [])
      yield { artifactUpdate: { taskId, contextId, artifact, lastChunk: true } };
  }
  yield {
    statusUpdate: {
      taskId,
      contextId,
      status: task.status,
      ...(task.metadata ? { metadata: task.metadata } : {}),
    },
  };
}

function agentText(text: string, contextId: string, taskId: string, data?: unknown): Message {
  return {
    messageId: `${taskId}-status`,
    role: 'ROLE_AGENT',
    contextId,
    taskId,
    parts: [{ text }, ...(data === undefined ? [] : [{ data }])],
  };
}

/** The tool outputs a caller sends back on an INPUT_REQUIRED task: a data part `{ tool_outputs: [...] }`. */
function toolOutputsOf(message: Message): { tool_call_id: string; output: string }[] | undefined {
  for (const part of message.parts) {
    const outputs = 'data' in part ? (part.data as { tool_outputs?: unknown })?.tool_outputs : undefined;
    if (!Array.isArray(outputs)) continue;
    return outputs.map((o: { tool_call_id?: unknown; output?: unknown }) => ({
      tool_call_id: String(o?.tool_call_id ?? ''),
      output: typeof o?.output === 'string' ? o.output : JSON.stringify(o?.output ?? null),
    }));
  }
  return undefined;
}

export class FoundryThreadsAdapter implements ProviderAdapter {
  readonly provider = 'azure-ai-foundry' as const;
  /** Runs whose usage this gateway already counted (a finished task can be read many times). */
  private readonly counted = new LRUCache<string, true>({ max: 10_000 });

  async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    if (request.message.taskId) return { task: await this.answerTask(ctx, request.message) };
    const contextId = contextIdOf(request);
    const { response, bind } = await this.startRun(ctx, request, contextId, false);
    const run = this.checkedRun(ctx, await jsonOf<ThreadRun>(ctx, response));
    await bind(run);
    if (request.configuration?.returnImmediately) return { task: await this.taskOf(ctx, run, contextId) };
    try {
      return { task: await this.taskOf(ctx, await this.settle(ctx, run), contextId) };
    } catch (error) {
      // The caller never learned the task id, so nobody can read the answer: stop paying for it.
      if (ctx.signal.aborted)
        void this.cancelRun(ctx, run, AbortSignal.timeout(5_000)).catch(() => undefined);
      throw notRetryable(error);
    }
  }

  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    if (request.message.taskId) {
      yield { task: await this.answerTask(ctx, request.message) };
      return;
    }
    const contextId = contextIdOf(request);
    const { response, bind } = await this.startRun(ctx, request, contextId, true);
    let run: ThreadRun | undefined;
    let taskId = '';
    let text = '';
    let state: TaskState | undefined;
    // A closed stream leaves the run going: its task stays readable (GetTask) and can be re-attached to.
    for await (const event of sseOf(ctx, response)) {
      if (event.event === 'done' || event.data === '[DONE]') break;
      const data = eventJson<ThreadRun & { delta?: ThreadMessage; error?: unknown }>(ctx, event);
      if (event.event === 'error') throw foundryFailure(ctx, 'reported an error', data?.error ?? data);
      if (event.event === 'thread.message.delta') {
        const chunk = (data.delta?.content ?? [])
          .map((part) => (part?.type === 'text' ? part.text?.value : undefined))
          .filter((value): value is string => typeof value === 'string')
          .join('');
        if (!chunk || !run) continue;
        yield {
          artifactUpdate: {
            taskId,
            contextId,
            artifact: { artifactId: artifactIdOf(run.id as string), parts: [{ text: chunk }] },
            append: text.length > 0,
          },
        };
        text += chunk;
        continue;
      }
      if (!event.event?.startsWith('thread.run.') || event.event.startsWith('thread.run.step.')) continue;
      run = this.checkedRun(ctx, data);
      if (!taskId) {
        taskId = taskIdOf(run.thread_id as string, run.id as string);
        await bind(run);
        state = this.stateOf(run);
        yield {
          task: {
            id: taskId,
            contextId,
            status: { state, timestamp: now() },
            history: [{ ...request.message, contextId, taskId }],
          },
        };
        continue;
      }
      const next = this.stateOf(run);
      if (!SETTLED.has(run.status as string)) {
        if (next !== state)
          yield { statusUpdate: { taskId, contextId, status: { state: next, timestamp: now() } } };
        state = next;
        continue;
      }
      // Nothing streamed (a run that wrote no deltas): the answer read from the thread comes in one piece.
      yield* settledEvents(await this.taskOf(ctx, run, contextId, text || undefined), !text);
      return;
    }
    throw protocolError(ctx, 'the event stream ended before the run settled');
  }

  async getTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    return this.taskOf(ctx, await this.getRun(ctx, taskId));
  }

  async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    const notCancelable = (run: ThreadRun) =>
      new A2AError(A2AErrorCode.TaskNotCancelable, `Task ${taskId} is already ${this.stateOf(run)}`, {
        agentName: ctx.agent.name,
        taskId,
      });
    let run = await this.getRun(ctx, taskId);
    if (TERMINAL.has(run.status as string)) throw notCancelable(run);
    try {
      run = await this.cancelRun(ctx, run, ctx.signal);
    } catch (error) {
      // It may have finished meanwhile: Foundry refuses to cancel a finished run (HTTP 400).
      if (!A2AError.is(error) || error.details.status !== 400) throw error;
      run = await this.getRun(ctx, taskId);
      if (TERMINAL.has(run.status as string)) throw notCancelable(run);
      throw error;
    }
    return this.taskOf(ctx, await this.settle(ctx, run));
  }

  /** Re-attach to a run: its task now, a status update on every change, the answer when it settles. */
  async *subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    let run = await this.getRun(ctx, taskId);
    const first = await this.taskOf(ctx, run);
    yield { task: first };
    const { contextId } = first;
    for (let attempt = 0; !SETTLED.has(run.status as string); attempt++) {
      await pause(attempt, ctx.signal);
      const next = await this.getRun(ctx, taskId);
      if (next.status === run.status) continue;
      run = next;
      yield* settledEvents(await this.taskOf(ctx, run, contextId), true);
    }
  }

  async card(ctx: AdapterContext): Promise<AgentCard> {
    return syntheticCard(ctx.agent, { streaming: true });
  }

  // ---- Foundry calls -------------------------------------------------------------------------------

  private url(ctx: AdapterContext, path: string, query: Record<string, string> = {}): string {
    return projectUrl(ctx, path, {
      'api-version': foundryConfig(ctx).apiVersion ?? DEFAULT_API_VERSION,
      ...query,
    });
  }

  /**
   * A run of the agent on the contextId's thread, or on a new thread holding the message; `bind` records
   * the thread for the contextId once the run says which it is.
   */
  private async startRun(
    ctx: AdapterContext,
    request: SendMessageRequest,
    contextId: string,
    stream: boolean,
  ) {
    const thread = request.message.contextId ? await boundHandle(ctx, 'thread', contextId) : undefined;
    const message = { role: 'user', content: textOf(request.message) };
    const run = {
      assistant_id: foundryConfig(ctx).agentName,
      metadata: { [CONTEXT_KEY]: contextId },
      ...(stream ? { stream: true } : {}),
    };
    const accept = stream ? 'text/event-stream' : undefined;
    const response = thread
      ? await send(ctx, this.url(ctx, `threads/${encodeURIComponent(thread)}/runs`), {
          body: { ...run, additional_messages: [message] },
          accept,
        })
      : await send(ctx, this.url(ctx, 'threads/runs'), {
          body: { ...run, thread: { messages: [message] } },
          accept,
        });
    const bind = async (started: ThreadRun) => {
      if (started.thread_id !== thread)
        await bindHandle(ctx, 'thread', contextId, started.thread_id as string);
    };
    return { response, bind };
  }

  private async getRun(ctx: AdapterContext, taskId: string): Promise<ThreadRun> {
    const notFound = () =>
      new A2AError(A2AErrorCode.TaskNotFound, `Task ${taskId} not found`, {
        agentName: ctx.agent.name,
        taskId,
      });
    const ids = taskId.split(':');
    if (ids.length !== 2 || !ids.every((id) => AZURE_ID.test(id))) throw notFound();
    const [threadId, runId] = ids;
    try {
      const response = await send(ctx, this.url(ctx, `threads/${threadId}/runs/${runId}`), {});
      return this.checkedRun(ctx, await jsonOf<ThreadRun>(ctx, response));
    } catch (error) {
      if (A2AError.is(error) && error.details.status === 404) throw notFound();
      throw error;
    }
  }

  private async cancelRun(ctx: AdapterContext, run: ThreadRun, signal: AbortSignal): Promise<ThreadRun> {
    const scoped = { ...ctx, signal };
    const path = `threads/${run.thread_id}/runs/${run.id}/cancel`;
    return this.checkedRun(
      ctx,
      await jsonOf<ThreadRun>(ctx, await send(scoped, this.url(ctx, path), { body: {} })),
    );
  }

  /**
   * Poll a run until it settles (completed, failed, cancelled, expired, or waiting for tool outputs). A
   * poll that fails for a passing reason (HTTP 502/503/504, connection) is tried again a few times.
   */
  private async settle(ctx: AdapterContext, run: ThreadRun): Promise<ThreadRun> {
    const taskId = taskIdOf(run.thread_id as string, run.id as string);
    for (let attempt = 0, failures = 0; !SETTLED.has(run.status as string); attempt++) {
      await pause(attempt, ctx.signal);
      try {
        run = await this.getRun(ctx, taskId);
        failures = 0;
      } catch (error) {
        if (!A2AError.is(error) || error.details.retryable !== true || ++failures > MAX_POLL_FAILURES)
          throw error;
      }
    }
    return run;
  }

  /** The caller's answer on an INPUT_REQUIRED task: the outputs of the function tools the run asked for. */
  private async answerTask(ctx: AdapterContext, message: Message): Promise<Task> {
    const taskId = message.taskId as string;
    let run = await this.getRun(ctx, taskId);
    if (run.status !== 'requires_action') {
      throw new A2AError(
        A2AErrorCode.UnsupportedOperation,
        `${who(ctx)}: task ${taskId} is ${this.stateOf(run)}; send a new message with its contextId to continue the conversation`,
        { agentName: ctx.agent.name, taskId },
      );
    }
    const outputs = toolOutputsOf(message);
    if (!outputs?.length) {
      throw new A2AError(
        A2AErrorCode.InvalidRequest,
        `Task ${taskId} waits for the outputs of function tools: answer with a data part ` +
          '{"tool_outputs": [{"tool_call_id": "…", "output": "…"}]}',
        { agentName: ctx.agent.name, taskId },
      );
    }
    const path = `threads/${run.thread_id}/runs/${run.id}/submit_tool_outputs`;
    run = this.checkedRun(
      ctx,
      await jsonOf<ThreadRun>(ctx, await send(ctx, this.url(ctx, path), { body: { tool_outputs: outputs } })),
    );
    try {
      return await this.taskOf(ctx, await this.settle(ctx, run));
    } catch (error) {
      throw notRetryable(error);
    }
  }

  /** What the run wrote: its assistant messages, oldest first. */
  private async runText(ctx: AdapterContext, run: ThreadRun): Promise<string> {
    const url = this.url(ctx, `threads/${run.thread_id}/messages`, {
      run_id: run.id as string,
      order: 'asc',
      limit: '100',
    });
    const list = await jsonOf<{ data?: ThreadMessage[] }>(ctx, await send(ctx, url, {}));
    if (!Array.isArray(list?.data)) throw protocolError(ctx, 'the message list has no data');
    return list.data
      .filter((m) => m?.role === 'assistant' && (!m.run_id || m.run_id === run.id))
      .flatMap((m) => m.content ?? [])
      .map((part) => (part?.type === 'text' ? part.text?.value : undefined))
      .filter((value): value is string => typeof value === 'string')
      .join('\n\n');
  }

  // ---- A2A shapes ----------------------------------------------------------------------------------

  private checkedRun(ctx: AdapterContext, run: ThreadRun): ThreadRun {
    if (
      !run ||
      typeof run !== 'object' ||
      !AZURE_ID.test(String(run.id)) ||
      !AZURE_ID.test(String(run.thread_id)) ||
      !(String(run.status) in STATES)
    ) {
      throw protocolError(ctx, 'not a thread run (id, thread_id, status)');
    }
    return run;
  }

  private stateOf(run: ThreadRun): TaskState {
    return STATES[run.status as RunStatus];
  }

  /**
   * The A2A task of a run. A finished run's answer is read from the thread unless the stream already
   * delivered it (`streamed`); its usage is reported the first time this gateway sees it finished.
   */
  private async taskOf(
    ctx: AdapterContext,
    run: ThreadRun,
    contextId?: string,
    streamed?: string,
  ): Promise<Task> {
    const runId = run.id as string;
    const taskId = taskIdOf(run.thread_id as string, runId);
    const context =
      contextId ??
      (typeof run.metadata?.[CONTEXT_KEY] === 'string' ? (run.metadata[CONTEXT_KEY] as string) : undefined) ??
      (run.thread_id as string);
    const state = this.stateOf(run);
    const task: Task = { id: taskId, contextId: context, status: { state, timestamp: now() } };
    if (state === 'TASK_STATE_COMPLETED') {
      const text = streamed ?? (await this.runText(ctx, run));
      task.artifacts = [{ artifactId: artifactIdOf(runId), parts: [{ text }] }];
    } else if (run.status === 'failed' || run.status === 'expired') {
      const error = run.last_error;
      const why =
        run.status === 'expired'
          ? 'The run expired before it finished'
          : `The run failed${error?.code ? ` (${error.code})` : ''}: ${error?.message ?? 'no details'}`;
      task.status.message = agentText(why, context, taskId);
    } else if (run.status === 'requires_action') {
      const calls = run.required_action?.submit_tool_outputs?.tool_calls ?? [];
      const asked = calls.map((c) => `${c.function?.name ?? '?'}(${c.function?.arguments ?? ''}) [${c.id}]`);
      task.status.message = agentText(
        `The agent asks for the outputs of its function tools: ${asked.join(', ') || 'none listed'}. ` +
          'Answer on this task with a data part {"tool_outputs": [{"tool_call_id", "output"}]}.',
        context,
        taskId,
        run.required_action,
      );
    }
    const usage = usageOf(run);
    if (usage && TERMINAL.has(run.status as string)) {
      task.metadata = { usage };
      if (!this.counted.has(runId)) {
        this.counted.set(runId, true);
        ctx.reportUsage(usage);
      }
    }
    return task;
  }
}
