import { randomUUID } from 'node:crypto';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import type {
  AgentCard,
  SendMessageRequest,
  SendMessageResponse,
  StreamEvent,
  Task,
} from '../../types/a2a.schemas';
import { fromV03AgentCard } from '../../versions/v03-card-translate';
import { V03AgentCardSchema } from '../../versions/v03.schemas';
import { callerScopedUuid } from '../common/caller-scope';
import { providerConfigOf } from '../common/provider-config-of';
import {
  eventJson,
  jsonOf,
  postJson,
  protocolError,
  providerHttpError,
  send,
  sseOf,
  who,
} from '../common/provider-response';
import {
  StatelessAdapter,
  type ChatInput,
  type Completion,
  type CompletionChunk,
} from '../common/stateless-adapter';
import type { AdapterContext, TokenUsage } from '../provider-adapter';
import { LangGraphA2A } from './langgraph-a2a';

// LangGraph Agent Server (LangGraph Platform / LangSmith Deployment / `langgraph dev`), auth by
// `X-Api-Key`. Two ways in, chosen by providerConfig.mode:
// - its A2A endpoint (langgraph-a2a.ts), when the server has one (langgraph-api >= 0.4.21);
// - the threads/runs API (https://docs.langchain.com/langsmith/agent-server-api): POST
//   /threads/{thread_id}/runs/wait answers the thread's final state; POST /threads/{thread_id}/runs/stream
//   answers SSE (`\r\n`-separated, `: heartbeat` comments) with `stream_mode: ["messages-tuple",
//   "values"]`: `metadata` ({run_id}) first, `messages` events ([message chunk, metadata]) carrying the
//   model's tokens, `values` events with the whole state after each step, `error` when the run fails.
//   The stream's text is the AI chunks' text; the answer and the token usage come from the final state
//   (the AI messages after the gateway's own input message), as runs/wait gives them.
// Either way the thread keeps the conversation: one thread per (agent, caller, contextId), so nothing is
// replayed (historyTurns 0) and no caller can reach another's thread (common/caller-scope.ts).

/** A LangChain message as the API serializes it (`type` "human" | "ai" | "tool" | "AIMessageChunk" …). */
interface LcMessage {
  type?: string;
  role?: string;
  id?: string | null;
  content?: unknown;
  usage_metadata?: { input_tokens?: number; output_tokens?: number } | null;
  response_metadata?: { model_name?: string; model?: string } | null;
}

/** A run's output (runs/wait, `values` events): the graph state, or what stopped the run. */
interface RunValues {
  messages?: LcMessage[];
  __error__?: { error?: string; message?: string };
  __interrupt__?: unknown[];
}

const isAi = (m: LcMessage | undefined): m is LcMessage =>
  !!m && (m.type === 'ai' || m.type === 'AIMessageChunk' || m.role === 'assistant');

/** Text of a message: a string, or the text blocks of a content list (Anthropic-style models). */
function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: unknown) => {
      if (typeof block === 'string') return block;
      const { type, text } = (block ?? {}) as { type?: unknown; text?: unknown };
      return type === 'text' && typeof text === 'string' ? text : '';
    })
    .join('');
}

function runError(ctx: AdapterContext, error: { error?: string; message?: string }): A2AError {
  const what = [error.error, error.message].filter(Boolean).join(': ') || 'unknown error';
  return new A2AError(A2AErrorCode.AgentError, `${who(ctx)} run failed: ${what.slice(0, 300)}`, {
    agentName: ctx.agent.name,
    provider: ctx.agent.provider,
  });
}

export class LangGraphAdapter extends StatelessAdapter {
  readonly provider = 'langgraph' as const;
  private readonly a2a = new LangGraphA2A();
  /** Per agent: the server's A2A card, or undefined when it has no A2A endpoint. Probed once. */
  private readonly probes = new Map<string, Promise<AgentCard | undefined>>();

  forget(agentName: string): void {
    this.probes.delete(agentName);
  }

  /** The thread keeps the conversation. */
  protected historyTurns(): number {
    return 0;
  }

  override async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    return (await this.usesA2A(ctx)) ? this.a2a.send(ctx, request) : super.send(ctx, request);
  }

  override async *stream(ctx: AdapterContext, request: SendMessageRequest): AsyncIterable<StreamEvent> {
    if (await this.usesA2A(ctx)) yield* this.a2a.stream(ctx, request);
    else yield* super.stream(ctx, request);
  }

  override async getTask(ctx: AdapterContext, taskId: string, historyLength?: number): Promise<Task> {
    return this.a2a.owns(ctx, taskId)
      ? this.a2a.getTask(ctx, taskId, historyLength)
      : super.getTask(ctx, taskId);
  }

  override async cancelTask(ctx: AdapterContext, taskId: string): Promise<Task> {
    return this.a2a.owns(ctx, taskId) ? this.a2a.cancelTask(ctx, taskId) : super.cancelTask(ctx, taskId);
  }

  override async card(ctx: AdapterContext): Promise<AgentCard> {
    const card = providerConfigOf(ctx.agent, 'langgraph').mode === 'runs' ? undefined : await this.probe(ctx);
    return card ?? super.card(ctx);
  }

  protected async complete(ctx: AdapterContext, input: ChatInput): Promise<Completion> {
    const run = this.run(ctx, input);
    const values = await postJson<RunValues>(ctx, `${run.thread}/runs/wait`, run.body);
    return this.answerOf(ctx, values, run.messageId);
  }

  protected override async *completeStream(
    ctx: AdapterContext,
    input: ChatInput,
  ): AsyncIterable<CompletionChunk> {
    const run = this.run(ctx, input);
    const response = await send(ctx, `${run.thread}/runs/stream`, {
      body: { ...run.body, stream_mode: ['messages-tuple', 'values'] },
      accept: 'text/event-stream',
    });
    let started = false;
    let streamed = false;
    let state: RunValues | undefined;
    for await (const event of sseOf(ctx, response)) {
      switch (event.event) {
        case 'metadata':
          started = true;
          break;
        case 'messages': {
          const data = eventJson<unknown>(ctx, event);
          if (!Array.isArray(data)) throw protocolError(ctx, 'a "messages" event is not [message, metadata]');
          const chunk = data[0] as LcMessage | undefined;
          const text = isAi(chunk) ? contentText(chunk.content) : '';
          if (text) {
            streamed = true;
            yield { text };
          }
          break;
        }
        case 'values':
          state = eventJson<RunValues>(ctx, event);
          break;
        case 'error':
          throw runError(ctx, eventJson(ctx, event));
      }
    }
    if (!started || !state) throw protocolError(ctx, 'the stream ended before the run finished');
    const answer = this.answerOf(ctx, state, run.messageId);
    // A graph that calls no streaming model still answers: its final AI message, in one chunk.
    yield { ...(streamed ? {} : { text: answer.text }), ...(answer.usage ? { usage: answer.usage } : {}) };
  }

  private async usesA2A(ctx: AdapterContext): Promise<boolean> {
    const { mode } = providerConfigOf(ctx.agent, 'langgraph');
    return mode === 'auto' ? (await this.probe(ctx)) !== undefined : mode === 'a2a';
  }

  /**
   * The A2A card LangGraph serves per assistant (`GET /.well-known/agent-card.json?assistant_id=…`); a 404
   * means a server without the A2A endpoint (older, or A2A disabled). Cached per agent; failures are not.
   */
  private probe(ctx: AdapterContext): Promise<AgentCard | undefined> {
    let probe = this.probes.get(ctx.agent.name);
    if (!probe) {
      probe = this.fetchCard(ctx);
      this.probes.set(ctx.agent.name, probe);
      probe.catch(() => this.probes.delete(ctx.agent.name));
    }
    return probe;
  }

  private async fetchCard(ctx: AdapterContext): Promise<AgentCard | undefined> {
    const { assistantId } = providerConfigOf(ctx.agent, 'langgraph');
    const url = new URL(`${ctx.agent.url.replace(/\/+$/, '')}/.well-known/agent-card.json`);
    url.searchParams.set('assistant_id', assistantId);
    const response = await ctx.fetch(url, { headers: { accept: 'application/json' }, signal: ctx.signal });
    if (response.status === 404) {
      await response.body?.cancel();
      return undefined;
    }
    if (!response.ok) throw await providerHttpError(ctx, response);
    const parsed = V03AgentCardSchema.safeParse(await jsonOf(ctx, response));
    if (!parsed.success) throw protocolError(ctx, 'its A2A agent card is not a v0.3 card', parsed.error);
    return fromV03AgentCard(parsed.data);
  }

  /**
   * One run on the caller's thread. `if_not_exists: "create"` makes the first message of a contextId
   * create its thread in the same request; `on_disconnect: "cancel"` stops the run when the gateway stops
   * waiting (timeout, caller gone, task canceled). The input message carries an id of ours so the answer
   * is read from the messages that follow it, not from earlier turns of the thread.
   */
  private run(ctx: AdapterContext, input: ChatInput) {
    const { assistantId } = providerConfigOf(ctx.agent, 'langgraph');
    const messageId = randomUUID();
    return {
      thread: `${ctx.agent.url.replace(/\/+$/, '')}/threads/${callerScopedUuid(ctx, input.contextId)}`,
      messageId,
      body: {
        assistant_id: assistantId,
        input: { messages: [{ id: messageId, role: 'user', content: input.text }] },
        if_not_exists: 'create',
        on_disconnect: 'cancel',
      },
    };
  }

  /** The run's answer: its last AI message; its usage: every AI message it produced. */
  private answerOf(ctx: AdapterContext, values: RunValues, messageId: string): Completion {
    if (values?.__error__) throw runError(ctx, values.__error__);
    if (values?.__interrupt__) {
      throw new A2AError(
        A2AErrorCode.AgentError,
        `${who(ctx)} stopped the run for human input (an interrupt), which the runs API answers only through LangGraph itself`,
        { agentName: ctx.agent.name, provider: ctx.agent.provider },
      );
    }
    const messages = values?.messages;
    if (!Array.isArray(messages)) throw protocolError(ctx, 'the run output has no "messages" list');
    const start = messages.findIndex((m) => m?.id === messageId);
    // A graph that rewrote the input message: its last message is the answer.
    const produced = (start >= 0 ? messages.slice(start + 1) : messages.slice(-1)).filter(isAi);
    const last = produced[produced.length - 1];
    if (!last) throw protocolError(ctx, 'the run produced no AI message');
    let usage: TokenUsage | undefined;
    for (const m of produced) {
      if (typeof m.usage_metadata?.input_tokens !== 'number') continue;
      usage = {
        inputTokens: (usage?.inputTokens ?? 0) + m.usage_metadata.input_tokens,
        outputTokens: (usage?.outputTokens ?? 0) + (m.usage_metadata.output_tokens ?? 0),
      };
    }
    const model = last.response_metadata?.model_name ?? last.response_metadata?.model;
    return { text: contentText(last.content), usage: usage && (model ? { ...usage, model } : usage) };
  }
}
