import { A2AAdapter } from './a2a/a2a.adapter';
import { AnthropicAdapter } from './anthropic/anthropic.adapter';
import { BedrockAgentCoreAdapter } from './bedrock-agentcore/bedrock-agentcore.adapter';
import { CustomAdapter } from './custom/custom.adapter';
import { LangGraphAdapter } from './langgraph/langgraph.adapter';
import { AzureAIFoundryAdapter } from './azure-ai-foundry/azure-ai-foundry.adapter';
import { OpenAIAdapter } from './openai/openai.adapter';
import type { ProviderAdapter } from './provider-adapter';
import { PydanticAIAdapter } from './pydantic-ai/pydantic-ai.adapter';
import { VertexAIAdapter } from './vertex-ai/vertex-ai.adapter';

/** One adapter per provider, as the gateway uses them by default. */
export function createProviderAdapters(): ProviderAdapter[] {
  return [
    new A2AAdapter(),
    new LangGraphAdapter(),
    new VertexAIAdapter(),
    new AzureAIFoundryAdapter(),
    new BedrockAgentCoreAdapter(),
    new PydanticAIAdapter(),
    new OpenAIAdapter(),
    new AnthropicAdapter(),
    new CustomAdapter(),
  ];
}
