import { randomUUID } from 'node:crypto';
import type { Message, Task, TextPart } from 'a2a-sdk-v03';
import {
  InMemoryTaskStore,
  ResultManager,
  type AgentExecutionEvent,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
  type TaskStore,
} from 'a2a-sdk-v03/server';
import {
  ScriptedExecutor,
  StorePublisher,
  type ArtifactChunk,
  type ReopenedTask,
  type TaskSink,
  type TaskStateName,
} from './script';

/** All text parts of a v0.3 message, joined without separator. */
export function messageTextV03(message: Message): string {
  return message.parts.map((part) => (part.kind === 'text' ? part.text : '')).join('');
}

function textPartV03(text: string): TextPart {
  return { kind: 'text', text };
}

/** v0.3 marks the event that ends the current interaction with `final: true` (the SDK stops there). */
const FINAL_V03: ReadonlySet<TaskStateName> = new Set(['completed', 'failed', 'canceled', 'input-required']);

/** Publishes one task's events on a v0.3 (`@a2a-js/sdk` 0.3.14) bus: `kind`-tagged, lower-case states. */
class V03TaskSink implements TaskSink {
  constructor(
    private readonly bus: Pick<ExecutionEventBus, 'publish'>,
    private readonly taskId: string,
    private readonly contextId: string,
    private readonly initialTask?: () => Task,
  ) {}

  task(): void {
    if (this.initialTask) this.bus.publish(this.initialTask());
  }

  status(state: TaskStateName, text?: string, metadata?: Record<string, unknown>): void {
    const message: Message | undefined =
      text === undefined
        ? undefined
        : {
            kind: 'message',
            messageId: randomUUID(),
            role: 'agent',
            parts: [textPartV03(text)],
            taskId: this.taskId,
            contextId: this.contextId,
          };
    this.bus.publish({
      kind: 'status-update',
      taskId: this.taskId,
      contextId: this.contextId,
      status: { state, message, timestamp: new Date().toISOString() },
      final: FINAL_V03.has(state),
      ...(metadata ? { metadata } : {}),
    });
  }

  artifact(chunk: ArtifactChunk): void {
    this.bus.publish({
      kind: 'artifact-update',
      taskId: this.taskId,
      contextId: this.contextId,
      artifact: { artifactId: chunk.artifactId, name: chunk.name, parts: [textPartV03(chunk.text)] },
      append: chunk.append,
      lastChunk: chunk.lastChunk,
    });
  }
}

/**
 * The Hello World agent for A2A v0.3 (also served as 0.2): the same modes as `HelloExecutor`,
 * published in v0.3 shapes on the 0.3.14 SDK's bus.
 */
export class HelloExecutorV03 extends ScriptedExecutor implements AgentExecutor {
  /** The store the request handler must keep its tasks in: a parked task is completed there at the cap. */
  readonly taskStore: TaskStore = new InMemoryTaskStore();

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId, userMessage } = context;
    const initialTask = (): Task =>
      context.task ?? {
        kind: 'task',
        id: taskId,
        contextId,
        status: { state: 'submitted', timestamp: new Date().toISOString() },
        history: [userMessage],
        artifacts: [],
      };
    // Every other execution ends with a `final` status, which is what stops the SDK's event queue, so
    // the bus is only closed with `bus.finished()` for a parked task (left WORKING, not final).
    const outcome = await this.runScript(
      {
        taskId,
        contextId,
        text: messageTextV03(userMessage),
        reopen: () => this.reopen(taskId, contextId, context.context),
      },
      new V03TaskSink(bus, taskId, contextId, initialTask),
    );
    if (outcome === 'parked') bus.finished();
  }

  private async reopen(
    taskId: string,
    contextId: string,
    callContext: RequestContext['context'],
  ): Promise<ReopenedTask | undefined> {
    const stored = await this.taskStore.load(taskId, callContext);
    if (stored?.status.state !== 'working') return undefined;
    const results = new ResultManager(this.taskStore, callContext);
    const publisher = new StorePublisher((event: AgentExecutionEvent) => results.processEvent(event));
    return { sink: new V03TaskSink(publisher, taskId, contextId), flushed: () => publisher.flushed() };
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    this.cancelScript(taskId, (contextId) => new V03TaskSink(bus, taskId, contextId));
  }
}
