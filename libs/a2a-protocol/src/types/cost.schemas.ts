import { z } from 'zod';

const price = z.number().min(0).max(1_000_000);

/** Prices of provider-reported tokens, per million, in the unit of costPerRequest. */
export const TokenPricingSchema = z.strictObject({ inputPerMillion: price, outputPerMillion: price }).meta({
  description: 'Per million provider-reported tokens, in the unit of costPerRequest.',
  example: { inputPerMillion: 0.15, outputPerMillion: 0.6 },
});
export type TokenPricing = z.infer<typeof TokenPricingSchema>;

/** Spending caps; a call beyond one is refused with 402 until the period (UTC) ends. */
export const AgentBudgetSchema = z
  .strictObject({ perDay: price.nullable().optional(), perMonth: price.nullable().optional() })
  .refine((b) => b.perDay != null || b.perMonth != null, 'set perDay, perMonth or both (or budget: null)')
  .meta({
    description: 'Spending caps per UTC day / calendar month; beyond one, calls answer 402 until it ends.',
    example: { perDay: 5 },
  });
export type AgentBudget = z.infer<typeof AgentBudgetSchema>;
