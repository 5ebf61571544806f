import { z } from 'zod';
import { identifier } from '../config-fields';

/**
 * A LangGraph Agent Server deployment; the endpoint URL is the server's base URL. Auth: `api-key` with
 * header `X-Api-Key`.
 */
export const LangGraphConfigSchema = z.strictObject({
  assistantId: identifier('Assistant', 'The assistant (graph) to run: its id or graph name.', 'agent'),
  mode: z.enum(['auto', 'a2a', 'runs']).default('auto').meta({
    title: 'Endpoint',
    description:
      'a2a: the server’s A2A endpoint POST /a2a/{assistantId} (langgraph-api ≥ 0.4.21); runs: the threads/runs API (token usage reported); auto: A2A when the server serves its A2A card, checked once per agent.',
  }),
});
export type LangGraphConfig = z.infer<typeof LangGraphConfigSchema>;
