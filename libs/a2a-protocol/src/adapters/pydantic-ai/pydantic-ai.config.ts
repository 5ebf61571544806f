import { z } from 'zod';

/**
 * A Pydantic AI agent served by FastA2A (`agent.to_a2a()`); the endpoint URL is its base URL. FastA2A has no
 * auth of its own: use the auth type of whatever fronts it (e.g. `bearer`).
 */
export const PydanticAIConfigSchema = z.strictObject({
  pollIntervalMs: z.number().int().min(50).max(60_000).default(500).meta({
    title: 'Poll interval (ms)',
    description:
      'How often tasks/get is polled until the task settles (FastA2A does not stream); the agent timeout bounds the wait.',
  }),
});
export type PydanticAIConfig = z.infer<typeof PydanticAIConfigSchema>;
