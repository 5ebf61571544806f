import type { AdapterContext, TokenUsage } from '../provider-adapter';
import { providerConfigOf } from '../common/provider-config-of';
import { eventJson, postJson, protocolError, send, sseOf } from '../common/provider-response';
import {
  StatelessAdapter,
  type ChatInput,
  type Completion,
  type CompletionChunk,
} from '../common/stateless-adapter';
import type { AnthropicConfig } from './anthropic.config';

// The Anthropic Messages API (https://docs.anthropic.com/en/api/messages, anthropic-version 2023-06-01):
// POST {base}/v1/messages; with `stream: true` SSE events message_start (input tokens) →
// content_block_delta (text_delta) … → message_delta (output tokens) → message_stop, `error` events on
// failure, `ping` anywhere.

interface MessagesResponse {
  type?: string;
  model?: string;
  content?: { type?: string; text?: string }[];
  usage?: { input_tokens?: number; output_tokens?: number };
}

type StreamEventBody =
  | { type: 'message_start'; message?: { model?: string; usage?: { input_tokens?: number } } }
  | { type: 'content_block_delta'; delta?: { type?: string; text?: string } }
  | { type: 'message_delta'; usage?: { output_tokens?: number } }
  | { type: 'message_stop' }
  | { type: 'error'; error?: { type?: string; message?: string } }
  | { type: 'ping' | 'content_block_start' | 'content_block_stop' };

export class AnthropicAdapter extends StatelessAdapter {
  readonly provider = 'anthropic' as const;

  protected historyTurns(ctx: AdapterContext): number {
    return this.config(ctx).historyTurns;
  }

  protected async complete(ctx: AdapterContext, input: ChatInput): Promise<Completion> {
    const body = await postJson<MessagesResponse>(
      ctx,
      this.url(ctx),
      this.body(ctx, input, false),
      this.headers(ctx),
    );
    if (body?.type !== 'message' || !Array.isArray(body.content))
      throw protocolError(ctx, 'not a "message" with content');
    const text = body.content
      .filter((block) => block.type === 'text')
      .map((block) => block.text ?? '')
      .join('');
    const usage: TokenUsage | undefined =
      typeof body.usage?.input_tokens === 'number'
        ? {
            inputTokens: body.usage.input_tokens,
            outputTokens: body.usage.output_tokens ?? 0,
            ...(body.model ? { model: body.model } : {}),
          }
        : undefined;
    return { text, usage };
  }

  protected override async *completeStream(
    ctx: AdapterContext,
    input: ChatInput,
  ): AsyncIterable<CompletionChunk> {
    const response = await send(ctx, this.url(ctx), {
      body: this.body(ctx, input, true),
      headers: this.headers(ctx),
      accept: 'text/event-stream',
    });
    let usage: TokenUsage | undefined;
    let stopped = false;
    for await (const event of sseOf(ctx, response)) {
      const data = eventJson<StreamEventBody>(ctx, event);
      switch (data.type) {
        case 'message_start':
          usage = {
            inputTokens: data.message?.usage?.input_tokens ?? 0,
            outputTokens: 0,
            ...(data.message?.model ? { model: data.message.model } : {}),
          };
          break;
        case 'content_block_delta':
          if (data.delta?.type === 'text_delta' && data.delta.text) yield { text: data.delta.text };
          break;
        case 'message_delta':
          if (usage && typeof data.usage?.output_tokens === 'number')
            usage = { ...usage, outputTokens: data.usage.output_tokens };
          break;
        case 'message_stop':
          stopped = true;
          break;
        case 'error':
          throw protocolError(
            ctx,
            `error event ${data.error?.type ?? ''}: ${data.error?.message ?? 'unknown'}`.trim(),
          );
        default:
          break; // ping, content_block_start/stop
      }
      if (stopped) break;
    }
    if (!stopped) throw protocolError(ctx, 'the stream ended without message_stop');
    if (usage) yield { usage };
  }

  private config(ctx: AdapterContext): AnthropicConfig {
    return providerConfigOf(ctx.agent, 'anthropic');
  }

  private url(ctx: AdapterContext): string {
    return `${ctx.agent.url.replace(/\/+$/, '')}/v1/messages`;
  }

  private headers(ctx: AdapterContext): Record<string, string> {
    return { 'anthropic-version': this.config(ctx).anthropicVersion };
  }

  private body(ctx: AdapterContext, input: ChatInput, stream: boolean) {
    const config = this.config(ctx);
    return {
      model: config.model,
      max_tokens: config.maxTokens,
      ...(config.systemPrompt ? { system: config.systemPrompt } : {}),
      ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      messages: [
        ...input.history.map((turn) => ({ role: turn.role, content: turn.text })),
        { role: 'user', content: input.text },
      ],
      ...(stream ? { stream: true } : {}),
    };
  }
}
