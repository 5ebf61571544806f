import { LRUCache } from 'lru-cache';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { sleep } from '../../gateway/retry';
import {
  isSettledState,
  isTerminalState,
  type AgentCard,
  type Message,
  type SendMessageRequest,
  type SendMessageResponse,
  type StreamEvent,
  type Task,
} from '../../types/a2a.schemas';
import { fromV03AgentCard } from '../../versions/v03-card-translate';
import { fromV03Task, fromV03TaskState, toV03Message } from '../../versions/v03-translate';
import { V03AgentCardSchema, V03TaskSchema, type V03Task } from '../../versions/v03.schemas';
import { contextIdOf } from '../common/a2a-shapes';
import { callerContextOf, callerScopedContext, taskInContext } from '../common/caller-scope';
import { rpcCall } from '../common/json-rpc';
import { jsonOf, protocolError, send } from '../common/provider-response';
import { providerConfigOf } from '../common/provider-config-of';
import type { AdapterContext, ProviderAdapter } from '../provider-adapter';

// A Pydantic AI agent served by FastA2A (`agent.to_a2a()`, the `fasta2a` package as pydantic-ai pins it,
// https://ai.pydantic.dev/a2a/): A2A JSON-RPC at POST {base}/ with 0.2.5-era shapes, card at
// GET {base}/.well-known/agent.json. `message/send` stores the task and answers it `submitted` at once; a
// worker then runs the agent (working → completed with a `result` artifact, or failed) and keeps the
// conversation per contextId. No `message/stream`: streams and resubscribes are emulated by polling
// `tasks/get`. Its pydantic schemas take no `null` for an optional field and need `kind` on every
// message and part, so requests are built with the v0.3 translators, which leave absent fields out.

const now = () => new Date().toISOString();

/** Transient failures (5xx, connection) in a row a poll rides out before the call fails. */
const MAX_POLL_FAILURES = 3;

export class PydanticAIAdapter implements ProviderAdapter {
  readonly provider = 'pydantic-ai' as const;
  private readonly cards = new LRUCache<string, Promise<AgentCard>>({ max: 1_000 });

  forget(agentName: string): void {
    this.cards.delete(agentName);
  }

  /** Blocking by default (A2A v1.0): polls until the task settles; `returnImmediately` gets the submitted task. */
  async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    let task = await this.submit(ctx, request);
    if (!request.configuration?.returnImmediately) {
      for await (const polled of this.poll(ctx, task)) task = polled;
    }
    return { task: this.toCaller(ctx, task) };
  }

  /** The task, then what changed at each poll: new artifacts, then the new state, until it settles. */
  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    yield* this.follow(ctx, await this.submit(ctx, request));
  }

  async *subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    yield* this.follow(ctx, await this.fetchTask(ctx, taskId));
  }

  /**
   * `historyLength` is applied here, not sent: FastA2A's InMemoryStorage truncates the stored history
   * itself when asked for a shorter one, so the agent would lose the task's history for good.
   */
  async getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    const task = this.toCaller(ctx, await this.fetchTask(ctx, taskId));
    if (historyLength !== undefined && task.history)
      task.history = historyLength === 0 ? [] : task.history.slice(-historyLength);
    return task;
  }

  /**
   * FastA2A hands the cancel to the worker and answers the task as it stands; Pydantic AI's worker does not
   * act on it (AgentWorker.cancel_task is a no-op), so a running task usually keeps running, and says so.
   */
  async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    const task = this.toCaller(ctx, await this.rpcTask(ctx, 'tasks/cancel', { id: taskId }));
    const state = task.status.state;
    if (isTerminalState(state) && state !== 'TASK_STATE_CANCELED') {
      throw new A2AError(A2AErrorCode.TaskNotCancelable, `Task ${taskId} is already ${state}`, {
        agentName: ctx.agent.name,
        taskId,
      });
    }
    return task;
  }

  /** FastA2A's card; streaming is on because the gateway emulates it. */
  card(ctx: AdapterContext): Promise<AgentCard> {
    let card = this.cards.get(ctx.agent.name);
    if (!card) {
      card = this.fetchCard(ctx);
      this.cards.set(ctx.agent.name, card);
      card.catch(() => this.cards.delete(ctx.agent.name));
    }
    return card;
  }

  private async fetchCard(ctx: AdapterContext): Promise<AgentCard> {
    const response = await send(ctx, `${this.base(ctx)}/.well-known/agent.json`, {});
    const parsed = V03AgentCardSchema.safeParse(await jsonOf(ctx, response));
    if (!parsed.success) throw protocolError(ctx, 'its agent card is not an A2A 0.2/0.3 card', parsed.error);
    const card = fromV03AgentCard(parsed.data);
    return { ...card, capabilities: { ...card.capabilities, streaming: true } };
  }

  /** `message/send` on the caller's own context; the answer is the task FastA2A stored (submitted). */
  private async submit(ctx: AdapterContext, request: SendMessageRequest): Promise<V03Task> {
    const contextId = callerScopedContext(ctx, contextIdOf(request));
    return this.rpcTask(ctx, 'message/send', { message: this.upstreamMessage(request.message, contextId) });
  }

  /**
   * The message as FastA2A takes it: v0.3 shape, `kind` everywhere, no nulls. Data parts travel as JSON
   * text, since Pydantic AI's worker fails a task that has one. The caller's taskId is left out: FastA2A
   * starts a new task for every message.
   */
  private upstreamMessage(message: Message, contextId: string) {
    const parts = message.parts.map((part) =>
      'data' in part
        ? { text: JSON.stringify(part.data), ...(part.metadata ? { metadata: part.metadata } : {}) }
        : part,
    );
    return toV03Message({ ...message, parts, taskId: undefined, contextId });
  }

  private fetchTask(ctx: AdapterContext, taskId: string): Promise<V03Task> {
    return this.rpcTask(ctx, 'tasks/get', { id: taskId });
  }

  private rpcTask(ctx: AdapterContext, method: string, params: unknown): Promise<V03Task> {
    return rpcCall(ctx, {
      url: `${this.base(ctx)}/`,
      method,
      params,
      result: V03TaskSchema,
      dialect: '0.3',
    });
  }

  /**
   * Snapshots of the task every `pollIntervalMs` until it settles; the gateway's timeout aborts the wait.
   * The message is already submitted, so a failed poll must not make the gateway send it again: a
   * transient failure is polled through, and what finally fails is no longer marked retryable.
   */
  private async *poll(ctx: AdapterContext, task: V03Task): AsyncGenerator<V03Task> {
    const { pollIntervalMs } = providerConfigOf(ctx.agent, 'pydantic-ai');
    let current = task;
    let failures = 0;
    while (!isSettledState(fromV03TaskState(current.status.state))) {
      await sleep(pollIntervalMs, ctx.signal);
      try {
        current = await this.fetchTask(ctx, current.id);
        failures = 0;
      } catch (error) {
        if (!A2AError.is(error) || error.details.retryable !== true) throw error;
        if (++failures < MAX_POLL_FAILURES) continue;
        throw new A2AError(
          error.code,
          error.message,
          { ...error.details, retryable: false },
          { cause: error },
        );
      }
      yield current;
    }
  }

  private async *follow(ctx: AdapterContext, first: V03Task): AsyncIterable<StreamEvent> {
    let previous = this.toCaller(ctx, first);
    yield { task: previous };
    for await (const polled of this.poll(ctx, first)) {
      const task = this.toCaller(ctx, polled);
      const seen = new Set((previous.artifacts ?? []).map((a) => a.artifactId));
      for (const artifact of task.artifacts ?? []) {
        if (seen.has(artifact.artifactId)) continue;
        yield { artifactUpdate: { taskId: task.id, contextId: task.contextId, artifact, lastChunk: true } };
      }
      if (task.status.state !== previous.status.state) {
        yield {
          statusUpdate: {
            taskId: task.id,
            contextId: task.contextId,
            status: { ...task.status, timestamp: task.status.timestamp ?? now() },
          },
        };
      }
      previous = task;
    }
  }

  /**
   * A FastA2A task in v1.0 shape with the caller's contextId. A context that was not derived for this
   * caller is not theirs: the task reads as unknown.
   */
  private toCaller(ctx: AdapterContext, raw: V03Task): Task {
    const contextId = callerContextOf(ctx, raw.contextId);
    if (contextId === undefined) {
      throw new A2AError(A2AErrorCode.TaskNotFound, `Task ${raw.id} not found`, {
        agentName: ctx.agent.name,
        taskId: raw.id,
      });
    }
    return taskInContext(fromV03Task(raw), contextId);
  }

  private base(ctx: AdapterContext): string {
    return ctx.agent.url.replace(/\/+$/, '');
  }
}
