import { z } from 'zod';

/**
 * Any JSON-over-HTTP agent. `seed000`: Context Forge's custom format
 * `{interaction_type, parameters, protocol_version}`; `template`: the request body is `requestTemplate`
 * with `{{text}}`, `{{contextId}}` and `{{messageId}}` filled in, and the answer is read at `responsePath`.
 */
export const CustomConfigSchema = z
  .strictObject({
    format: z.enum(['seed000', 'template']).default('seed000').meta({ title: 'Request format' }),
    interactionType: z
      .string()
      .max(64)
      .default('query')
      .meta({ title: 'Interaction type', description: 'seed000 format.' }),
    requestTemplate: z.record(z.string(), z.unknown()).optional().meta({
      title: 'Request template',
      description: 'template format: JSON body with {{text}} placeholders.',
    }),
    responsePath: z
      .string()
      .max(256)
      .regex(
        /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+|\[\d+\])*$/,
        'a dot path like choices[0].text or result.answer',
      )
      .optional()
      .meta({ title: 'Response path', description: 'Where the answer text is in the response JSON.' }),
  })
  .superRefine((config, ctx) => {
    if (config.format !== 'template') return;
    for (const field of ['requestTemplate', 'responsePath'] as const) {
      if (config[field] === undefined)
        ctx.addIssue({
          code: 'custom',
          path: [field],
          message: `${field} is required when format is "template"`,
        });
    }
  });
export type CustomConfig = z.infer<typeof CustomConfigSchema>;
