import { LRUCache } from 'lru-cache';
import { A2AError, A2AErrorCode } from '../../errors/a2a-error';
import { postJson, protocolError, send, who } from '../common/provider-response';
import { providerConfigOf } from '../common/provider-config-of';
import {
  StatelessAdapter,
  type ChatInput,
  type Completion,
  type CompletionChunk,
} from '../common/stateless-adapter';
import type { AdapterContext, TokenUsage } from '../provider-adapter';
import type { VertexAIConfig } from './vertex-ai.config';
import { engineUrl, geminiUsage } from './vertex-ai-engine';

// Agent Engine templates other than A2A, through the v1 execution API
// (https://cloud.google.com/vertex-ai/generative-ai/docs/reference/rest/v1/projects.locations.reasoningEngines):
// `POST {engine}:query` with `{class_method, input}` answers `{output}`; `POST {engine}:streamQuery`
// answers the method's chunks as JSON documents, one per line (`data: `-framed with `?alt=sse`).
//
// ADK (AdkApp) keeps conversations itself, in sessions of a user: the gateway's caller is the ADK
// user_id (`switchboard-<caller id>`), and each A2A contextId gets its own ADK session, created with
// `create_session` (its state remembers the contextId) and found again with `list_sessions` after a
// restart. LangChain and custom templates keep nothing: custom ones get the earlier turns as
// `input.history`.

/** Where an ADK session created by the gateway remembers its A2A contextId. */
const CONTEXT_KEY = 'switchboard_context_id';

interface AdkPart {
  text?: unknown;
  thought?: unknown;
}

interface AdkEvent {
  content?: { parts?: AdkPart[] } | null;
  partial?: unknown;
  usage_metadata?: Record<string, unknown>;
  usageMetadata?: Record<string, unknown>;
  model_version?: unknown;
  modelVersion?: unknown;
  error_code?: unknown;
  errorCode?: unknown;
  error_message?: unknown;
  errorMessage?: unknown;
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The answer text of a LangChain or custom template's output (or stream chunk), if it has one. */
function outputText(output: unknown): string | undefined {
  if (typeof output === 'string') return output;
  if (!isObject(output)) return undefined;
  for (const field of ['output', 'text', 'content']) {
    if (typeof output[field] === 'string') return output[field];
  }
  return undefined;
}

/**
 * One ADK turn read event by event: the model's text (thoughts and tool calls left out) and the usage
 * of every model call in it. With streaming enabled ADK sends `partial` chunks and then the same text
 * again as one final event: that repeat is not text to add.
 */
class AdkTurn {
  private partialText = false;
  private wrote = false;
  private input = 0;
  private output = 0;
  private model?: string;
  private counted = false;

  constructor(private readonly ctx: AdapterContext) {}

  read(event: AdkEvent): string {
    const errorCode = event.error_code ?? event.errorCode;
    const errorMessage = event.error_message ?? event.errorMessage;
    if (errorCode || errorMessage) {
      throw new A2AError(
        A2AErrorCode.AgentError,
        `${who(this.ctx)} reported an error: ${[errorCode, errorMessage].filter(Boolean).join(': ')}`,
        { agentName: this.ctx.agent.name, provider: this.ctx.agent.provider },
      );
    }
    const parts = Array.isArray(event.content?.parts) ? event.content.parts : [];
    let text = parts
      .filter((part) => typeof part?.text === 'string' && part.thought !== true)
      .map((part) => part.text as string)
      .join('');
    const partial = event.partial === true;
    const repeat = !partial && this.partialText;
    // A new model response after earlier text starts a new paragraph; partial chunks continue one.
    if (text && this.wrote && !this.partialText) text = `\n\n${text}`;
    this.partialText = partial;
    if (!partial) this.count(event);
    if (repeat || !text) return '';
    this.wrote = true;
    return text;
  }

  get usage(): TokenUsage | undefined {
    if (!this.counted) return undefined;
    return {
      inputTokens: this.input,
      outputTokens: this.output,
      ...(this.model ? { model: this.model } : {}),
    };
  }

  /** Each final event with usage is one model call: the turn costs their sum. */
  private count(event: AdkEvent) {
    const usage = geminiUsage(
      event.usage_metadata ?? event.usageMetadata,
      event.model_version ?? event.modelVersion,
    );
    if (!usage) return;
    this.counted = true;
    this.input += usage.inputTokens;
    this.output += usage.outputTokens;
    this.model = usage.model ?? this.model;
  }
}

/** One JSON document of a stream line: bare (newline-delimited JSON) or `data: `-framed (SSE). */
function lineJson(ctx: AdapterContext, raw: string): unknown {
  let line = raw.trim();
  if (!line || line.startsWith(':') || /^(event|id|retry):/.test(line)) return undefined;
  if (line.startsWith('data:')) line = line.slice(5).trim();
  if (!line || line === '[DONE]') return undefined;
  try {
    return JSON.parse(line) as unknown;
  } catch (error) {
    throw protocolError(ctx, `a :streamQuery chunk is not JSON (${line.length} bytes)`, error);
  }
}

/**
 * The documents of a :streamQuery answer. Google frames them as SSE or as bare JSON lines depending on
 * the route and `alt`, so lines are read rather than SSE events.
 */
async function* streamDocuments(ctx: AdapterContext, response: Response): AsyncGenerator<unknown> {
  if (!response.body) throw protocolError(ctx, ':streamQuery answered without a body');
  const decoder = new TextDecoder();
  const reader = response.body.getReader();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      buffer += done ? decoder.decode() : decoder.decode(value, { stream: true });
      for (let end = buffer.indexOf('\n'); end >= 0; end = buffer.indexOf('\n')) {
        const doc = lineJson(ctx, buffer.slice(0, end));
        buffer = buffer.slice(end + 1);
        if (doc !== undefined) yield doc;
      }
      if (done) break;
    }
    const last = lineJson(ctx, buffer);
    if (last !== undefined) yield last;
  } finally {
    reader.releaseLock();
    await response.body.cancel().catch(() => undefined);
  }
}

/** A Google error sent inside a stream (`{error: {code, message, status}}`) after the 200. */
function streamedError(ctx: AdapterContext, doc: Record<string, unknown>): A2AError | undefined {
  if (!isObject(doc.error) || 'content' in doc) return undefined;
  const { code, message, status } = doc.error;
  return new A2AError(
    A2AErrorCode.UpstreamError,
    `${who(ctx)} failed mid-stream: ${[status, message].filter((v) => typeof v === 'string').join(': ')}`,
    {
      agentName: ctx.agent.name,
      provider: ctx.agent.provider,
      ...(typeof code === 'number' ? { status: code } : {}),
    },
  );
}

export class VertexQueryBinding extends StatelessAdapter {
  readonly provider = 'vertex-ai' as const;
  /** ADK session ids per (agent, caller, contextId); a miss after a restart is found again upstream. */
  private readonly sessions = new LRUCache<string, Promise<string>>({ max: 10_000 });

  forget(agentName: string): void {
    for (const key of [...this.sessions.keys()])
      if (key.startsWith(`${agentName}\u0000`)) this.sessions.delete(key);
  }

  protected historyTurns(ctx: AdapterContext): number {
    const config = this.config(ctx);
    return config.template === 'custom' ? config.historyTurns : 0;
  }

  protected async complete(ctx: AdapterContext, input: ChatInput): Promise<Completion> {
    const config = this.config(ctx);
    if (config.template === 'adk') {
      // AdkApp answers messages only through :streamQuery: the answer is the whole stream.
      let text = '';
      let usage: TokenUsage | undefined;
      for await (const chunk of this.completeStream(ctx, input)) {
        text += chunk.text ?? '';
        usage = chunk.usage ?? usage;
      }
      return { text, usage };
    }
    const output = await this.query(ctx, config.classMethod, await this.inputOf(ctx, config, input));
    const text = outputText(output);
    if (text === undefined)
      throw protocolError(ctx, `the output of ${config.classMethod} is neither a string nor {output}`);
    return { text };
  }

  protected override async *completeStream(
    ctx: AdapterContext,
    input: ChatInput,
  ): AsyncIterable<CompletionChunk> {
    const config = this.config(ctx);
    const response = await send(ctx, `${engineUrl(ctx, 'v1')}:streamQuery?alt=sse`, {
      body: { class_method: config.streamClassMethod, input: await this.inputOf(ctx, config, input) },
      accept: 'text/event-stream',
    });
    const adk = config.template === 'adk' ? new AdkTurn(ctx) : undefined;
    let documents = 0;
    let wrote = false;
    for await (const doc of streamDocuments(ctx, response)) {
      documents++;
      if (isObject(doc)) {
        const error = streamedError(ctx, doc);
        if (error) throw error;
      }
      let text: string | undefined;
      if (adk) {
        if (!isObject(doc)) throw protocolError(ctx, 'an ADK event is not a JSON object');
        text = adk.read(doc as AdkEvent);
      } else {
        text = outputText(doc);
      }
      if (!text) continue;
      wrote = true;
      yield { text };
    }
    if (!wrote) throw protocolError(ctx, `the stream ended without any answer text (${documents} chunks)`);
    if (adk?.usage) yield { usage: adk.usage };
  }

  private config(ctx: AdapterContext): VertexAIConfig {
    return providerConfigOf(ctx.agent, 'vertex-ai');
  }

  private async query(ctx: AdapterContext, classMethod: string, input: unknown): Promise<unknown> {
    const body = await postJson<unknown>(ctx, `${engineUrl(ctx, 'v1')}:query`, {
      class_method: classMethod,
      input,
    });
    if (!isObject(body) || !('output' in body))
      throw protocolError(ctx, `the :query answer to ${classMethod} has no output`);
    return body.output;
  }

  private async inputOf(
    ctx: AdapterContext,
    config: VertexAIConfig,
    input: ChatInput,
  ): Promise<Record<string, unknown>> {
    switch (config.template) {
      case 'adk':
        return {
          message: input.text,
          user_id: this.userId(ctx),
          session_id: await this.session(ctx, input),
        };
      case 'langchain':
        return { input: input.text };
      case 'custom':
        return {
          input: input.text,
          ...(input.history.length
            ? { history: input.history.map((turn) => ({ role: turn.role, content: turn.text })) }
            : {}),
        };
    }
  }

  private userId(ctx: AdapterContext): string {
    return `switchboard-${ctx.callerId ?? 'anonymous'}`;
  }

  private session(ctx: AdapterContext, input: ChatInput): Promise<string> {
    const key = [ctx.agent.name, ctx.callerId ?? '', input.contextId].join('\u0000');
    let session = this.sessions.get(key);
    if (!session) {
      session = this.openSession(ctx, input);
      this.sessions.set(key, session);
      session.catch(() => this.sessions.delete(key));
    }
    return session;
  }

  private async openSession(ctx: AdapterContext, input: ChatInput): Promise<string> {
    const user_id = this.userId(ctx);
    if (input.request.message.contextId) {
      // A conversation the caller continues may have its session from before a gateway restart.
      const listed = await this.query(ctx, 'list_sessions', { user_id });
      const sessions = isObject(listed) && Array.isArray(listed.sessions) ? listed.sessions : [];
      const found = sessions.find(
        (session: unknown) =>
          isObject(session) && isObject(session.state) && session.state[CONTEXT_KEY] === input.contextId,
      ) as { id?: unknown } | undefined;
      if (typeof found?.id === 'string') return found.id;
    }
    const created = await this.query(ctx, 'create_session', {
      user_id,
      state: { [CONTEXT_KEY]: input.contextId },
    });
    if (!isObject(created) || typeof created.id !== 'string')
      throw protocolError(ctx, 'create_session answered no session id');
    return created.id;
  }
}
