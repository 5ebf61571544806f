import { z } from 'zod';
import { identifier } from '../config-fields';

/**
 * An Azure AI Foundry Agent Service agent. The endpoint URL is the project endpoint, e.g.
 * `https://<resource>.services.ai.azure.com/api/projects/<project>`. Auth: `azure-entra` (client
 * credentials) or `api-key` with header `api-key`.
 */
export const AzureAIFoundryConfigSchema = z.strictObject({
  api: z.enum(['responses', 'threads']).default('responses').meta({
    title: 'API',
    description:
      'responses: the Responses API with an agent reference; threads: the classic threads/runs API.',
  }),
  agentName: identifier('Agent', 'Agent name (responses API) or agent id asst_… (threads API).', 'my-agent'),
  agentVersion: z
    .string()
    .max(64)
    .optional()
    .meta({ title: 'Agent version', description: 'Responses API only.' }),
  apiVersion: z.string().max(32).optional().meta({
    title: 'api-version',
    description: 'Query parameter for the threads API (default: the adapter’s).',
  }),
});
export type AzureAIFoundryConfig = z.infer<typeof AzureAIFoundryConfigSchema>;
