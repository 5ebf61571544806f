import {
  MessageSchema,
  PartSchema,
  SendMessageConfigurationSchema,
  SendMessageResponseSchema,
  TaskSchema,
  TaskStateSchema,
} from '@switchboard/a2a-protocol';
import { z } from 'zod';
import { AgentNameSchema, AgentTagSchema } from '../agents/agent.schemas';
import { FREE_JSON_MAX_CHARS, freeJson, maxJsonChars } from '../common/json-limits';
import { requestBody } from '../common/request-body';

const metadataJson = freeJson(FREE_JSON_MAX_CHARS.metadata);

/** A message as a REST caller may send it: messageId and role are filled in when missing. */
export const InvokeMessageSchema = MessageSchema.extend({
  messageId: z.string().min(1).max(256).optional(),
  role: z.literal('ROLE_USER').optional(),
  parts: z.array(PartSchema).min(1).max(100).superRefine(maxJsonChars(FREE_JSON_MAX_CHARS.message)),
  metadata: metadataJson.optional(),
});

/**
 * `POST /a2a/:name/invoke` and `/stream`. `message` is text or an A2A v1.0 message; ContextForge's
 * `{ parameters, interactionType }` is accepted too (a `query`/`message`/`text`/`prompt` string becomes
 * the text, `{ method, params: { message } }` sends that A2A message, anything else is sent as a data part).
 */
export const InvokeRequestSchema = z
  .strictObject({
    message: z
      .union([z.string().min(1).max(1_000_000), InvokeMessageSchema])
      .optional()
      .meta({ example: 'Hello, agent!' }),
    contextId: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .meta({ description: 'Continue this conversation (a contextId from an earlier answer).' }),
    taskId: z
      .string()
      .min(1)
      .max(256)
      .optional()
      .meta({
        description: 'Continue this task (a task id from an earlier answer); leave out to start one.',
      }),
    configuration: SendMessageConfigurationSchema.optional(),
    metadata: metadataJson.optional(),
    parameters: freeJson(FREE_JSON_MAX_CHARS.message)
      .optional()
      .meta({ description: 'ContextForge’s form (`parameters`); use `message`.' }),
    interactionType: z
      .string()
      .max(64)
      .optional()
      .meta({ description: 'ContextForge’s form (`interaction_type`); recorded as metadata.' }),
  })
  .refine((b) => b.message !== undefined || b.parameters !== undefined, {
    message: 'message (or parameters) is required',
    path: ['message'],
  })
  // The whole body's example: Swagger UI would otherwise prefill every field, `taskId: "string"` among them.
  .meta({ example: { message: 'Hello, agent!' } });
export type InvokeRequest = z.infer<typeof InvokeRequestSchema>;

/** The invoke body as sent: JSON limits checked, ContextForge's snake_case names accepted. */
export const InvokeRequestBodySchema = requestBody(InvokeRequestSchema, {
  aliasNote:
    'ContextForge’s snake_case names are accepted too (`interaction_type`, `context_id`, `task_id`).',
});

export const InvokeResponseSchema = SendMessageResponseSchema.meta({
  description: 'The agent’s answer in A2A v1.0 shape: `{ task }` or `{ message }`.',
});

export const TaskReadSchema = TaskSchema;

export const WaitQuerySchema = z.strictObject({
  timeoutMs: z.coerce.number().int().min(1).max(600_000).default(30_000),
});

export const TaskRecordSchema = z.object({
  agentName: z.string(),
  taskId: z.string(),
  contextId: z.string(),
  state: TaskStateSchema,
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type TaskRecordRead = z.infer<typeof TaskRecordSchema>;

export const TaskListQuerySchema = z.strictObject({
  agent: z.string().max(100).optional().meta({ description: 'Agent name or slug.' }),
  state: TaskStateSchema.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const TaskListSchema = z.object({ items: z.array(TaskRecordSchema) });

/** `POST /a2a/import`: register an agent from its Agent Card. */
export const AgentImportSchema = z.strictObject({
  cardUrl: z
    .url({ protocol: /^https?$/, error: 'must be an http(s) URL' })
    .max(2048)
    .meta({
      example: 'http://127.0.0.1:9999/.well-known/agent-card.json',
      description: 'The card, or the agent’s base URL.',
    }),
  name: AgentNameSchema.optional().meta({ description: 'Defaults to the card’s name.' }),
  tags: z.array(AgentTagSchema).max(20).optional(),
  enabled: z.boolean().optional(),
});
export type AgentImport = z.infer<typeof AgentImportSchema>;
export const AgentImportBodySchema = requestBody(AgentImportSchema);

/** What an import would register (`POST /a2a/import/preview`): nothing is saved. */
export const AgentImportPreviewSchema = z.object({
  cardUrl: z.string().meta({ description: 'Where the card was found.' }),
  card: z.record(z.string(), z.unknown()).meta({ description: 'The card, in A2A v1.0 shape.' }),
  agent: z.record(z.string(), z.unknown()).meta({
    description: 'The registration the import would make (the body `POST /a2a` would get).',
  }),
  collision: z
    .object({
      field: z.enum(['name', 'slug']).meta({ description: 'What the existing agent already has.' }),
      agentId: z.uuid(),
      agentName: z.string(),
      reuse: z.boolean().meta({
        description:
          'true: the existing agent is this very registration, and the import answers it (200) as a retry; ' +
          'false: the import would be refused with 409 — import under `suggestedName` instead.',
      }),
    })
    .nullable()
    .meta({
      description: 'An existing agent with the name or the slug the import would take; null if none.',
    }),
  suggestedName: z.string().nullable().meta({
    description: 'When there is a collision: a name whose slug is free, to send as `name`; null otherwise.',
    example: 'Hello World Agent 2',
  }),
});
export type AgentImportPreview = z.infer<typeof AgentImportPreviewSchema>;

/** `POST /admin/a2a/:id/test` (ContextForge's admin test): the body may be left out. */
export const AgentTestRequestSchema = z.strictObject({
  query: z
    .string()
    .min(1)
    .max(100_000)
    .optional()
    .meta({ description: 'The text to send; a greeting when left out.' }),
});
export const AgentTestRequestBodySchema = requestBody(AgentTestRequestSchema);
export type AgentTestRequest = z.infer<typeof AgentTestRequestSchema>;

export const AgentTestResultSchema = z.object({
  success: z.literal(true).meta({ description: 'Failures are error answers (404, 409, 502, …).' }),
  result: InvokeResponseSchema,
  agentName: z.string(),
  testTimestamp: z.number().meta({ description: 'Unix time of the test, in seconds.' }),
});
export type AgentTestResult = z.infer<typeof AgentTestResultSchema>;
