import { randomUUID } from 'node:crypto';
import { parseMode, type Mode } from './modes';
import { currentRequestSignal } from './request-scope';

/**
 * The protocol-neutral half of the executor: which events a task goes through for each mode.
 * `HelloExecutor` (A2A v1.0, `@a2a-js/sdk` 1.3) and `HelloExecutorV03` (A2A v0.3, `@a2a-js/sdk`
 * 0.3.14) only translate these calls into their SDK's event shapes (a `TaskSink`).
 */

/** Task states the script uses, in v0.3 spelling (v1.0 maps them to `TASK_STATE_*`). */
export type TaskStateName = 'submitted' | 'working' | 'input-required' | 'completed' | 'failed' | 'canceled';

export interface ArtifactChunk {
  artifactId: string;
  name: string;
  text: string;
  append: boolean;
  lastChunk: boolean;
}

/** Publishes one task's events on one SDK event bus (or into its task store), in that SDK's shapes. */
export interface TaskSink {
  /** First event of every execution: the stored task (follow-up turn) or a new SUBMITTED one. */
  task(): void;
  /** A status update, with an optional agent message and metadata. */
  status(state: TaskStateName, text?: string, metadata?: Record<string, unknown>): void;
  artifact(chunk: ArtifactChunk): void;
}

/**
 * What a message without a mode keyword does. `reply` (the default): the hello reply, COMPLETED at once.
 * `working`: SUBMITTED → WORKING, then the execution ends and the task is parked: it stays WORKING until
 * CancelTask or a follow-up message, and completes with the hello reply after `longTaskMaxMs`. That is the
 * task conformance suites expect (the A2A TCK sends free texts, then gets, lists, continues and cancels the
 * tasks while they are WORKING).
 */
export type FreeText = 'reply' | 'working';
export const FREE_TEXT_VALUES: readonly FreeText[] = ['reply', 'working'];

export interface ScriptOptions {
  /** `long`, and a parked task, complete on their own after this long if nobody cancels them. */
  longTaskMaxMs: number;
  /** Interval of the WORKING heartbeats of `long`. */
  heartbeatMs: number;
  /** Pause between the chunks of `stream:<n>`, so a person watching sees them arrive (0 = none). */
  streamChunkMs: number;
  freeText: FreeText;
}

/** However many chunks `stream:<n>` asks for, its pauses add up to at most this. */
export const STREAM_PACING_MAX_TOTAL_MS = 3_000;

export const DEFAULT_SCRIPT_OPTIONS: ScriptOptions = {
  longTaskMaxMs: 10 * 60_000,
  heartbeatMs: 500,
  streamChunkMs: 300,
  freeText: 'reply',
};

/** The reply text for a request whose user text is `text`. */
export function helloReply(text: string): string {
  return `Hello, World! I have received your request (${text})`;
}

/** Why a running task was stopped before it finished. */
class Stop {
  constructor(
    /** CANCELED message to publish, or undefined when CancelTask already published CANCELED. */
    readonly canceledMessage: string | undefined,
  ) {}
}
const STOP_BY_CANCEL = new Stop(undefined);
const STOP_BY_DISCONNECT = new Stop('The client disconnected before the reply was ready.');
const STOP_BY_SHUTDOWN = new Stop('The agent is shutting down.');

/** Modes whose wait ends when the HTTP client goes away (a `long` task outlives its request). */
const STOPS_ON_DISCONNECT: ReadonlySet<Mode['kind']> = new Set(['hello', 'slow']);

interface ModeContext {
  text: string;
  sink: TaskSink;
  /** Aborts on CancelTask, agent shutdown and (for some modes) client disconnect. */
  signal: AbortSignal;
  options: ScriptOptions;
  respond(text: string, signal: AbortSignal): Promise<string>;
}

/** One small function per mode. Each returns without publishing anything more once `signal` aborts. */
function playMode(mode: Mode, ctx: ModeContext): Promise<void> {
  switch (mode.kind) {
    case 'slow':
      return slow(ctx, mode.ms);
    case 'fail':
      return fail(ctx);
    case 'input-required':
      return inputRequired(ctx);
    case 'long':
      return long(ctx);
    case 'stream':
      return stream(ctx, mode.chunks);
    case 'hello':
      return ctx.options.freeText === 'working' ? working(ctx) : hello(ctx);
    default:
      // The HTTP modes, which a request only reaches the executor with when the executor is driven
      // without the HTTP layer (e.g. a request handler called directly): the hello reply.
      return hello(ctx);
  }
}

/** WORKING → artifact `reply` → COMPLETED. */
async function hello(ctx: ModeContext): Promise<void> {
  ctx.sink.status('working');
  await reply(ctx);
}

/**
 * Free text with `freeText: 'working'`: WORKING, and the execution ends there. The SDK then answers a
 * blocking call with the task WORKING and applies a later CancelTask to the stored task itself.
 */
async function working(ctx: ModeContext): Promise<void> {
  ctx.sink.status('working');
}

/** `slow:<ms>`: WORKING, waits, then replies like hello. */
async function slow(ctx: ModeContext, ms: number): Promise<void> {
  ctx.sink.status('working', `Replying in ${ms} ms.`);
  if (!(await sleep(ms, ctx.signal))) return;
  await reply(ctx);
}

/** `fail`: WORKING → FAILED with an explanation. */
async function fail(ctx: ModeContext): Promise<void> {
  ctx.sink.status('working');
  ctx.sink.status('failed', 'Failed on purpose: the message asked for "fail".');
}

/** `input-required`: WORKING → INPUT_REQUIRED; the next message on the same task plays its own mode. */
async function inputRequired(ctx: ModeContext): Promise<void> {
  ctx.sink.status('working');
  ctx.sink.status(
    'input-required',
    'More input needed: send another message with this taskId to complete the task.',
  );
}

/** `long`: WORKING, then a WORKING heartbeat every `heartbeatMs` until canceled; completes at the cap. */
async function long(ctx: ModeContext): Promise<void> {
  const { longTaskMaxMs, heartbeatMs } = ctx.options;
  ctx.sink.status(
    'working',
    `Working until canceled (CancelTask); completes on its own after ${longTaskMaxMs} ms.`,
  );
  const deadline = Date.now() + longTaskMaxMs;
  for (let beat = 1; ; beat++) {
    const left = deadline - Date.now();
    if (left <= 0) break;
    if (!(await sleep(Math.min(heartbeatMs, left), ctx.signal))) return;
    if (Date.now() >= deadline) break;
    ctx.sink.status('working', undefined, { heartbeat: beat });
  }
  await reply(ctx);
}

/**
 * `stream:<n>`: WORKING, n chunks `chunk <i>` of one artifact (append after the first), COMPLETED — paced
 * `streamChunkMs` apart (at most STREAM_PACING_MAX_TOTAL_MS in all), as a model writing its answer would;
 * so many chunks that they would be under 10 ms apart come without pauses.
 */
async function stream(ctx: ModeContext, chunks: number): Promise<void> {
  ctx.sink.status('working');
  const artifactId = randomUUID();
  // Pauses under 10 ms are below what a person (or a timer) resolves: many chunks then come at once.
  const spread = Math.min(ctx.options.streamChunkMs, Math.floor(STREAM_PACING_MAX_TOTAL_MS / chunks));
  const pause = spread >= 10 ? spread : 0;
  for (let i = 1; i <= chunks; i++) {
    if (ctx.signal.aborted) return;
    if (i > 1 && pause > 0 && !(await sleep(pause, ctx.signal))) return;
    ctx.sink.artifact({
      artifactId,
      name: 'stream',
      text: `chunk ${i}`,
      append: i > 1,
      lastChunk: i === chunks,
    });
    await new Promise<void>((resolve) => setImmediate(resolve)); // let the SSE writer and a cancel in
  }
  ctx.sink.status('completed');
}

/** Artifact `reply` with the hello text, then COMPLETED (nothing if stopped meanwhile). */
async function reply(ctx: ModeContext): Promise<void> {
  const text = await ctx.respond(ctx.text, ctx.signal);
  if (ctx.signal.aborted) return;
  ctx.sink.artifact({ artifactId: randomUUID(), name: 'reply', text, append: false, lastChunk: true });
  ctx.sink.status('completed');
}

/** Resolves true after `ms`, or false as soon as `signal` aborts (the timer is cleared). */
function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const TERMINAL_STATES: ReadonlySet<TaskStateName> = new Set(['completed', 'failed', 'canceled']);

/** Wraps a sink to remember the last state the execution published. */
class TrackingSink implements TaskSink {
  lastState: TaskStateName | undefined;
  constructor(private readonly inner: TaskSink) {}
  /** The execution reached a terminal state or stopped for input. */
  get settled(): boolean {
    return (
      this.lastState !== undefined &&
      (TERMINAL_STATES.has(this.lastState) || this.lastState === 'input-required')
    );
  }
  task(): void {
    this.inner.task();
  }
  status(state: TaskStateName, text?: string, metadata?: Record<string, unknown>): void {
    this.lastState = state;
    this.inner.status(state, text, metadata);
  }
  artifact(chunk: ArtifactChunk): void {
    this.inner.artifact(chunk);
  }
}

export interface ScriptRequest {
  taskId: string;
  contextId: string;
  /** All text parts of the user's message, joined. */
  text: string;
  /**
   * For a parked task (see `FreeText`), at `longTaskMaxMs`: a sink that writes into the task store
   * directly (the execution's event bus is gone by then), or undefined if the stored task is no longer
   * WORKING (canceled meanwhile).
   */
  reopen(): Promise<ReopenedTask | undefined>;
}

/** A sink on the task store; its events are applied one after another, `flushed` resolves once all are. */
export interface ReopenedTask {
  sink: TaskSink;
  flushed(): Promise<void>;
}

/** Applies published events in order with `apply` (the SDK's `ResultManager.processEvent`). */
export class StorePublisher<Event> {
  private last: Promise<void> = Promise.resolve();
  constructor(private readonly apply: (event: Event) => Promise<void>) {}
  publish(event: Event): void {
    this.last = this.last.then(() => this.apply(event));
  }
  flushed(): Promise<void> {
    return this.last;
  }
}

/** How an execution ended: `parked` = it left the task WORKING (free text, `freeText: 'working'`). */
export type ScriptOutcome = 'ended' | 'parked';

/**
 * Base class of the per-generation executors: runs the mode chosen by the message text and handles
 * cancellation. `cancel` aborts the running execution and publishes CANCELED itself, so a cancel
 * never waits for the execution to reach a checkpoint; the execution publishes nothing more.
 */
export abstract class ScriptedExecutor {
  protected readonly options: ScriptOptions;
  /** Running executions per task (normally one; a message sent to a running task adds another). */
  private readonly running = new Map<string, Set<AbortController>>();
  /** contextId of every task that is not finished yet (running or waiting for input). */
  private readonly contexts = new Map<string, string>();
  /** Parked tasks: the timer that completes each at `longTaskMaxMs`. */
  private readonly parked = new Map<string, NodeJS.Timeout>();

  constructor(options: Partial<ScriptOptions> = {}) {
    this.options = { ...DEFAULT_SCRIPT_OPTIONS, ...options };
  }

  /** Plays the mode chosen by `request.text` on `sink`. Resolves when the execution is over. */
  protected async runScript(request: ScriptRequest, rawSink: TaskSink): Promise<ScriptOutcome> {
    const { taskId, contextId, text } = request;
    const mode = parseMode(text);
    const sink = new TrackingSink(rawSink);
    const abort = new AbortController();
    const runs = this.running.get(taskId) ?? new Set<AbortController>();
    this.running.set(taskId, runs.add(abort));
    this.contexts.set(taskId, contextId);
    // A message to a parked task: its own mode decides what happens to the task now.
    this.unpark(taskId);

    const disconnect = STOPS_ON_DISCONNECT.has(mode.kind) ? currentRequestSignal() : undefined;
    const onDisconnect = (): void => abort.abort(STOP_BY_DISCONNECT);
    if (disconnect?.aborted) onDisconnect();
    disconnect?.addEventListener('abort', onDisconnect, { once: true });
    let outcome: ScriptOutcome = 'ended';
    try {
      sink.task();
      await playMode(mode, {
        text,
        sink,
        signal: abort.signal,
        options: this.options,
        respond: (t, s) => this.respond(t, s),
      });
      const stop = abort.signal.aborted ? (abort.signal.reason as Stop) : undefined;
      if (stop?.canceledMessage !== undefined && !sink.settled) sink.status('canceled', stop.canceledMessage);
      if (!abort.signal.aborted && sink.lastState === 'working') {
        outcome = 'parked';
        this.park(request);
      }
      return outcome;
    } finally {
      disconnect?.removeEventListener('abort', onDisconnect);
      runs.delete(abort);
      if (runs.size === 0 && this.running.get(taskId) === runs) this.running.delete(taskId);
      // Tasks waiting for input keep their contextId: a CancelTask may still come for them. A parked
      // task's CancelTask never reaches the executor (the SDK cancels the stored task itself).
      const ended = sink.lastState !== undefined && TERMINAL_STATES.has(sink.lastState);
      if (ended || outcome === 'parked') this.contexts.delete(taskId);
    }
  }

  /** Stops the executions of `taskId` (if any) and publishes CANCELED on the sink for its context. */
  protected cancelScript(taskId: string, sinkFor: (contextId: string) => TaskSink): void {
    for (const abort of this.running.get(taskId) ?? []) abort.abort(STOP_BY_CANCEL);
    const contextId = this.contexts.get(taskId) ?? '';
    this.contexts.delete(taskId);
    sinkFor(contextId).status('canceled', 'Task canceled.');
  }

  /** Stops every running execution (each ends CANCELED) and the parked tasks' timers; for server close. */
  shutdown(): void {
    for (const runs of this.running.values()) for (const abort of runs) abort.abort(STOP_BY_SHUTDOWN);
    for (const taskId of [...this.parked.keys()]) this.unpark(taskId);
  }

  private park(request: ScriptRequest): void {
    const timer = setTimeout(() => {
      this.parked.delete(request.taskId);
      void this.completeParked(request);
    }, this.options.longTaskMaxMs);
    this.parked.set(request.taskId, timer);
  }

  private unpark(taskId: string): void {
    clearTimeout(this.parked.get(taskId));
    this.parked.delete(taskId);
  }

  /** The cap of a parked task: the hello reply and COMPLETED, unless it was canceled meanwhile. */
  private async completeParked(request: ScriptRequest): Promise<void> {
    const reopened = await request.reopen();
    if (!reopened) return;
    await reply({
      text: request.text,
      sink: reopened.sink,
      signal: new AbortController().signal,
      options: this.options,
      respond: (t, s) => this.respond(t, s),
    });
    await reopened.flushed();
  }

  /**
   * Computes the reply for the user's text (modes hello, `slow`, and `long` at its cap). A seam for
   * tests and custom behaviours; `signal` aborts on cancel, shutdown or client disconnect.
   */
  protected async respond(text: string, _signal: AbortSignal): Promise<string> {
    return helloReply(text);
  }
}
