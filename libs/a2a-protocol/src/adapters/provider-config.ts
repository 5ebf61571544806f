import { z } from 'zod';
import type { AgentProvider } from './providers';
import { AnthropicConfigSchema } from './anthropic/anthropic.config';
import { AzureAIFoundryConfigSchema } from './azure-ai-foundry/azure-ai-foundry.config';
import { BedrockAgentCoreConfigSchema } from './bedrock-agentcore/bedrock-agentcore.config';
import { CustomConfigSchema } from './custom/custom.config';
import { LangGraphConfigSchema } from './langgraph/langgraph.config';
import { OpenAIConfigSchema } from './openai/openai.config';
import { PydanticAIConfigSchema } from './pydantic-ai/pydantic-ai.config';
import { VertexAIConfigSchema } from './vertex-ai/vertex-ai.config';

/** A2A agents need nothing beyond their URL; an imported card leaves what it said here. */
export const A2AConfigSchema = z.strictObject({
  preferredBinding: z
    .enum(['JSONRPC', 'HTTP+JSON', 'GRPC'])
    .optional()
    .meta({ title: 'Preferred binding', description: 'From the agent’s card.' }),
  agentVersion: z
    .string()
    .max(64)
    .optional()
    .meta({ title: 'Agent version', description: 'From the agent’s card.' }),
});

/** What `providerConfig` holds for each provider: checked at registration, read by the adapter. */
export const PROVIDER_CONFIG_SCHEMAS = {
  a2a: A2AConfigSchema,
  langgraph: LangGraphConfigSchema,
  'vertex-ai': VertexAIConfigSchema,
  'azure-ai-foundry': AzureAIFoundryConfigSchema,
  'bedrock-agentcore': BedrockAgentCoreConfigSchema,
  'pydantic-ai': PydanticAIConfigSchema,
  openai: OpenAIConfigSchema,
  anthropic: AnthropicConfigSchema,
  custom: CustomConfigSchema,
} satisfies Record<AgentProvider, z.ZodType>;

export type ProviderConfigOf<P extends AgentProvider> = z.infer<(typeof PROVIDER_CONFIG_SCHEMAS)[P]>;

/**
 * `providerConfig` checked against its provider: the parsed config (defaults filled in), or the issues
 * with paths under `providerConfig` so an API error names the field.
 */
export function checkProviderConfig(
  provider: AgentProvider,
  config: unknown,
): { success: true; data: Record<string, unknown> } | { success: false; issues: z.core.$ZodIssue[] } {
  const result = PROVIDER_CONFIG_SCHEMAS[provider].safeParse(config ?? {});
  if (result.success) return { success: true, data: result.data as Record<string, unknown> };
  return {
    success: false,
    issues: result.error.issues.map((issue) => ({
      ...issue,
      path: ['providerConfig', ...issue.path],
      message: `${issue.message} (provider "${provider}")`,
    })),
  };
}

/** One input of a provider's config form, read off its schema (so the admin form needs no list of its own). */
export interface ProviderConfigField {
  name: string;
  title: string;
  description?: string;
  /** text: one line; longText: a textarea; json: a JSON object; choice: one of `options`. */
  kind: 'text' | 'longText' | 'number' | 'integer' | 'boolean' | 'choice' | 'json';
  required: boolean;
  options?: string[];
  default?: unknown;
  example?: unknown;
  minimum?: number;
  maximum?: number;
}

interface JsonSchemaProperty {
  type?: string;
  title?: string;
  description?: string;
  enum?: string[];
  default?: unknown;
  example?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

const LONG_TEXT = 1000;

/** The fields of `provider`'s config form, in schema order. */
export function providerConfigFields(provider: AgentProvider): ProviderConfigField[] {
  const schema = z.toJSONSchema(PROVIDER_CONFIG_SCHEMAS[provider], {
    io: 'input',
    unrepresentable: 'any',
  }) as {
    properties?: Record<string, JsonSchemaProperty>;
    required?: string[];
  };
  return Object.entries(schema.properties ?? {}).map(([name, p]) => {
    const kind: ProviderConfigField['kind'] = p.enum
      ? 'choice'
      : p.type === 'object'
        ? 'json'
        : p.type === 'number' || p.type === 'integer' || p.type === 'boolean'
          ? p.type
          : (p.maxLength ?? 0) > LONG_TEXT
            ? 'longText'
            : 'text';
    return {
      name,
      title: p.title ?? name,
      ...(p.description ? { description: p.description } : {}),
      kind,
      required: schema.required?.includes(name) ?? false,
      ...(p.enum ? { options: p.enum } : {}),
      ...(p.default !== undefined ? { default: p.default } : {}),
      ...(p.example !== undefined ? { example: p.example } : {}),
      ...(p.minimum !== undefined ? { minimum: p.minimum } : {}),
      ...(p.maximum !== undefined ? { maximum: p.maximum } : {}),
    };
  });
}
