import { z } from 'zod';

/** Every kind of agent the gateway can call; each gets a ProviderAdapter under `adapters/<provider>`. */
export const AGENT_PROVIDERS = [
  'a2a',
  'langgraph',
  'vertex-ai',
  'azure-ai-foundry',
  'bedrock-agentcore',
  'pydantic-ai',
  'openai',
  'anthropic',
  'custom',
] as const;
export const AgentProviderSchema = z.enum(AGENT_PROVIDERS);
export type AgentProvider = z.infer<typeof AgentProviderSchema>;

export const AGENT_PROVIDER_LABELS: Record<AgentProvider, string> = {
  a2a: 'A2A',
  langgraph: 'LangGraph',
  'vertex-ai': 'Vertex AI Agent Engine',
  'azure-ai-foundry': 'Azure AI Foundry',
  'bedrock-agentcore': 'Bedrock AgentCore',
  'pydantic-ai': 'Pydantic AI',
  openai: 'OpenAI-compatible',
  anthropic: 'Anthropic',
  custom: 'Custom JSON',
};
