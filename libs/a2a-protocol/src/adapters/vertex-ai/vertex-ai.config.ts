import { z } from 'zod';
import { identifier } from '../config-fields';

/**
 * A Vertex AI Agent Engine (reasoning engine). The endpoint URL is the regional API base, e.g.
 * `https://us-central1-aiplatform.googleapis.com`. Auth: `google-service-account`.
 */
export const VertexAIConfigSchema = z.strictObject({
  projectId: identifier('Project', 'Google Cloud project id.', 'my-project'),
  location: identifier('Location', 'Region of the engine.', 'us-central1'),
  reasoningEngineId: identifier('Reasoning engine', 'The Agent Engine resource id.', '1234567890'),
  mode: z.enum(['a2a', 'query']).default('a2a').meta({
    title: 'Interface',
    description:
      'a2a: the engine is an A2A agent (HTTP+JSON binding); query: other templates via :query / :streamQuery.',
  }),
  classMethod: identifier('Class method', 'Method called by :query (mode query).', 'query').default('query'),
  streamClassMethod: identifier(
    'Stream class method',
    'Method called by :streamQuery (mode query).',
    'stream_query',
  ).default('stream_query'),
});
export type VertexAIConfig = z.infer<typeof VertexAIConfigSchema>;
