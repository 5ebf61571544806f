import { randomUUID } from 'node:crypto';
import { Role, TaskState, type Message, type Part, type Task } from '@a2a-js/sdk';
import {
  AgentEvent,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';

/** The reply text for a request whose user text is `text`. */
export function helloReply(text: string): string {
  return `Hello, World! I have received your request (${text})`;
}

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

/** Publishes the events of one task on one bus; keeps the executor's flow readable. */
class TaskEvents {
  constructor(
    private readonly bus: ExecutionEventBus,
    readonly taskId: string,
    readonly contextId: string,
  ) {}

  task(task: Task): void {
    this.bus.publish(AgentEvent.task(task));
  }

  status(state: TaskState, text?: string): void {
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
        status: { state, message, timestamp: new Date().toISOString() },
        metadata: undefined,
      }),
    );
  }

  artifact(text: string): void {
    this.bus.publish(
      AgentEvent.artifactUpdate({
        taskId: this.taskId,
        contextId: this.contextId,
        artifact: {
          artifactId: randomUUID(),
          name: 'reply',
          description: '',
          parts: [textPart(text)],
          metadata: undefined,
          extensions: [],
        },
        append: false,
        lastChunk: true,
        metadata: undefined,
      }),
    );
  }
}

interface RunningTask {
  contextId: string;
  abort: AbortController;
}

/**
 * The Hello World agent: every message becomes a task that goes
 * SUBMITTED (if new) → WORKING → one text artifact → COMPLETED.
 *
 * Cancellation: `cancelTask` aborts the running execution and publishes CANCELED itself, so a
 * cancel never waits for the execution to reach a checkpoint; `execute` publishes nothing more
 * once aborted.
 */
export class HelloExecutor implements AgentExecutor {
  private readonly running = new Map<string, RunningTask>();

  async execute(context: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const { taskId, contextId, userMessage } = context;
    const events = new TaskEvents(bus, taskId, contextId);
    const abort = new AbortController();
    this.running.set(taskId, { contextId, abort });
    try {
      // The SDK requires a `task` (or `message`) event first, also on follow-up turns.
      events.task(context.task ?? submittedTask(taskId, contextId, userMessage));
      events.status(TaskState.TASK_STATE_WORKING);

      const reply = await this.respond(messageText(userMessage), abort.signal);
      if (abort.signal.aborted) return;

      events.artifact(reply);
      events.status(TaskState.TASK_STATE_COMPLETED);
    } finally {
      this.running.delete(taskId);
    }
  }

  async cancelTask(taskId: string, bus: ExecutionEventBus): Promise<void> {
    const running = this.running.get(taskId);
    running?.abort.abort();
    new TaskEvents(bus, taskId, running?.contextId ?? '').status(
      TaskState.TASK_STATE_CANCELED,
      'Task canceled.',
    );
  }

  /**
   * Computes the reply for the user's text. This is the seam for scripted behaviours
   * (slow replies, failures, ...) chosen from the text; `signal` aborts on cancel.
   */
  protected async respond(text: string, _signal: AbortSignal): Promise<string> {
    return helloReply(text);
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
