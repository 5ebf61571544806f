import { z } from 'zod';

/** The request formats of a custom agent. */
export const CUSTOM_FORMATS = ['contextforge', 'template'] as const;

/**
 * The name `contextforge` had before: configs stored or written with it (catalog files, library users) still
 * mean ContextForge's format, and are read as `contextforge`.
 */
const FORMAT_ALIASES: Record<string, (typeof CUSTOM_FORMATS)[number]> = { seed000: 'contextforge' };

/**
 * Any JSON-over-HTTP agent. `contextforge`: ContextForge's custom JSON shape
 * `{interaction_type, parameters, protocol_version}`; `template`: the request body is `requestTemplate`
 * with `{{text}}`, `{{contextId}}` and `{{messageId}}` filled in, and the answer is read at `responsePath`.
 */
export const CustomConfigSchema = z
  .strictObject({
    format: z
      .preprocess(
        (value) => (typeof value === 'string' ? (FORMAT_ALIASES[value] ?? value) : value),
        z.enum(CUSTOM_FORMATS).default('contextforge'),
      )
      .meta({
        title: 'Request format',
        description:
          'contextforge: ContextForge’s custom JSON shape ({interaction_type, parameters, protocol_version}); ' +
          'template: the body is requestTemplate, the answer read at responsePath. The old name seed000 is ' +
          'read as contextforge.',
      }),
    interactionType: z
      .string()
      .max(64)
      .default('query')
      .meta({ title: 'Interaction type', description: 'contextforge format: its interaction_type.' }),
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
