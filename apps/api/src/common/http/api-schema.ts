import { z } from 'zod';

/**
 * An OpenAPI schema object for a zod schema that cannot be a DTO class (a union, like A2A's
 * `{ task } | { message }`): same source of truth, rendered by zod itself.
 */
export function apiSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _, ...json } = z.toJSONSchema(schema, {
    io: 'output',
    target: 'openapi-3.0',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
  return json;
}
