import { randomUUID } from 'node:crypto';
import { Role, TaskState, type Message, type Part, type Task } from '@a2a-js/sdk';
import {
  AgentEvent,
  InMemoryTaskStore,
  ResultManager,
  type AgentExecutionEvent,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
  type TaskStore,
} from '@a2a-js/sdk/server';
import {
  ScriptedExecutor,
  StorePublisher,
  type ArtifactChunk,
  type ReopenedTask,
  type TaskSink,
  type TaskStateName,
} from './script';

export { helloReply } from './script';

/** The concatenation (no separator) of all text parts of `message`; other part kinds are ignored. */
export function messageText(message: Message): string {
  return message.parts.map((part) => (part.content?.$case === 'text' ? part.content.value : '')).join('');
}

export function textPart(text: string): Part {
  return {
    content: { $case: 'text', value: text },
    mediaType: 'text/plain',
    filename: '',
    metadata: undefined,
  };
}

const V1_STATE: Record<TaskStateName, TaskState> = {
  submitted: TaskState.TASK_STATE_SUBMITTED,
  working: TaskState.TASK_STATE_WORKING,
  'input-required': TaskState.TASK_STATE_INPUT_REQUIRED,
  completed: TaskState.TASK_STATE_COMPLETED,
  failed: TaskState.TASK_STATE_FAILED,
  canceled: TaskState.TASK_STATE_CANCELED,
};

/** Publishes one task's events on a v1.0 (`@a2a-js/sdk` 1.3) bus. */
class V1TaskSink implements TaskSink {
  constructor(
    private readonly bus: Pick<ExecutionEventBus, 'publish'>,
    private readonly taskId: string,
    private readonly contextId: string,
    private readonly initialTask?: () => Task,
  ) {}

  task(): void {
    if (this.initialTask) this.bus.publish(AgentEvent.task(this.initialTask()));
  }

  status(state: TaskStateName, text?: string, metadata?: Record<string, unknown>): void {
    const message: Message | undefined =
      text === undefined
        ? undefined
        : {
            messageId: randomUUID(),
            taskId: this.taskId,
            contextId: this.contextId,
            role: Role.ROLE_AGENT,
            parts: [textPart(text)],
            metadata: undefined,
            extensions: [],
            referenceTaskIds: [],
          };
    this.bus.publish(
      AgentEvent.statusUpdate({
        taskId: this.taskId,
        contextId: this.contextId,
        status: { state: V1_STATE[state], message, timestamp: new Date().toISOString() },
        metadata,
      }),
    );
  }

  artifact(chunk: ArtifactChunk): void {
    this.bus.publish(
      AgentEvent.artifactUpdate({
        taskId: this.taskId,
        contextId: this.contextId,
        artifact: {
          artifactId: chunk.artifactId,
          name: chunk.name,
          description: '',
          parts: [textPart(chunk.text)],
          metadata: undefined,
          extensions: [],
        },
        append: chunk.append,
        lastChunk: chunk.lastChunk,
        metadata: undefined,
      }),
    );
  }
}

/**
 * The Hello World agent for A2A v1.0: the message text picks a mode (see `modes.ts`); the default
 * is SUBMITTED (if new) → WORKING → one text artifact → COMPLETED.
 *
 * Cancellation: `cancelTask` aborts the running execution and publishes CANCELED itself, so a
 * cancel never waits for the execution to reach a checkpoint; `execute` publishes nothing more
 * once aborted.
 */
export class HelloExecutor extends ScriptedExecutor implements AgentExecutor {
  /** The store the request handler must keep its tasks in: a parked task is completed there at the cap. */
  readonly taskStore: TaskStore = new InMemoryTaskStore();

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId, userMessage } = context;
    // The SDK requires a `task` (or `message`) event first, also on follow-up turns.
    const initialTask = (): Task => context.task ?? submittedTask(taskId, contextId, userMessage);
    // Returning with the task WORKING (parked) is enough: the SDK then closes the bus itself.
    await this.runScript(
      {
        taskId,
        contextId,
        text: messageText(userMessage),
        reopen: () => this.reopen(taskId, contextId, context.context),
      },
      new V1TaskSink(bus, taskId, contextId, initialTask),
    );
  }

  private async reopen(
    taskId: string,
    contextId: string,
    callContext: RequestContext['context'],
  ): Promise<ReopenedTask | undefined> {
    const stored = await this.taskStore.load(taskId, callContext);
    if (stored?.status?.state !== TaskState.TASK_STATE_WORKING) return undefined;
    const results = new ResultManager(this.taskStore, callContext);
    const publisher = new StorePublisher((event: AgentExecutionEvent) => results.processEvent(event));
    return { sink: new V1TaskSink(publisher, taskId, contextId), flushed: () => publisher.flushed() };
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    this.cancelScript(taskId, (contextId) => new V1TaskSink(bus, taskId, contextId));
  }
}

function submittedTask(taskId: string, contextId: string, userMessage: Message): Task {
  return {
    id: taskId,
    contextId,
    status: {
      state: TaskState.TASK_STATE_SUBMITTED,
      message: undefined,
      timestamp: new Date().toISOString(),
    },
    artifacts: [],
    history: [userMessage],
    metadata: undefined,
  };
}
