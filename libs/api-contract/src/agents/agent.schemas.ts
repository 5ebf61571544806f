import { z } from 'zod';
import {
  AGENT_AUTH_SCHEMAS,
  AgentAuthTypeSchema,
  AgentCapabilitiesSchema,
  AGENT_PROVIDERS,
  AgentBudgetSchema,
  AgentProviderSchema,
  TokenPricingSchema,
  AgentState,
  checkProviderConfig,
  providerConfigFields,
  slugify,
  type AgentAuthType,
  type AgentProvider,
} from '@switchboard/a2a-protocol';
import { booleanQuery } from '../common/boolean-query.schema';
import { FREE_JSON_MAX_CHARS, freeJson } from '../common/json-limits';
import { requestBody } from '../common/request-body';
import { AGENT_BODY_ALIASES } from './agent-aliases';
import { pageCursor, pageLimit, pageOf } from '../common/pagination.schema';
import { AgentMetricsSummarySchema } from '../metrics/metrics.schemas';

export const AGENT_NAME_MAX = 100;
export const AGENT_TIMEOUT_MS_MIN = 100;
export const AGENT_TIMEOUT_MS_MAX = 600_000;
export const AGENT_TAGS_MAX = 20;

/** Documents, from the schemas themselves, which fields each authType takes. */
const AUTH_FIELDS_DESCRIPTION =
  'Secret fields for `authType`, write-only (stored encrypted, never returned). ' +
  Object.entries(AGENT_AUTH_SCHEMAS)
    .filter(([type]) => type !== 'none')
    .map(([type, schema]) => `${type}: {${Object.keys(schema.shape).join(', ')}}`)
    .join('; ');

/** Documents, from the schemas themselves, which settings each provider takes. */
const PROVIDER_CONFIG_DESCRIPTION =
  'Settings of `provider`, checked against its schema at registration (400 naming the field); ' +
  'defaults are filled in. ' +
  AGENT_PROVIDERS.map((provider) => {
    const fields = providerConfigFields(provider).map((f) => `${f.name}${f.required ? '' : '?'}`);
    return `${provider}: {${fields.join(', ')}}`;
  }).join('; ');

const jsonObject = z.record(z.string().max(256), z.unknown());
/** Free-form settings an operator writes: bounded (FREE_JSON_MAX_CHARS), as every free-form field. */
const settingsJson = freeJson(FREE_JSON_MAX_CHARS.settings);

export const AgentTagSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(1)
  .max(50)
  .regex(/^[a-z0-9][a-z0-9_.:/-]*$/, 'tags use letters, digits and _ . : / -');

export const AgentNameSchema = z
  .string()
  .trim()
  .min(1)
  .max(AGENT_NAME_MAX)
  .regex(/^[\p{L}\p{N}][\p{L}\p{N} _.-]*$/u, 'use letters, digits, spaces and _ . -')
  .refine((n) => slugify(n).length > 0, 'must contain at least one ASCII letter or digit')
  .meta({ example: 'hello_world_agent' });

export const EndpointUrlSchema = z
  .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
  .max(2048)
  .meta({ example: 'http://localhost:9999/' });

/**
 * Fields an operator sets. `auth` holds the secret fields of `authType` (see AGENT_AUTH_SCHEMAS); it is
 * write-only and is checked against `authType` by `withAuthCheck`.
 */

const agentFields = {
  name: AgentNameSchema,
  description: z.string().max(2000).optional().meta({ example: 'Answers hello to everything' }),
  endpointUrl: EndpointUrlSchema,
  provider: AgentProviderSchema.default('a2a'),
  protocolVersion: z.string().max(20).default('1.0'),
  capabilities: AgentCapabilitiesSchema.default({}),
  config: settingsJson.default({}).meta({ example: { max_tokens: 1000, temperature: 0.7 } }),
  providerConfig: settingsJson.default({}).meta({ description: PROVIDER_CONFIG_DESCRIPTION, example: {} }),
  authType: AgentAuthTypeSchema.default('none'),
  auth: jsonObject.optional().meta({ description: AUTH_FIELDS_DESCRIPTION, example: { token: 's3cr3t' } }),
  tags: z
    .array(AgentTagSchema)
    .max(AGENT_TAGS_MAX)
    .default([])
    .transform((t) => [...new Set(t)])
    .meta({ example: ['demo', 'hello-world'] }),
  enabled: z.boolean().default(true),
  timeoutMs: z.number().int().min(AGENT_TIMEOUT_MS_MIN).max(AGENT_TIMEOUT_MS_MAX).optional(),
  rateLimitRpm: z.number().int().min(1).max(1_000_000).nullable().optional(),
  costPerRequest: z.number().min(0).max(1_000_000).nullable().optional(),
  pricing: TokenPricingSchema.nullable().optional(),
  budget: AgentBudgetSchema.nullable().optional(),
};

function checkAuth(
  value: { authType?: AgentAuthType; auth?: Record<string, unknown> },
  ctx: z.RefinementCtx,
  requireWhenTyped: boolean,
) {
  if (!value.authType) {
    if (value.auth !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['authType'],
        message: 'authType is required when auth is given',
      });
    }
    return;
  }
  if (value.authType === 'none') {
    if (value.auth !== undefined && Object.keys(value.auth).length > 0) {
      ctx.addIssue({ code: 'custom', path: ['auth'], message: 'authType "none" takes no auth fields' });
    }
    return;
  }
  if (value.auth === undefined) {
    if (requireWhenTyped) {
      ctx.addIssue({
        code: 'custom',
        path: ['auth'],
        message: `auth is required for authType "${value.authType}"`,
      });
    }
    return;
  }
  const parsed = AGENT_AUTH_SCHEMAS[value.authType].safeParse(value.auth);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      ctx.addIssue({ ...issue, path: ['auth', ...issue.path] } as z.core.$ZodRawIssue);
    }
  } else {
    value.auth = parsed.data as Record<string, unknown>;
  }
}

/** `providerConfig` must fit `provider` (each provider has its own schema); defaults are filled in. */
function checkProvider(
  value: { provider: AgentProvider; providerConfig: Record<string, unknown> },
  ctx: z.RefinementCtx,
) {
  const checked = checkProviderConfig(value.provider, value.providerConfig);
  if (checked.success) value.providerConfig = checked.data;
  else for (const issue of checked.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
}

// Whole-body examples: Swagger UI would otherwise prefill every field with its own example or a placeholder
// (`timeoutMs: 0`, `auth` beside `authType: "none"`), which no registration passes.
export const AgentCreateSchema = z
  .strictObject(agentFields)
  .superRefine((v, ctx) => {
    checkAuth(v, ctx, true);
    checkProvider(v, ctx);
  })
  .meta({
    example: {
      name: 'my_first_agent',
      endpointUrl: 'http://localhost:9999/',
      description: 'Answers hello to everything',
      tags: ['demo'],
      timeoutMs: 30000,
    },
  });
export type AgentCreate = z.infer<typeof AgentCreateSchema>;
export type AgentCreateInput = z.input<typeof AgentCreateSchema>;

/**
 * An agent in the catalog file (AGENTS_FILE): the fields of a registration, except that `auth` may be left
 * out for an agent the catalog already holds with the same `authType` (its stored secret is kept).
 */
export const AgentFileEntrySchema = z.strictObject(agentFields).superRefine((v, ctx) => {
  checkAuth(v, ctx, false);
  checkProvider(v, ctx);
});
export type AgentFileEntry = z.infer<typeof AgentFileEntrySchema>;

/**
 * A partial update. Omitted fields are unchanged; `auth` omitted keeps the stored secret (changing
 * `authType` to anything but "none" requires a new `auth`, checked by the service).
 */
export const AgentUpdateSchema = z
  .strictObject({
    name: agentFields.name.optional(),
    description: z.string().max(2000).nullable().optional(),
    endpointUrl: EndpointUrlSchema.optional(),
    provider: AgentProviderSchema.optional(),
    protocolVersion: z.string().max(20).optional(),
    capabilities: AgentCapabilitiesSchema.optional(),
    config: settingsJson.optional(),
    providerConfig: settingsJson.optional(),
    authType: AgentAuthTypeSchema.optional(),
    auth: jsonObject.optional(),
    tags: z
      .array(AgentTagSchema)
      .max(AGENT_TAGS_MAX)
      .transform((t) => [...new Set(t)])
      .optional(),
    enabled: z.boolean().optional(),
    timeoutMs: z.number().int().min(AGENT_TIMEOUT_MS_MIN).max(AGENT_TIMEOUT_MS_MAX).optional(),
    rateLimitRpm: z.number().int().min(1).max(1_000_000).nullable().optional(),
    costPerRequest: z.number().min(0).max(1_000_000).nullable().optional(),
    pricing: TokenPricingSchema.nullable().optional(),
    budget: AgentBudgetSchema.nullable().optional(),
  })
  .superRefine((v, ctx) => checkAuth(v, ctx, false))
  .meta({ example: { description: 'Answers hello, politely', tags: ['demo', 'hello-world'] } });
export type AgentUpdate = z.infer<typeof AgentUpdateSchema>;

/** `POST /a2a` and `PUT /a2a/:id` as sent: JSON limits checked, ContextForge's field names accepted. */
export const AgentCreateBodySchema = requestBody(AgentCreateSchema, AGENT_BODY_ALIASES);
export const AgentUpdateBodySchema = requestBody(AgentUpdateSchema, AGENT_BODY_ALIASES);

/**
 * `POST /a2a/:id/toggle`: the state to put the agent in, as a body (`enabled`) or as ContextForge's query
 * flag (`?activate=`). With neither it flips; both given must agree.
 */
export const AgentToggleSchema = z.strictObject({
  enabled: z
    .boolean()
    .optional()
    .meta({ description: 'The state to set; omitted (with `activate` omitted too): flip.', example: true }),
});
export type AgentToggle = z.infer<typeof AgentToggleSchema>;
export const AgentToggleBodySchema = requestBody(AgentToggleSchema);
export const AgentToggleQuerySchema = z.strictObject({
  activate: booleanQuery
    .optional()
    .meta({ description: 'ContextForge’s spelling of `enabled`; when both are given they must agree.' }),
});
export type AgentToggleQuery = z.infer<typeof AgentToggleQuerySchema>;

/** The state a toggle asks for (`undefined`: flip), or the field that contradicts the other. */
export function toggleTarget(
  body: AgentToggle,
  query: AgentToggleQuery,
): { enabled: boolean | undefined } | { conflict: 'activate' } {
  if (body.enabled !== undefined && query.activate !== undefined && body.enabled !== query.activate)
    return { conflict: 'activate' };
  return { enabled: body.enabled ?? query.activate };
}

export const AgentHealthStateSchema = z.enum(AgentState).meta({
  description:
    'unknown: nothing observed yet; healthy; degraded: slow, intermittent failures or failed tasks, or ' +
    'recovering; unhealthy: consecutive failures opened the circuit; disabled: the agent is switched off.',
});

/** What the gateway knows of an agent's health, from real calls and active probes (held in memory). */
export const AgentHealthReadSchema = z.object({
  state: AgentHealthStateSchema,
  available: z.boolean().meta({
    description: 'Enabled, not unhealthy and circuit closed: what `GET /a2a?available=true` lists.',
  }),
  lastCheckedAt: z.iso
    .datetime()
    .nullable()
    .meta({ description: 'Last call or probe that said something about the agent.' }),
  lastError: z.string().nullable().meta({ description: 'The last failure seen (kept after recovery).' }),
  consecutiveFailures: z.number().int(),
  latencyMs: z.number().nullable().meta({ description: 'Duration of the last successful call or probe.' }),
  circuitOpenUntil: z.iso
    .datetime()
    .nullable()
    .meta({ description: 'While set, calls are refused with 503 AGENT_UNAVAILABLE.' }),
});
export type AgentHealthRead = z.infer<typeof AgentHealthReadSchema>;

export const AgentHealthHistoryQuerySchema = z.strictObject({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(500)
    .default(50)
    .meta({ description: 'Newest first, at most this many.' }),
});
export type AgentHealthHistoryQuery = z.infer<typeof AgentHealthHistoryQuerySchema>;

export const AgentHealthHistorySchema = z.object({
  items: z.array(
    z.object({
      from: AgentHealthStateSchema,
      to: AgentHealthStateSchema,
      error: z.string().nullable().meta({ description: 'Why, when the agent got worse.' }),
      at: z.iso.datetime(),
    }),
  ),
});
export type AgentHealthHistory = z.infer<typeof AgentHealthHistorySchema>;

/** Something about a write that did not stop it, for the caller to look at. */
export const AgentWarningSchema = z.object({
  code: z.enum(['ENDPOINT_UNREACHABLE']).meta({
    description:
      'ENDPOINT_UNREACHABLE: the gateway could not reach `endpointUrl` (refused, unknown host, timeout).',
  }),
  message: z.string(),
});
export type AgentWarning = z.infer<typeof AgentWarningSchema>;

export const AgentReadSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  slug: z.string().meta({ example: 'hello-world-agent' }),
  description: z.string().nullable(),
  endpointUrl: z.string(),
  provider: AgentProviderSchema,
  protocolVersion: z.string(),
  capabilities: AgentCapabilitiesSchema,
  config: jsonObject,
  providerConfig: jsonObject,
  authType: AgentAuthTypeSchema,
  hasAuth: z.boolean(),
  auth: jsonObject
    .nullable()
    .meta({ description: 'Non-secret auth fields; every secret is replaced by "********".' }),
  tags: z.array(z.string()),
  enabled: z.boolean(),
  timeoutMs: z.number().int(),
  rateLimitRpm: z.number().int().nullable(),
  costPerRequest: z.number().nullable(),
  pricing: TokenPricingSchema.nullable(),
  budget: AgentBudgetSchema.nullable(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
  lastInteraction: z.iso.datetime().nullable(),
  createdBy: z.string().nullable(),
  createdFromIp: z.string().nullable(),
  createdVia: z.string().nullable(),
  createdUserAgent: z.string().nullable(),
  modifiedBy: z.string().nullable(),
  modifiedFromIp: z.string().nullable(),
  modifiedVia: z.string().nullable(),
  modifiedUserAgent: z.string().nullable(),
  importBatchId: z.string().nullable(),
  federationSource: z.string().nullable(),
  card: jsonObject
    .nullable()
    .meta({ description: 'The agent’s A2A card (v1.0 shape), when imported from one.' }),
  cardUrl: z.string().nullable(),
  cardFetchedAt: z.iso.datetime().nullable(),
  version: z.number().int(),
  health: AgentHealthReadSchema,
  metrics: AgentMetricsSummarySchema.meta({ description: 'All-time calls (sends and streams).' }),
  warnings: z
    .array(AgentWarningSchema)
    .optional()
    .meta({
      description:
        'Only on the answer to a registration (`POST /a2a`) or an endpoint change (`PUT` with `endpointUrl`), ' +
        'when the quick reachability check of the endpoint (about 2 s) failed. The write happened regardless.',
    }),
});
export type AgentRead = z.infer<typeof AgentReadSchema>;

export const AgentListQuerySchema = z.strictObject({
  tag: AgentTagSchema.optional().meta({ description: 'Only agents carrying this tag.' }),
  enabled: booleanQuery.optional(),
  provider: AgentProviderSchema.optional().meta({ description: 'Only agents behind this provider.' }),
  available: booleanQuery.optional().meta({
    description:
      'true: only usable agents (enabled, not unhealthy, circuit closed), as seed 001’s ' +
      '`list_available_agents`; false: only the others.',
  }),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Case-insensitive search in name, description, endpoint and tags.' }),
  limit: pageLimit,
  cursor: pageCursor,
});
export type AgentListQuery = z.infer<typeof AgentListQuerySchema>;
export type AgentListFilter = z.input<typeof AgentListQuerySchema>;

export const AgentPageSchema = pageOf(AgentReadSchema);
export type AgentPage = z.infer<typeof AgentPageSchema>;
