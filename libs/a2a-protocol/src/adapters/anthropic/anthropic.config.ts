import { z } from 'zod';
import { historyTurns, identifier, maxTokens, systemPrompt, temperature } from '../config-fields';

/**
 * The Anthropic Messages API (`POST {endpointUrl}/v1/messages`); the endpoint URL is the API base,
 * e.g. `https://api.anthropic.com`. Auth: `api-key` with header `x-api-key`.
 */
export const AnthropicConfigSchema = z.strictObject({
  model: identifier('Model', 'The Claude model to call.', 'claude-sonnet-4-5'),
  maxTokens: maxTokens(1024),
  systemPrompt,
  temperature: temperature.pipe(z.number().max(1)).optional(),
  anthropicVersion: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date like 2023-06-01')
    .default('2023-06-01')
    .meta({ title: 'API version', description: 'Sent as the anthropic-version header.' }),
  historyTurns,
});
export type AnthropicConfig = z.infer<typeof AnthropicConfigSchema>;
