import { z } from 'zod';

/**
 * How the gateway authenticates to an agent, and the secret fields each method needs. Secrets are
 * write-only: they are stored encrypted and never rendered back.
 */
export const AGENT_AUTH_TYPES = [
  'none',
  'api-key',
  'bearer',
  'basic',
  'oauth2-client-credentials',
  'aws-sigv4',
  'headers',
] as const;
export const AgentAuthTypeSchema = z.enum(AGENT_AUTH_TYPES);
export type AgentAuthType = z.infer<typeof AgentAuthTypeSchema>;

const secret = z.string().min(1).max(8192);
const headerName = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');

export const AGENT_AUTH_SCHEMAS = {
  none: z.strictObject({}),
  'api-key': z.strictObject({ apiKey: secret, headerName: headerName.default('X-API-Key') }),
  bearer: z.strictObject({ token: secret }),
  basic: z.strictObject({ username: z.string().min(1).max(256), password: secret }),
  'oauth2-client-credentials': z.strictObject({
    tokenUrl: z.url({ protocol: /^https?$/ }).max(2048),
    clientId: z.string().min(1).max(512),
    clientSecret: secret,
    scope: z.string().max(1024).optional(),
    audience: z.string().max(1024).optional(),
  }),
  'aws-sigv4': z.strictObject({
    accessKeyId: z.string().min(1).max(256),
    secretAccessKey: secret,
    sessionToken: z.string().max(8192).optional(),
    region: z.string().min(1).max(64),
    service: z.string().min(1).max(64).default('bedrock-agentcore'),
  }),
  headers: z.strictObject({
    headers: z.record(headerName, z.string().max(8192)).refine((h) => Object.keys(h).length > 0, {
      message: 'at least one header is required',
    }),
  }),
} satisfies Record<AgentAuthType, z.ZodType>;

export type AgentAuth = { [K in AgentAuthType]: z.infer<(typeof AGENT_AUTH_SCHEMAS)[K]> }[AgentAuthType];

/** Fields of each auth method that are safe to show (everything else is a secret). */
export const AGENT_AUTH_PUBLIC_FIELDS: Record<AgentAuthType, readonly string[]> = {
  none: [],
  'api-key': ['headerName'],
  bearer: [],
  basic: ['username'],
  'oauth2-client-credentials': ['tokenUrl', 'clientId', 'scope', 'audience'],
  'aws-sigv4': ['region', 'service'],
  headers: [],
};

export const SECRET_MASK = '********';

/** Replace every secret value with a mask; header values are all secret, their names are not. */
export function maskAgentAuth(type: AgentAuthType, auth: Record<string, unknown>): Record<string, unknown> {
  const visible = AGENT_AUTH_PUBLIC_FIELDS[type];
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(auth)) {
    if (value === undefined) continue;
    if (key === 'headers' && value && typeof value === 'object') {
      out.headers = Object.fromEntries(Object.keys(value).map((name) => [name, SECRET_MASK]));
    } else {
      out[key] = visible.includes(key) ? value : SECRET_MASK;
    }
  }
  return out;
}
