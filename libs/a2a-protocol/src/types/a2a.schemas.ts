import { z } from 'zod';

/**
 * A2A v1.0 wire shapes (ProtoJSON: camelCase fields, enum names as strings, `Part` flattened to one of
 * text/raw/url/data). Only what the gateway needs so far; the core only ever handles this shape.
 */

export const TaskStateSchema = z.enum([
  'TASK_STATE_SUBMITTED',
  'TASK_STATE_WORKING',
  'TASK_STATE_COMPLETED',
  'TASK_STATE_FAILED',
  'TASK_STATE_CANCELED',
  'TASK_STATE_INPUT_REQUIRED',
  'TASK_STATE_REJECTED',
  'TASK_STATE_AUTH_REQUIRED',
]);
export type TaskState = z.infer<typeof TaskStateSchema>;

export const TERMINAL_TASK_STATES: readonly TaskState[] = [
  'TASK_STATE_COMPLETED',
  'TASK_STATE_FAILED',
  'TASK_STATE_CANCELED',
  'TASK_STATE_REJECTED',
];

export const RoleSchema = z.enum(['ROLE_USER', 'ROLE_AGENT']);
export type Role = z.infer<typeof RoleSchema>;

const Metadata = z.record(z.string(), z.unknown());

const PartBase = {
  metadata: Metadata.optional(),
  filename: z.string().max(1024).optional(),
  mediaType: z.string().max(255).optional(),
};

export const TextPartSchema = z.strictObject({ ...PartBase, text: z.string() });
export const RawPartSchema = z.strictObject({ ...PartBase, raw: z.base64() });
export const UrlPartSchema = z.strictObject({ ...PartBase, url: z.url() });
export const DataPartSchema = z.strictObject({ ...PartBase, data: z.unknown() });

/** Exactly one of `text`, `raw`, `url`, `data`. */
export const PartSchema = z
  .union([TextPartSchema, RawPartSchema, UrlPartSchema, DataPartSchema])
  .refine((p) => ['text', 'raw', 'url', 'data'].filter((k) => k in p).length === 1, {
    message: 'a part holds exactly one of text, raw, url or data',
  });
export type Part = z.infer<typeof PartSchema>;

export const MessageSchema = z.object({
  messageId: z.string().min(1).max(256),
  contextId: z.string().max(256).optional(),
  taskId: z.string().max(256).optional(),
  role: RoleSchema,
  parts: z.array(PartSchema).min(1),
  metadata: Metadata.optional(),
  extensions: z.array(z.string()).optional(),
  referenceTaskIds: z.array(z.string()).optional(),
});
export type Message = z.infer<typeof MessageSchema>;

export const TaskStatusSchema = z.object({
  state: TaskStateSchema,
  message: MessageSchema.optional(),
  timestamp: z.string().optional(),
});
export type TaskStatus = z.infer<typeof TaskStatusSchema>;

export const ArtifactSchema = z.object({
  artifactId: z.string(),
  name: z.string().optional(),
  description: z.string().optional(),
  parts: z.array(PartSchema),
  metadata: Metadata.optional(),
  extensions: z.array(z.string()).optional(),
});
export type Artifact = z.infer<typeof ArtifactSchema>;

export const TaskSchema = z.object({
  id: z.string(),
  contextId: z.string(),
  status: TaskStatusSchema,
  artifacts: z.array(ArtifactSchema).optional(),
  history: z.array(MessageSchema).optional(),
  metadata: Metadata.optional(),
});
export type Task = z.infer<typeof TaskSchema>;

export const ProtocolBindingSchema = z.enum(['JSONRPC', 'HTTP+JSON', 'GRPC']);

export const AgentInterfaceSchema = z.object({
  url: z.string(),
  protocolBinding: z.string(),
  protocolVersion: z.string(),
  tenant: z.string().optional(),
});

export const AgentSkillSchema = z.object({
  id: z.string(),
  name: z.string(),
  description: z.string(),
  tags: z.array(z.string()),
  examples: z.array(z.string()).optional(),
  inputModes: z.array(z.string()).optional(),
  outputModes: z.array(z.string()).optional(),
});

export const AgentCardSchema = z.object({
  name: z.string(),
  description: z.string(),
  supportedInterfaces: z.array(AgentInterfaceSchema).min(1),
  provider: z.object({ url: z.string(), organization: z.string() }).optional(),
  version: z.string(),
  documentationUrl: z.string().optional(),
  capabilities: z.object({
    streaming: z.boolean().optional(),
    pushNotifications: z.boolean().optional(),
    extendedAgentCard: z.boolean().optional(),
    extensions: z.array(z.unknown()).optional(),
  }),
  securitySchemes: z.record(z.string(), z.unknown()).optional(),
  securityRequirements: z.array(z.unknown()).optional(),
  defaultInputModes: z.array(z.string()),
  defaultOutputModes: z.array(z.string()),
  skills: z.array(AgentSkillSchema),
  iconUrl: z.string().optional(),
});
export type AgentCard = z.infer<typeof AgentCardSchema>;

/** Interrupted states: the task waits for the caller; a blocking send returns, a stream ends. */
export const INTERRUPTED_TASK_STATES: readonly TaskState[] = [
  'TASK_STATE_INPUT_REQUIRED',
  'TASK_STATE_AUTH_REQUIRED',
];

export const isTerminalState = (state: TaskState) => TERMINAL_TASK_STATES.includes(state);
/** The terminal states that mean the call did not do what was asked. */
export const FAILURE_TASK_STATES: readonly TaskState[] = [
  'TASK_STATE_FAILED',
  'TASK_STATE_REJECTED',
  'TASK_STATE_CANCELED',
];
export const isFailureState = (state: TaskState) => FAILURE_TASK_STATES.includes(state);
export const isSettledState = (state: TaskState) =>
  TERMINAL_TASK_STATES.includes(state) || INTERRUPTED_TASK_STATES.includes(state);

export const SendMessageConfigurationSchema = z.object({
  acceptedOutputModes: z.array(z.string()).optional(),
  historyLength: z.number().int().min(0).optional(),
  returnImmediately: z.boolean().optional(),
});
export type SendMessageConfiguration = z.infer<typeof SendMessageConfigurationSchema>;

/** v1.0 `SendMessage` / `SendStreamingMessage` params. */
export const SendMessageRequestSchema = z.object({
  message: MessageSchema,
  configuration: SendMessageConfigurationSchema.optional(),
  metadata: Metadata.optional(),
});
export type SendMessageRequest = z.infer<typeof SendMessageRequestSchema>;

const TaskIdSchema = z.string().min(1).max(256);
const TenantSchema = z.string().max(256).optional();

/** v1.0 `GetTask` params. */
export const GetTaskRequestSchema = z.object({
  id: TaskIdSchema,
  historyLength: z.number().int().min(0).optional(),
  tenant: TenantSchema,
});
export type GetTaskRequest = z.infer<typeof GetTaskRequestSchema>;

/** v1.0 `CancelTask` params. */
export const CancelTaskRequestSchema = z.object({
  id: TaskIdSchema,
  metadata: Metadata.optional(),
  tenant: TenantSchema,
});
export type CancelTaskRequest = z.infer<typeof CancelTaskRequestSchema>;

/** v1.0 `SubscribeToTask` params. */
export const SubscribeToTaskRequestSchema = z.object({ id: TaskIdSchema, tenant: TenantSchema });
export type SubscribeToTaskRequest = z.infer<typeof SubscribeToTaskRequestSchema>;

/** v1.0 `SendMessage` result: a task, or a direct message for a stateless reply. */
export const SendMessageResponseSchema = z.union([
  z.object({ task: TaskSchema }),
  z.object({ message: MessageSchema }),
]);
export type SendMessageResponse = z.infer<typeof SendMessageResponseSchema>;

export const TaskStatusUpdateEventSchema = z.object({
  taskId: z.string(),
  contextId: z.string(),
  status: TaskStatusSchema,
  metadata: Metadata.optional(),
});
export type TaskStatusUpdateEvent = z.infer<typeof TaskStatusUpdateEventSchema>;

export const TaskArtifactUpdateEventSchema = z.object({
  taskId: z.string(),
  contextId: z.string(),
  artifact: ArtifactSchema,
  append: z.boolean().optional(),
  lastChunk: z.boolean().optional(),
  metadata: Metadata.optional(),
});
export type TaskArtifactUpdateEvent = z.infer<typeof TaskArtifactUpdateEventSchema>;

/** One event of a v1.0 stream (`SendStreamingMessage`, `SubscribeToTask`). */
export const StreamEventSchema = z.union([
  z.object({ task: TaskSchema }),
  z.object({ message: MessageSchema }),
  z.object({ statusUpdate: TaskStatusUpdateEventSchema }),
  z.object({ artifactUpdate: TaskArtifactUpdateEventSchema }),
]);
export type StreamEvent = z.infer<typeof StreamEventSchema>;

/** The proto's default `TaskState`: in a request it means the field is not set. */
export const TASK_STATE_UNSPECIFIED = 'TASK_STATE_UNSPECIFIED';

/**
 * v1.0 `ListTasks` params (JSON form). Empty strings and `TASK_STATE_UNSPECIFIED` are the proto's
 * defaults and mean "not set"; `tenant` is accepted and ignored (a gateway route is one agent).
 */
export const ListTasksRequestSchema = z.object({
  tenant: z.string().optional(),
  contextId: z.string().max(256).optional(),
  status: z.union([TaskStateSchema, z.literal(TASK_STATE_UNSPECIFIED)]).optional(),
  pageSize: z.number().int().min(1).max(100).optional(),
  pageToken: z.string().max(1024).optional(),
  historyLength: z.number().int().min(0).optional(),
  statusTimestampAfter: z.iso.datetime({ offset: true, error: 'must be an RFC 3339 timestamp' }).optional(),
  includeArtifacts: z.boolean().optional(),
});
export type ListTasksRequest = z.infer<typeof ListTasksRequestSchema>;

/** v1.0 `ListTasks` result. `nextPageToken` is always present: empty on the last page. */
export const ListTasksResponseSchema = z.object({
  tasks: z.array(TaskSchema),
  nextPageToken: z.string(),
  pageSize: z.number().int().min(0),
  totalSize: z.number().int().min(0),
});
export type ListTasksResponse = z.infer<typeof ListTasksResponseSchema>;
