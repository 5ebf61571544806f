import { randomUUID } from 'node:crypto';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
  TaskState,
} from '../../types/a2a.schemas';
import type { ChatTurn, ConversationKey } from '../conversation';
import type { AgentProvider } from '../providers';
import type { AdapterContext, ProviderAdapter, TokenUsage } from '../provider-adapter';
import { OwnedTasks } from './owned-tasks';
import { agentMessage, contextIdOf, syntheticCard, textOf } from './a2a-shapes';

/** What a request/response provider is asked: the new text, earlier turns, and the full A2A request. */
export interface ChatInput {
  text: string;
  /** Earlier turns of this contextId (empty when the provider keeps its own memory). */
  history: ChatTurn[];
  contextId: string;
  request: SendMessageRequest;
}

export interface Completion {
  text: string;
  usage?: TokenUsage;
}

/** A piece of a streamed answer: text to append, and/or the usage the provider reported. */
export interface CompletionChunk {
  text?: string;
  usage?: TokenUsage;
}

const sumUsage = (a: TokenUsage | undefined, b: TokenUsage): TokenUsage =>
  a
    ? {
        ...a,
        ...b,
        inputTokens: Math.max(a.inputTokens, b.inputTokens),
        outputTokens: Math.max(a.outputTokens, b.outputTokens),
      }
    : b;

const now = () => new Date().toISOString();

/**
 * The A2A face of a provider that answers request → response (chat APIs, query endpoints, custom JSON):
 * `send` answers an A2A Message; `stream` runs a short task (WORKING → artifact chunks → COMPLETED) whose
 * snapshot stays readable with `getTask` and cancelable while it runs. When `historyTurns` > 0 the gateway
 * replays the conversation (per agent, caller and contextId) to providers that keep no memory.
 * Subclasses implement `complete` (and `completeStream` when the provider streams).
 */
export abstract class StatelessAdapter implements ProviderAdapter {
  abstract readonly provider: AgentProvider;
  /** Snapshots of the tasks this adapter made up for streams, newest kept. */
  private readonly tasks = new OwnedTasks<{ task: Task; owner: string | null; abort?: AbortController }>();

  /** How many earlier turns to replay (0 when the provider keeps its own conversation state). */
  protected abstract historyTurns(ctx: AdapterContext): number;
  protected abstract complete(ctx: AdapterContext, input: ChatInput): Promise<Completion>;

  /** Providers that stream override this; the default answers in one chunk. */
  protected async *completeStream(ctx: AdapterContext, input: ChatInput): AsyncIterable<CompletionChunk> {
    yield await this.complete(ctx, input);
  }

  /** Whether `stream` really streams (shown on the synthetic card). */
  protected readonly streams: boolean = true;

  async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const input = await this.input(ctx, request);
    const completion = await this.complete(ctx, input);
    if (completion.usage) ctx.reportUsage(completion.usage);
    await this.remember(ctx, input, completion.text);
    return { message: agentMessage(completion.text, input.contextId, completion.usage) };
  }

  async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    const input = await this.input(ctx, request);
    const taskId = randomUUID();
    const { contextId } = input;
    const artifactId = randomUUID();
    const abort = new AbortController();
    const task: Task = {
      id: taskId,
      contextId,
      status: { state: 'TASK_STATE_WORKING', timestamp: now() },
      history: [{ ...request.message, contextId, taskId }],
    };
    const entry: { task: Task; owner: string | null; abort?: AbortController } = {
      task,
      owner: ctx.callerId,
      abort,
    };
    this.tasks.set(ctx, taskId, entry);
    const settle = (state: TaskState, text: string, usage?: TokenUsage) => {
      task.status = { state, timestamp: now() };
      if (text) task.artifacts = [{ artifactId, parts: [{ text }] }];
      if (usage) task.metadata = { usage };
      entry.abort = undefined;
    };
    // Cancel (cancelTask) aborts the upstream call as well as the caller's own abort does.
    const onAbort = () => abort.abort(ctx.signal.reason);
    ctx.signal.addEventListener('abort', onAbort, { once: true });
    const scoped: AdapterContext = { ...ctx, signal: abort.signal };

    yield { task: structuredClone(task) };
    let text = '';
    let usage: TokenUsage | undefined;
    try {
      for await (const chunk of this.completeStream(scoped, input)) {
        if (chunk.usage) usage = sumUsage(usage, chunk.usage);
        if (!chunk.text) continue;
        yield {
          artifactUpdate: {
            taskId,
            contextId,
            artifact: { artifactId, parts: [{ text: chunk.text }] },
            append: text.length > 0,
          },
        };
        text += chunk.text;
      }
      settle('TASK_STATE_COMPLETED', text, usage);
    } catch (error) {
      const canceled = abort.signal.aborted && !ctx.signal.aborted;
      settle(canceled ? 'TASK_STATE_CANCELED' : 'TASK_STATE_FAILED', text, usage);
      if (canceled) {
        yield { statusUpdate: { taskId, contextId, status: task.status } };
        return;
      }
      throw error;
    } finally {
      ctx.signal.removeEventListener('abort', onAbort);
      // The caller stopped reading (disconnect): the upstream call ends with it.
      if (entry.abort) {
        abort.abort();
        if (task.status.state === 'TASK_STATE_WORKING') settle('TASK_STATE_CANCELED', text, usage);
      }
    }
    if (usage) ctx.reportUsage(usage);
    await this.remember(ctx, input, text);
    yield {
      statusUpdate: {
        taskId,
        contextId,
        status: task.status,
        ...(usage ? { metadata: { usage } } : {}),
      },
    };
  }

  async getTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    return structuredClone(this.tasks.get(ctx, taskId).task);
  }

  async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    const entry = this.tasks.get(ctx, taskId);
    if (!entry.abort) {
      throw new A2AError(
        A2AErrorCode.TaskNotCancelable,
        `Task ${taskId} is already ${entry.task.status.state}`,
        { agentName: ctx.agent.name, taskId },
      );
    }
    entry.abort.abort(
      new A2AError(A2AErrorCode.Canceled, `Task ${taskId} was canceled`, {
        agentName: ctx.agent.name,
        taskId,
      }),
    );
    entry.task.status = { state: 'TASK_STATE_CANCELED', timestamp: now() };
    entry.abort = undefined;
    return structuredClone(entry.task);
  }

  async *subscribe(ctx: AdapterContext, taskId: string): AsyncIterable<StreamEvent> {
    const entry = this.tasks.get(ctx, taskId);
    throw new A2AError(
      A2AErrorCode.UnsupportedOperation,
      `Agent "${ctx.agent.name}" cannot re-attach to a stream; read task ${entry.task.id} with GetTask`,
      { agentName: ctx.agent.name, taskId },
    );
  }

  async card(ctx: AdapterContext): Promise<AgentCard> {
    return syntheticCard(ctx.agent, { streaming: this.streams });
  }

  private conversation(ctx: AdapterContext, contextId: string): ConversationKey {
    return { agentName: ctx.agent.name, ownerId: ctx.callerId, contextId };
  }

  private async input(ctx: AdapterContext, request: SendMessageRequest): Promise<ChatInput> {
    const contextId = contextIdOf(request);
    const turns = this.historyTurns(ctx);
    const history =
      turns > 0 && request.message.contextId
        ? await ctx.conversations.load(this.conversation(ctx, contextId), turns)
        : [];
    return { text: textOf(request.message), history, contextId, request };
  }

  private async remember(ctx: AdapterContext, input: ChatInput, answer: string) {
    if (this.historyTurns(ctx) <= 0) return;
    await ctx.conversations.append(this.conversation(ctx, input.contextId), [
      { role: 'user', text: input.text },
      { role: 'assistant', text: answer },
    ]);
  }
}
