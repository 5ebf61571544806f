import type { AdapterContext, TokenUsage } from '../provider-adapter';
import { eventJson, postJson, protocolError, send, sseOf } from '../common/provider-response';
import {
  StatelessAdapter,
  type ChatInput,
  type Completion,
  type CompletionChunk,
} from '../common/stateless-adapter';
import { bindHandle, boundHandle, foundryConfig, foundryFailure, projectUrl } from './foundry-project';

// Foundry Agent Service, Responses API (https://learn.microsoft.com/azure/foundry/agents/concepts/
// runtime-components, REST `POST {project}/openai/v1/responses`): the agent is named by
// `agent_reference: { type: 'agent_reference', name, version? }`; the answer is a `response` object whose
// `output` message items hold `output_text` parts, with `usage.input_tokens/output_tokens`; with
// `stream: true` it is typed SSE events (response.output_text.delta … response.completed, or
// response.failed / error). Multi-turn: one Foundry conversation (`POST {project}/openai/v1/conversations`)
// per agent, caller and A2A contextId, sent as `conversation`; Foundry keeps the history.

interface ResponseObject {
  status?: string;
  model?: string;
  output?: { type?: string; content?: { type?: string; text?: unknown; refusal?: unknown }[] }[];
  usage?: { input_tokens?: number; output_tokens?: number } | null;
  error?: { code?: string; message?: string } | null;
  incomplete_details?: { reason?: string } | null;
}

interface ResponseStreamEvent {
  type?: string;
  delta?: unknown;
  response?: ResponseObject;
  code?: string;
  message?: string;
}

function usageOf(response: ResponseObject | undefined): TokenUsage | undefined {
  const usage = response?.usage;
  if (!usage || typeof usage.input_tokens !== 'number') return undefined;
  return {
    inputTokens: usage.input_tokens,
    outputTokens: usage.output_tokens ?? 0,
    ...(typeof response.model === 'string' && response.model ? { model: response.model } : {}),
  };
}

/** The text of a response's message items (refusals included); undefined when it has none. */
function outputText(response: ResponseObject): string | undefined {
  const parts = (response.output ?? [])
    .filter((item) => item?.type === 'message')
    .flatMap((item) => item.content ?? [])
    .map((part) =>
      part?.type === 'output_text' ? part.text : part?.type === 'refusal' ? part.refusal : undefined,
    )
    .filter((text): text is string => typeof text === 'string');
  return parts.length ? parts.join('') : undefined;
}

export class FoundryResponsesAdapter extends StatelessAdapter {
  readonly provider = 'azure-ai-foundry' as const;

  /** Foundry keeps the conversation: nothing to replay. */
  protected historyTurns(): number {
    return 0;
  }

  protected async complete(ctx: AdapterContext, input: ChatInput): Promise<Completion> {
    const body = await postJson<ResponseObject>(
      ctx,
      projectUrl(ctx, 'openai/v1/responses'),
      await this.body(ctx, input, false),
    );
    if (!body || typeof body !== 'object' || !Array.isArray(body.output))
      throw protocolError(ctx, 'the response has no output');
    if (body.status === 'failed') throw foundryFailure(ctx, 'failed to answer', body.error);
    const text = outputText(body);
    if (text === undefined) {
      if (body.status === 'incomplete')
        throw foundryFailure(ctx, 'stopped before answering', { message: body.incomplete_details?.reason });
      throw protocolError(ctx, 'no output_text in the response output');
    }
    return { text, usage: usageOf(body) };
  }

  protected override async *completeStream(
    ctx: AdapterContext,
    input: ChatInput,
  ): AsyncIterable<CompletionChunk> {
    const response = await send(ctx, projectUrl(ctx, 'openai/v1/responses'), {
      body: await this.body(ctx, input, true),
      accept: 'text/event-stream',
    });
    for await (const event of sseOf(ctx, response)) {
      const data = eventJson<ResponseStreamEvent>(ctx, event);
      switch (data?.type ?? event.event) {
        case 'response.output_text.delta':
        case 'response.refusal.delta':
          if (typeof data.delta === 'string' && data.delta) yield { text: data.delta };
          break;
        case 'response.completed':
        case 'response.incomplete': {
          const usage = usageOf(data.response);
          if (usage) yield { usage };
          return;
        }
        case 'response.failed':
          throw foundryFailure(ctx, 'failed to answer', data.response?.error);
        case 'error':
          throw foundryFailure(ctx, 'reported an error', data);
      }
    }
    throw protocolError(ctx, 'the stream ended before response.completed');
  }

  private async body(ctx: AdapterContext, input: ChatInput, stream: boolean) {
    const config = foundryConfig(ctx);
    return {
      agent_reference: {
        type: 'agent_reference',
        name: config.agentName,
        ...(config.agentVersion ? { version: config.agentVersion } : {}),
      },
      input: input.text,
      conversation: await this.foundryConversation(ctx, input),
      ...(stream ? { stream: true } : {}),
    };
  }

  /** The Foundry conversation of this contextId: the one bound to it, or a new one (bound for next time). */
  private async foundryConversation(ctx: AdapterContext, input: ChatInput): Promise<string> {
    if (input.request.message.contextId) {
      const bound = await boundHandle(ctx, 'conversation', input.contextId);
      if (bound) return bound;
    }
    const created = await postJson<{ id?: unknown }>(ctx, projectUrl(ctx, 'openai/v1/conversations'), {});
    if (typeof created?.id !== 'string' || !created.id)
      throw protocolError(ctx, 'the new conversation has no id');
    await bindHandle(ctx, 'conversation', input.contextId, created.id);
    return created.id;
  }
}
