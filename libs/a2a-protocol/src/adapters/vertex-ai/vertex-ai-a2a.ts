import { createParser } from 'eventsource-parser';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type {
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import { A2AAdapter, type Connected } from '../a2a/a2a.adapter';
import { providerHttpError, who } from '../common/provider-response';
import type { AdapterContext, TokenUsage } from '../provider-adapter';
import { engineUrl, geminiUsage } from './vertex-ai-engine';

// Agent Engine's A2A agents (the A2aAgent template) are reached under the engine resource, v1beta1 only:
// `{base}/v1beta1/projects/{p}/locations/{l}/reasoningEngines/{id}/a2a/v1/…` — `card`, `message:send`,
// `message:stream` (SSE), `tasks/{id}`, `tasks/{id}:cancel`, `tasks/{id}:subscribe`. That is the A2A
// v0.3 HTTP+JSON binding (proto JSON: Message.content, ROLE_USER, `{task}|{message}` envelopes) with
// `{engine}/a2a` as its endpoint, so the official SDK's v0.3 REST transport speaks it as is.

/** The usage an ADK agent puts on its A2A answers (`adk_usage_metadata`, camel or snake case). */
export function adkUsageOf(metadata: Record<string, unknown> | undefined): TokenUsage | undefined {
  const usage = metadata?.adk_usage_metadata ?? metadata?.adkUsageMetadata;
  return geminiUsage(usage as Record<string, unknown> | undefined, undefined);
}

/** Where an artifact update's `append` travels through the SDK (see `carryAppend`). */
const APPEND_MARK = 'switchboard.append';

/**
 * @a2a-js/sdk 1.3's v0.3 REST reader drops `append` from artifact updates (every chunk would replace
 * the last): the event stream is rewritten so the flag rides in the update's metadata, which survives,
 * and `restoreAppend` puts it back.
 */
function carryAppend(response: Response): Response {
  if (!response.body || !(response.headers.get('content-type') ?? '').includes('text/event-stream'))
    return response;
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let out: TransformStreamDefaultController<Uint8Array>;
  const parser = createParser({
    onEvent: ({ event, data }) => {
      try {
        const json = JSON.parse(data) as { artifactUpdate?: { append?: unknown; metadata?: object } };
        if (json?.artifactUpdate?.append === true) {
          json.artifactUpdate.metadata = { ...json.artifactUpdate.metadata, [APPEND_MARK]: true };
          data = JSON.stringify(json);
        }
      } catch {
        // not JSON: the SDK reports it
      }
      const lines = data.split('\n').map((line) => `data: ${line}`);
      out.enqueue(encoder.encode(`${event ? `event: ${event}\n` : ''}${lines.join('\n')}\n\n`));
    },
  });
  const body = response.body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      start: (controller) => void (out = controller),
      transform: (chunk) => parser.feed(decoder.decode(chunk, { stream: true })),
      flush: () => parser.feed(decoder.decode()),
    }),
  );
  return new Response(body, { status: response.status, headers: response.headers });
}

function restoreAppend(event: StreamEvent): StreamEvent {
  const update = 'artifactUpdate' in event ? event.artifactUpdate : undefined;
  if (!update?.metadata || !(APPEND_MARK in update.metadata)) return event;
  const { [APPEND_MARK]: append, ...metadata } = update.metadata;
  return {
    artifactUpdate: {
      ...update,
      append: append === true,
      metadata: Object.keys(metadata).length ? metadata : undefined,
    },
  };
}

function usageOfEvent(event: StreamEvent): TokenUsage | undefined {
  if ('task' in event) return adkUsageOf(event.task.metadata);
  if ('message' in event) return adkUsageOf(event.message.metadata);
  if ('statusUpdate' in event) return adkUsageOf(event.statusUpdate.metadata);
  return adkUsageOf(event.artifactUpdate.metadata);
}

/**
 * The A2A adapter with the engine's fixed endpoint instead of card discovery, plus what Agent Engine
 * needs on top: Google's error bodies read, errors naming the provider, task statuses mapped, ADK usage
 * reported, and `append` kept on streamed chunks.
 */
export class VertexA2ABinding extends A2AAdapter {
  override readonly provider = 'vertex-ai' as const;

  override async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const response = await super.send(ctx, request);
    const usage = adkUsageOf('task' in response ? response.task.metadata : response.message.metadata);
    if (usage) ctx.reportUsage(usage);
    return response;
  }

  override async getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    try {
      return await super.getTask(ctx, taskId, historyLength);
    } catch (error) {
      throw this.taskError(ctx, error, taskId);
    }
  }

  override async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    try {
      return await super.cancelTask(ctx, taskId);
    } catch (error) {
      throw this.taskError(ctx, error, taskId);
    }
  }

  protected override async guard<T>(ctx: AdapterContext, run: () => Promise<T>): Promise<T> {
    try {
      return await super.guard(ctx, run);
    } catch (error) {
      throw this.named(ctx, error);
    }
  }

  protected override async *events(
    ctx: AdapterContext,
    open: () => AsyncIterable<StreamEvent>,
  ): AsyncIterable<StreamEvent> {
    // ADK puts each model call's usage on the events of that step; the last report is the turn's.
    let usage: TokenUsage | undefined;
    try {
      for await (const received of super.events(ctx, open)) {
        const event = restoreAppend(received);
        usage = usageOfEvent(event) ?? usage;
        yield event;
      }
    } catch (error) {
      throw this.named(ctx, error);
    }
    if (usage) ctx.reportUsage(usage);
  }

  protected override async open(ctx: AdapterContext): Promise<Connected> {
    // Google answers errors as `{error: {code, message, status}}`, which the v0.3 transport does not
    // read: every non-success becomes the provider's typed error before the SDK sees it.
    const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
      const response = await ctx.fetch(input, init);
      if (!response.ok) throw await providerHttpError(ctx, response);
      return carryAppend(response);
    }) as typeof fetch;
    const { legacyRestChannel } = await import('../a2a/sdk-channel');
    return this.guard(ctx, () =>
      legacyRestChannel(`${engineUrl(ctx, 'v1beta1')}/a2a`, fetchImpl, ctx.signal),
    );
  }

  /** The A2A adapter names the agent; provider errors name its provider too. */
  private named(ctx: AdapterContext, error: unknown): unknown {
    const plain = `Agent "${ctx.agent.name}"`;
    if (!A2AError.is(error) || error.message.startsWith(who(ctx)) || !error.message.startsWith(plain))
      return error;
    return new A2AError(
      error.code,
      who(ctx) + error.message.slice(plain.length),
      { ...error.details, provider: ctx.agent.provider },
      { cause: error.cause ?? error },
    );
  }

  /**
   * Google's REST surface answers A2A task errors with HTTP statuses: 404 = no such task, 409 = the
   * task is already final.
   */
  private taskError(ctx: AdapterContext, error: unknown, taskId: string): unknown {
    if (!A2AError.is(error) || error.code !== A2AErrorCode.UpstreamError) return error;
    const details = { agentName: ctx.agent.name, provider: ctx.agent.provider, taskId };
    if (error.details.status === 404)
      return new A2AError(A2AErrorCode.TaskNotFound, `Task ${taskId} not found: ${error.message}`, details);
    if (error.details.status === 409)
      return new A2AError(
        A2AErrorCode.TaskNotCancelable,
        `Task ${taskId} cannot be canceled: ${error.message}`,
        details,
      );
    return error;
  }
}
