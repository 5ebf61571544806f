import type { AdapterContext, TokenUsage } from '../provider-adapter';
import { eventJson, postJson, protocolError, send, sseOf } from '../common/provider-response';
import {
  StatelessAdapter,
  type ChatInput,
  type Completion,
  type CompletionChunk,
} from '../common/stateless-adapter';
import { providerConfigOf } from '../common/provider-config-of';
import type { OpenAIConfig } from './openai.config';

// OpenAI Chat Completions (https://platform.openai.com/docs/api-reference/chat), as every
// "OpenAI-compatible" server implements it: POST {base}/chat/completions, SSE `data:` chunks ending with
// `data: [DONE]` when streaming, usage in the last chunk with `stream_options.include_usage`.

interface ChatCompletion {
  model?: string;
  choices?: { message?: { content?: string | null; refusal?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number };
}

interface ChatCompletionChunk {
  model?: string;
  choices?: { delta?: { content?: string | null } }[];
  usage?: { prompt_tokens?: number; completion_tokens?: number } | null;
}

function usageOf(
  usage: { prompt_tokens?: number; completion_tokens?: number } | null | undefined,
  model?: string,
): TokenUsage | undefined {
  if (!usage || typeof usage.prompt_tokens !== 'number') return undefined;
  return {
    inputTokens: usage.prompt_tokens,
    outputTokens: usage.completion_tokens ?? 0,
    ...(model ? { model } : {}),
  };
}

export class OpenAIAdapter extends StatelessAdapter {
  readonly provider = 'openai' as const;

  protected historyTurns(ctx: AdapterContext): number {
    return this.config(ctx).historyTurns;
  }

  protected async complete(ctx: AdapterContext, input: ChatInput): Promise<Completion> {
    const body = await postJson<ChatCompletion>(ctx, this.url(ctx), this.body(ctx, input, false));
    const message = body?.choices?.[0]?.message;
    const text = message?.content ?? message?.refusal;
    if (typeof text !== 'string') throw protocolError(ctx, 'no choices[0].message.content');
    return { text, usage: usageOf(body.usage, body.model) };
  }

  protected override async *completeStream(
    ctx: AdapterContext,
    input: ChatInput,
  ): AsyncIterable<CompletionChunk> {
    const response = await send(ctx, this.url(ctx), {
      body: this.body(ctx, input, true),
      accept: 'text/event-stream',
    });
    let finished = false;
    for await (const event of sseOf(ctx, response)) {
      if (event.data === '[DONE]') {
        finished = true;
        break;
      }
      const chunk = eventJson<ChatCompletionChunk & { error?: { message?: string } }>(ctx, event);
      if (chunk.error) throw protocolError(ctx, `error event: ${chunk.error.message ?? 'unknown'}`);
      const text = chunk.choices?.[0]?.delta?.content;
      const usage = usageOf(chunk.usage, chunk.model);
      if (text || usage) yield { ...(text ? { text } : {}), ...(usage ? { usage } : {}) };
    }
    if (!finished) throw protocolError(ctx, 'the stream ended without [DONE]');
  }

  private config(ctx: AdapterContext): OpenAIConfig {
    return providerConfigOf(ctx.agent, 'openai');
  }

  private url(ctx: AdapterContext): string {
    return `${ctx.agent.url.replace(/\/+$/, '')}/chat/completions`;
  }

  private body(ctx: AdapterContext, input: ChatInput, stream: boolean) {
    const config = this.config(ctx);
    const messages = [
      ...(config.systemPrompt ? [{ role: 'system', content: config.systemPrompt }] : []),
      ...input.history.map((turn) => ({ role: turn.role, content: turn.text })),
      { role: 'user', content: input.text },
    ];
    return {
      model: config.model,
      messages,
      ...(config.temperature !== undefined ? { temperature: config.temperature } : {}),
      ...(config.maxTokens !== undefined ? { max_completion_tokens: config.maxTokens } : {}),
      ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
    };
  }
}
