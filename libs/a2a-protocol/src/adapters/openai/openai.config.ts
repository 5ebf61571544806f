import { z } from 'zod';
import { historyTurns, identifier, maxTokens, systemPrompt, temperature } from '../config-fields';

/**
 * An OpenAI-compatible chat completions API (`POST {endpointUrl}/chat/completions`); the endpoint URL is
 * the API base, e.g. `https://api.openai.com/v1`. Auth: `bearer` with the API key.
 */
export const OpenAIConfigSchema = z.strictObject({
  model: identifier('Model', 'The model to call.', 'gpt-4o-mini'),
  systemPrompt,
  temperature,
  maxTokens: maxTokens(),
  historyTurns,
});
export type OpenAIConfig = z.infer<typeof OpenAIConfigSchema>;
