import { z } from 'zod';
import { historyTurns, identifier } from '../config-fields';

/**
 * A Vertex AI Agent Engine (reasoning engine). The endpoint URL is the regional API base, e.g.
 * `https://us-central1-aiplatform.googleapis.com`; the engine's resource path is built from the fields
 * below. Auth: `google-service-account`.
 */
export const VertexAIConfigSchema = z.strictObject({
  projectId: identifier('Project', 'Google Cloud project id (or number).', 'my-project'),
  location: identifier('Location', 'Region of the engine.', 'us-central1'),
  reasoningEngineId: identifier('Reasoning engine', 'The Agent Engine resource id.', '1234567890'),
  mode: z
    .enum(['a2a', 'query'])
    .default('a2a')
    .meta({
      title: 'Interface',
      description:
        'a2a: the engine is an A2A agent (A2aAgent template, HTTP+JSON binding under v1beta1/…/a2a); ' +
        'query: any other template, called through v1 :query / :streamQuery.',
    }),
  template: z
    .enum(['adk', 'langchain', 'custom'])
    .default('adk')
    .meta({
      title: 'Template',
      description:
        'Mode query only. adk: AdkApp (input {message, user_id, session_id}, one ADK session per contextId); ' +
        'langchain: LangchainAgent (input {input}); custom: input {input, history}, output a string or {output}.',
    }),
  classMethod: identifier('Class method', 'Method called by :query (langchain and custom).', 'query').default(
    'query',
  ),
  streamClassMethod: identifier(
    'Stream class method',
    'Method called by :streamQuery (mode query; ADK answers only through it).',
    'stream_query',
  ).default('stream_query'),
  historyTurns: historyTurns.meta({
    title: 'History turns',
    description:
      'Template custom only: earlier turns of the contextId sent as input.history; ADK keeps its own sessions.',
  }),
});
export type VertexAIConfig = z.infer<typeof VertexAIConfigSchema>;
