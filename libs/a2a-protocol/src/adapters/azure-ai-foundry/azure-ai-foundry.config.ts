import { z } from 'zod';
import { identifier } from '../config-fields';

/**
 * An Azure AI Foundry Agent Service agent. The endpoint URL is the project endpoint, e.g.
 * `https://<resource>.services.ai.azure.com/api/projects/<project>`. Auth: `azure-entra` (client
 * credentials, scope `https://ai.azure.com/.default`) or `api-key` with header `api-key`.
 */
export const AzureAIFoundryConfigSchema = z
  .strictObject({
    api: z
      .enum(['responses', 'threads'])
      .default('responses')
      .meta({
        title: 'API',
        description:
          'responses: the Responses API with an agent reference (Foundry agents); threads: the classic ' +
          'threads/runs API (classic agents, asst_… ids).',
      }),
    agentName: identifier(
      'Agent',
      'Agent name (responses API) or agent id asst_… (threads API).',
      'my-agent',
    ),
    agentVersion: z
      .string()
      .trim()
      .min(1)
      .max(64)
      .regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"')
      .optional()
      .meta({ title: 'Agent version', description: 'Responses API only; default: the latest version.' }),
    apiVersion: z
      .string()
      .trim()
      .min(1)
      .max(32)
      .regex(/^[\w.-]+$/, 'letters, digits, ".", "_" or "-"')
      .optional()
      .meta({
        title: 'api-version',
        description: 'Threads API only: the api-version query parameter (default: v1).',
      }),
  })
  .superRefine((config, ctx) => {
    if (config.api === 'threads') {
      if (!config.agentName.startsWith('asst_')) {
        ctx.addIssue({
          code: 'custom',
          path: ['agentName'],
          message: 'the threads API runs an agent by its id (asst_…), not its name',
        });
      }
      if (config.agentVersion !== undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['agentVersion'],
          message: 'only the responses API has versions',
        });
      }
    } else if (config.apiVersion !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['apiVersion'],
        message: 'the responses API is versioned by its path (/openai/v1)',
      });
    }
  });
export type AzureAIFoundryConfig = z.infer<typeof AzureAIFoundryConfigSchema>;
