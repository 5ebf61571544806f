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
  'google-service-account',
  'azure-entra',
  'headers',
] as const;
export const AgentAuthTypeSchema = z.enum(AGENT_AUTH_TYPES);
export type AgentAuthType = z.infer<typeof AgentAuthTypeSchema>;

/** Secrets end up in HTTP headers: CR/LF would let a value inject headers of its own. */
const noCrLf = (v: string) => !/[\r\n]/.test(v);
const headerSafe = z.string().max(8192).refine(noCrLf, 'must not contain CR or LF');
const secret = z.string().min(1).max(8192).refine(noCrLf, 'must not contain CR or LF');
export const HttpHeaderNameSchema = z
  .string()
  .min(1)
  .max(256)
  .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'must be a valid HTTP header name');

export const AGENT_AUTH_SCHEMAS = {
  none: z.strictObject({}),
  'api-key': z.strictObject({
    apiKey: secret,
    headerName: HttpHeaderNameSchema.default('X-API-Key'),
    /** Send the key as this query parameter instead of a header. */
    queryParam: z
      .string()
      .regex(/^[A-Za-z0-9_.~-]+$/, 'must be a plain query parameter name')
      .max(128)
      .optional(),
  }),
  bearer: z.strictObject({ token: secret }),
  basic: z.strictObject({
    username: z
      .string()
      .min(1)
      .max(256)
      .refine((u) => noCrLf(u) && !u.includes(':'), 'must not contain CR, LF or ":"'),
    password: secret,
  }),
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
  /** A Google Cloud service-account key file (JSON); tokens come from google-auth-library. */
  'google-service-account': z.strictObject({
    credentialsJson: z
      .string()
      .min(2)
      .max(20_000)
      .superRefine((text, ctx) => {
        let key: Record<string, unknown>;
        try {
          key = JSON.parse(text) as Record<string, unknown>;
        } catch {
          ctx.addIssue({ code: 'custom', message: 'must be the service account key file (JSON)' });
          return;
        }
        for (const field of ['client_email', 'private_key'])
          if (typeof key?.[field] !== 'string' || !key[field])
            ctx.addIssue({ code: 'custom', message: `the key file has no ${field}` });
        if (key?.type !== undefined && key.type !== 'service_account')
          ctx.addIssue({ code: 'custom', message: 'the key file is not of type "service_account"' });
      }),
    scopes: z
      .array(z.string().min(1).max(512))
      .max(20)
      .default(['https://www.googleapis.com/auth/cloud-platform']),
  }),
  /** Microsoft Entra ID client credentials; tokens come from @azure/identity. */
  'azure-entra': z.strictObject({
    tenantId: z
      .string()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9.-]+$/, 'a tenant id or domain'),
    clientId: z.string().min(1).max(128),
    clientSecret: secret,
    scope: z.string().min(1).max(1024).default('https://ai.azure.com/.default'),
    authorityHost: z
      .url({ protocol: /^https?$/ })
      .max(2048)
      .optional()
      .meta({ description: 'Sovereign clouds only; default https://login.microsoftonline.com' }),
  }),
  headers: z.strictObject({
    headers: z.record(z.string(), headerSafe).superRefine((headers, ctx) => {
      const names = Object.keys(headers);
      if (names.length === 0) ctx.addIssue({ code: 'custom', message: 'at least one header is required' });
      for (const name of names) {
        // Checked here rather than as the record's key schema so the message names the header.
        if (!HttpHeaderNameSchema.safeParse(name).success) {
          ctx.addIssue({ code: 'custom', path: [name], message: 'must be a valid HTTP header name' });
        }
      }
    }),
  }),
} satisfies Record<AgentAuthType, z.ZodType>;

export type AgentAuth = { [K in AgentAuthType]: z.infer<(typeof AGENT_AUTH_SCHEMAS)[K]> }[AgentAuthType];

/** Fields of each auth method that are safe to show (everything else is a secret). */
export const AGENT_AUTH_PUBLIC_FIELDS: Record<AgentAuthType, readonly string[]> = {
  none: [],
  'api-key': ['headerName', 'queryParam'],
  bearer: [],
  basic: ['username'],
  'oauth2-client-credentials': ['tokenUrl', 'clientId', 'scope', 'audience'],
  'aws-sigv4': ['region', 'service'],
  'google-service-account': ['scopes'],
  'azure-entra': ['tenantId', 'clientId', 'scope', 'authorityHost'],
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
