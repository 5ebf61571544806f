import { z } from 'zod';

/**
 * A2A v0.3 wire shapes (JSON-RPC binding), as `@a2a-js/sdk@0.3.x` and the Python `a2a-sdk` 0.3 emit them.
 * 0.2.x agents use the same shapes, so they are parsed with these schemas too.
 *
 * Parsing is lenient where real agents differ and the meaning is unambiguous: optional fields may be absent
 * or `null` (hand-written agents often serialize `None`/`null`), and unknown extra fields are dropped. Wrong
 * types are still rejected: a number where a string belongs is a broken agent, not a dialect.
 */

/** Optional field that also tolerates `null`; `null` is read as "absent". */
const opt = <T extends z.ZodType>(schema: T) =>
  schema
    .nullish()
    .transform((v) => v ?? undefined)
    .optional();

const Metadata = z.record(z.string(), z.unknown());
const StringList = z.array(z.string());

// ---------------------------------------------------------------------------------------------------------------
// Messages and parts
// ---------------------------------------------------------------------------------------------------------------

export const V03TextPartSchema = z.object({
  kind: z.literal('text'),
  text: z.string(),
  metadata: opt(Metadata),
});

export const V03FileWithBytesSchema = z.object({
  bytes: z.string(),
  mimeType: opt(z.string()),
  name: opt(z.string()),
});
export const V03FileWithUriSchema = z.object({
  uri: z.string(),
  mimeType: opt(z.string()),
  name: opt(z.string()),
});

export const V03FilePartSchema = z.object({
  kind: z.literal('file'),
  // Bytes first: an object carrying both is read as inline content, as the SDKs do.
  file: z.union([V03FileWithBytesSchema, V03FileWithUriSchema]),
  metadata: opt(Metadata),
});

export const V03DataPartSchema = z.object({
  kind: z.literal('data'),
  /** v0.3 only allows a JSON object here (v1.0 allows any JSON value). */
  data: Metadata,
  metadata: opt(Metadata),
});

export const V03PartSchema = z.discriminatedUnion('kind', [
  V03TextPartSchema,
  V03FilePartSchema,
  V03DataPartSchema,
]);
export type V03TextPart = z.infer<typeof V03TextPartSchema>;
export type V03FilePart = z.infer<typeof V03FilePartSchema>;
export type V03DataPart = z.infer<typeof V03DataPartSchema>;
export type V03Part = z.infer<typeof V03PartSchema>;

export const V03RoleSchema = z.enum(['user', 'agent']);
export type V03Role = z.infer<typeof V03RoleSchema>;

export const V03MessageSchema = z.object({
  kind: z.literal('message'),
  messageId: z.string(),
  role: V03RoleSchema,
  parts: z.array(V03PartSchema),
  contextId: opt(z.string()),
  taskId: opt(z.string()),
  referenceTaskIds: opt(StringList),
  extensions: opt(StringList),
  metadata: opt(Metadata),
});
export type V03Message = z.infer<typeof V03MessageSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Tasks, artifacts, stream events
// ---------------------------------------------------------------------------------------------------------------

export const V03_TASK_STATES = [
  'submitted',
  'working',
  'input-required',
  'completed',
  'canceled',
  'failed',
  'rejected',
  'auth-required',
  'unknown',
] as const;
export const V03TaskStateSchema = z.enum(V03_TASK_STATES);
export type V03TaskState = z.infer<typeof V03TaskStateSchema>;

export const V03TaskStatusSchema = z.object({
  state: V03TaskStateSchema,
  message: opt(V03MessageSchema),
  timestamp: opt(z.string()),
});
export type V03TaskStatus = z.infer<typeof V03TaskStatusSchema>;

export const V03ArtifactSchema = z.object({
  artifactId: z.string(),
  name: opt(z.string()),
  description: opt(z.string()),
  parts: z.array(V03PartSchema),
  metadata: opt(Metadata),
  extensions: opt(StringList),
});
export type V03Artifact = z.infer<typeof V03ArtifactSchema>;

export const V03TaskSchema = z.object({
  kind: z.literal('task'),
  id: z.string(),
  contextId: z.string(),
  status: V03TaskStatusSchema,
  artifacts: opt(z.array(V03ArtifactSchema)),
  history: opt(z.array(V03MessageSchema)),
  metadata: opt(Metadata),
});
export type V03Task = z.infer<typeof V03TaskSchema>;

export const V03TaskStatusUpdateEventSchema = z.object({
  kind: z.literal('status-update'),
  taskId: z.string(),
  contextId: z.string(),
  status: V03TaskStatusSchema,
  /** Required by the spec; a few agents leave it out, which we read as `false` (the state still ends streams). */
  final: z.boolean().default(false),
  metadata: opt(Metadata),
});
export type V03TaskStatusUpdateEvent = z.infer<typeof V03TaskStatusUpdateEventSchema>;

export const V03TaskArtifactUpdateEventSchema = z.object({
  kind: z.literal('artifact-update'),
  taskId: z.string(),
  contextId: z.string(),
  artifact: V03ArtifactSchema,
  append: opt(z.boolean()),
  lastChunk: opt(z.boolean()),
  metadata: opt(Metadata),
});
export type V03TaskArtifactUpdateEvent = z.infer<typeof V03TaskArtifactUpdateEventSchema>;

/** One `result` of a `message/stream` or `tasks/resubscribe` SSE event. */
export const V03StreamEventSchema = z.discriminatedUnion('kind', [
  V03TaskSchema,
  V03MessageSchema,
  V03TaskStatusUpdateEventSchema,
  V03TaskArtifactUpdateEventSchema,
]);
export type V03StreamEvent = z.infer<typeof V03StreamEventSchema>;

/** The `result` of `message/send`. */
export const V03SendResultSchema = z.discriminatedUnion('kind', [V03TaskSchema, V03MessageSchema]);
export type V03SendResult = z.infer<typeof V03SendResultSchema>;

// ---------------------------------------------------------------------------------------------------------------
// message/send params
// ---------------------------------------------------------------------------------------------------------------

export const V03PushNotificationConfigSchema = z.object({
  id: opt(z.string()),
  url: z.string(),
  token: opt(z.string()),
  authentication: opt(z.object({ schemes: StringList, credentials: opt(z.string()) })),
});
export type V03PushNotificationConfig = z.infer<typeof V03PushNotificationConfigSchema>;

export const V03MessageSendConfigurationSchema = z.object({
  acceptedOutputModes: opt(StringList),
  historyLength: opt(z.number().int().min(0)),
  blocking: opt(z.boolean()),
  pushNotificationConfig: opt(V03PushNotificationConfigSchema),
});
export type V03MessageSendConfiguration = z.infer<typeof V03MessageSendConfigurationSchema>;

/** `params` of `message/send` and `message/stream`. */
export const V03MessageSendParamsSchema = z.object({
  message: V03MessageSchema,
  configuration: opt(V03MessageSendConfigurationSchema),
  metadata: opt(Metadata),
});
export type V03MessageSendParams = z.infer<typeof V03MessageSendParamsSchema>;

/** `params` of `tasks/get`. */
export const V03TaskQueryParamsSchema = z.object({
  id: z.string().min(1).max(256),
  historyLength: opt(z.number().int().min(0)),
  metadata: opt(Metadata),
});
export type V03TaskQueryParams = z.infer<typeof V03TaskQueryParamsSchema>;

/** `params` of `tasks/cancel` and `tasks/resubscribe`. */
export const V03TaskIdParamsSchema = z.object({ id: z.string().min(1).max(256), metadata: opt(Metadata) });
export type V03TaskIdParams = z.infer<typeof V03TaskIdParamsSchema>;

// ---------------------------------------------------------------------------------------------------------------
// Agent card (0.3, and 0.2.x which lacks preferredTransport / additionalInterfaces and sometimes protocolVersion)
// ---------------------------------------------------------------------------------------------------------------

const described = { description: opt(z.string()) };

export const V03OAuthFlowsSchema = z.object({
  authorizationCode: opt(
    z.object({
      authorizationUrl: z.string(),
      tokenUrl: z.string(),
      refreshUrl: opt(z.string()),
      scopes: z.record(z.string(), z.string()),
    }),
  ),
  clientCredentials: opt(
    z.object({ tokenUrl: z.string(), refreshUrl: opt(z.string()), scopes: z.record(z.string(), z.string()) }),
  ),
  implicit: opt(
    z.object({
      authorizationUrl: z.string(),
      refreshUrl: opt(z.string()),
      scopes: z.record(z.string(), z.string()),
    }),
  ),
  password: opt(
    z.object({ tokenUrl: z.string(), refreshUrl: opt(z.string()), scopes: z.record(z.string(), z.string()) }),
  ),
});
export type V03OAuthFlows = z.infer<typeof V03OAuthFlowsSchema>;

export const V03SecuritySchemeSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('apiKey'),
    in: z.enum(['header', 'query', 'cookie']),
    name: z.string(),
    ...described,
  }),
  z.object({ type: z.literal('http'), scheme: z.string(), bearerFormat: opt(z.string()), ...described }),
  z.object({
    type: z.literal('oauth2'),
    flows: V03OAuthFlowsSchema,
    oauth2MetadataUrl: opt(z.string()),
    ...described,
  }),
  z.object({ type: z.literal('openIdConnect'), openIdConnectUrl: z.string(), ...described }),
  z.object({ type: z.literal('mutualTLS'), ...described }),
]);
export type V03SecurityScheme = z.infer<typeof V03SecuritySchemeSchema>;

/** `{ schemeName: scopes[] }`, OpenAPI style. */
export const V03SecurityRequirementSchema = z.record(z.string(), StringList);
export type V03SecurityRequirement = z.infer<typeof V03SecurityRequirementSchema>;

export const V03AgentInterfaceSchema = z.object({ url: z.string(), transport: z.string() });
export type V03AgentInterface = z.infer<typeof V03AgentInterfaceSchema>;

export const V03AgentExtensionSchema = z.object({
  uri: z.string(),
  description: opt(z.string()),
  required: opt(z.boolean()),
  params: opt(Metadata),
});
export type V03AgentExtension = z.infer<typeof V03AgentExtensionSchema>;

export const V03AgentSkillSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  /** Required by the spec; 0.2 agents sometimes leave it out. */
  tags: StringList.default([]),
  examples: opt(StringList),
  inputModes: opt(StringList),
  outputModes: opt(StringList),
  security: opt(z.array(V03SecurityRequirementSchema)),
});
export type V03AgentSkill = z.infer<typeof V03AgentSkillSchema>;

export const V03AgentCardSchema = z.object({
  /** '0.3.0', '0.2.5', …; absent on early 0.2 cards. */
  protocolVersion: opt(z.string()),
  name: z.string(),
  description: z.string(),
  url: z.string(),
  /** Absent on 0.2 cards: the spec default is JSONRPC. */
  preferredTransport: opt(z.string()),
  additionalInterfaces: opt(z.array(V03AgentInterfaceSchema)),
  version: z.string(),
  provider: opt(z.object({ organization: z.string(), url: z.string() })),
  iconUrl: opt(z.string()),
  documentationUrl: opt(z.string()),
  capabilities: z.object({
    streaming: opt(z.boolean()),
    pushNotifications: opt(z.boolean()),
    stateTransitionHistory: opt(z.boolean()),
    extensions: opt(z.array(V03AgentExtensionSchema)),
  }),
  securitySchemes: opt(z.record(z.string(), V03SecuritySchemeSchema)),
  security: opt(z.array(V03SecurityRequirementSchema)),
  defaultInputModes: StringList,
  defaultOutputModes: StringList,
  skills: z.array(V03AgentSkillSchema),
  supportsAuthenticatedExtendedCard: opt(z.boolean()),
  signatures: opt(z.array(z.object({ protected: z.string(), signature: z.string(), header: opt(Metadata) }))),
});
export type V03AgentCard = z.infer<typeof V03AgentCardSchema>;
