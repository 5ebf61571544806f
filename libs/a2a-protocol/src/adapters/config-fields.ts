import { z } from 'zod';

// Building blocks for the per-provider `providerConfig` schemas (browser-safe: the admin form renders its
// fields from these schemas).

/** A name-like identifier (model, assistant id, deployment): no whitespace, no control characters. */
export const identifier = (title: string, description: string, example?: string) =>
  z
    .string()
    .trim()
    .min(1)
    .max(256)
    .regex(/^[^\s\u0000-\u001f]+$/, 'must not contain spaces or control characters')
    .meta({ title, description, ...(example ? { example } : {}) });

/** How many earlier turns of a conversation the gateway replays to a stateless provider. */
export const historyTurns = z.number().int().min(0).max(200).default(20).meta({
  title: 'History turns',
  description: 'Earlier turns of the conversation (same contextId) sent with each message; 0 = none.',
});

export const systemPrompt = z
  .string()
  .max(20_000)
  .optional()
  .meta({ title: 'System prompt', description: 'Instructions sent before the conversation.' });

export const temperature = z
  .number()
  .min(0)
  .max(2)
  .optional()
  .meta({ title: 'Temperature', description: 'Sampling temperature, 0–2.' });

export const maxTokens = (fallback?: number) => {
  const base = z
    .number()
    .int()
    .min(1)
    .max(1_000_000)
    .meta({ title: 'Max tokens', description: 'Upper bound on the tokens of one answer.' });
  return fallback === undefined ? base.optional() : base.default(fallback);
};
