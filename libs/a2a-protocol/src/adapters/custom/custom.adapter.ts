import type { Message, SendMessageRequest, SendMessageResponse } from '../../types/a2a.schemas';
import type { AdapterContext } from '../provider-adapter';
import { agentMessage, contextIdOf } from '../common/a2a-shapes';
import { textOfParts, textPartsOnly } from '../../types/parts-text';
import { providerConfigOf } from '../common/provider-config-of';
import { postJson, protocolError } from '../common/provider-response';
import { StatelessAdapter, type ChatInput, type Completion } from '../common/stateless-adapter';
import type { CustomConfig } from './custom.config';

// Any JSON-over-HTTP agent. Two request formats:
//  - `contextforge`: ContextForge's custom JSON shape, POST {interaction_type, parameters, protocol_version};
//  - `template`: the configured JSON body with {{text}}, {{contextId}}, {{messageId}} filled in.
// The answer is read at `responsePath` when set; else the first text field a JSON agent usually uses
// (response, output, result, answer, text, message, content); a JSON answer without text comes back
// whole as an A2A data part — never as an empty success.

const TEXT_FIELDS = ['response', 'output', 'result', 'answer', 'text', 'message', 'content'] as const;

/** `a.b[0].c` → the value there, or undefined. */
export function valueAtPath(value: unknown, path: string): unknown {
  let current = value;
  for (const [, key, index] of path.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) {
    if (current === null || typeof current !== 'object') return undefined;
    current = (current as Record<string, unknown>)[key ?? Number(index)];
  }
  return current;
}

/** Fill `{{name}}` placeholders in every string of a JSON template; a string that is only a placeholder becomes the value. */
export function fillTemplate(template: unknown, values: Record<string, string>): unknown {
  if (typeof template === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(template);
    if (whole && whole[1] in values) return values[whole[1]];
    return template.replace(/\{\{(\w+)\}\}/g, (match, name: string) => values[name] ?? match);
  }
  if (Array.isArray(template)) return template.map((item) => fillTemplate(item, values));
  if (template && typeof template === 'object') {
    return Object.fromEntries(Object.entries(template).map(([k, v]) => [k, fillTemplate(v, values)]));
  }
  return template;
}

/** ContextForge's `parameters`: the message's one JSON object part as is, else `{ query: text }`. */
function parametersOf(message: Message, text: string): Record<string, unknown> {
  const data = message.parts.length === 1 && 'data' in message.parts[0] ? message.parts[0].data : undefined;
  return data && typeof data === 'object' && !Array.isArray(data)
    ? (data as Record<string, unknown>)
    : { query: text };
}

export class CustomAdapter extends StatelessAdapter {
  readonly provider = 'custom' as const;
  protected override readonly streams = false;

  protected historyTurns(): number {
    return 0;
  }

  /** Custom agents keep no history here, so `send` answers directly: text as text, structure as data. */
  override async send(ctx: AdapterContext, request: SendMessageRequest): Promise<SendMessageResponse> {
    const answer = await this.call(ctx, request);
    const message = agentMessage(answer.text ?? '', contextIdOf(request));
    if (answer.text === undefined) message.parts = [{ data: answer.json, mediaType: 'application/json' }];
    return { message };
  }

  protected async complete(ctx: AdapterContext, input: ChatInput): Promise<Completion> {
    const answer = await this.call(ctx, input.request);
    return { text: answer.text ?? JSON.stringify(answer.json) };
  }

  private config(ctx: AdapterContext): CustomConfig {
    return providerConfigOf(ctx.agent, 'custom');
  }

  private async call(
    ctx: AdapterContext,
    request: SendMessageRequest,
  ): Promise<{ text?: string; json: unknown }> {
    const config = this.config(ctx);
    const text = textOfParts(request.message.parts, { separator: '\n', describe: textPartsOnly });
    const body =
      config.format === 'template'
        ? fillTemplate(config.requestTemplate, {
            text,
            contextId: request.message.contextId ?? '',
            messageId: request.message.messageId,
          })
        : {
            interaction_type:
              (request.metadata?.interactionType as string | undefined) ?? config.interactionType,
            parameters: parametersOf(request.message, text),
            protocol_version: ctx.agent.protocolVersion ?? '1.0',
          };
    const json = await postJson<unknown>(ctx, ctx.agent.url, body);
    if (config.responsePath) {
      const value = valueAtPath(json, config.responsePath);
      if (value === undefined || value === null)
        throw protocolError(ctx, `nothing at responsePath "${config.responsePath}"`);
      return { text: typeof value === 'string' ? value : JSON.stringify(value), json };
    }
    if (typeof json === 'string') return { text: json, json };
    if (json && typeof json === 'object') {
      const field = TEXT_FIELDS.find((f) => typeof (json as Record<string, unknown>)[f] === 'string');
      return { text: field ? ((json as Record<string, unknown>)[field] as string) : undefined, json };
    }
    throw protocolError(ctx, `a bare ${json === null ? 'null' : typeof json}`);
  }
}
