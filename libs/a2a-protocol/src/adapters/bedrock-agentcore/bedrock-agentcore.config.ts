import { z } from 'zod';

/**
 * An Amazon Bedrock AgentCore runtime speaking A2A. The endpoint URL is the regional data-plane base,
 * e.g. `https://bedrock-agentcore.us-east-1.amazonaws.com`. Auth: `aws-sigv4` (service
 * `bedrock-agentcore`, the runtime's region) or `bearer` (an OAuth access token the runtime accepts).
 */
export const BedrockAgentCoreConfigSchema = z.strictObject({
  agentRuntimeArn: z
    .string()
    .regex(
      /^arn:aws[a-z-]*:bedrock-agentcore:[a-z0-9-]+:\d{12}:runtime\/[A-Za-z0-9_-]+$/,
      'must be an AgentCore runtime ARN: arn:aws:bedrock-agentcore:<region>:<account>:runtime/<id>',
    )
    .meta({
      title: 'Runtime ARN',
      example: 'arn:aws:bedrock-agentcore:us-east-1:123456789012:runtime/my_agent-abc123',
    }),
  qualifier: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be an endpoint name (letters, digits, _ and -)')
    .default('DEFAULT')
    .meta({
      title: 'Qualifier',
      description: 'The runtime endpoint (alias) to call; AgentCore’s own default is DEFAULT.',
    }),
});
export type BedrockAgentCoreConfig = z.infer<typeof BedrockAgentCoreConfigSchema>;
