import { z } from 'zod';
import { AgentNameSchema, AgentTagSchema, AGENT_TAGS_MAX } from '../agents/agent.schemas';
import { pageCursor, pageLimit, pageOf } from '../common/pagination.schema';
import { requestBody, type RequestBodyOptions } from '../common/request-body';

/** Agents one virtual server can expose as tools. */
export const SERVER_AGENTS_MAX = 5_000;
/** MCP tool names: [A-Za-z0-9_.-], at most 64 characters (MCP 2025-11-25). */
export const MCP_TOOL_NAME_MAX = 64;

const serverFields = {
  name: AgentNameSchema.meta({ example: 'research-tools' }),
  description: z.string().trim().max(2000).optional(),
  tags: z.array(AgentTagSchema).max(AGENT_TAGS_MAX).default([]),
  enabled: z.boolean().default(true),
  associatedAgents: z
    .array(z.uuid({ error: 'must be an agent id (uuid)' }))
    .max(SERVER_AGENTS_MAX)
    .default([])
    .meta({
      description:
        'Ids of the agents this server exposes, one MCP tool each (ContextForge’s `associated_a2a_agents`). ' +
        'Unknown ids are refused with 400 naming them; a disabled agent stays associated but is not listed as a tool.',
    }),
};

export const ServerCreateSchema = z.strictObject(serverFields);
export type ServerCreate = z.infer<typeof ServerCreateSchema>;
export type ServerCreateInput = z.input<typeof ServerCreateSchema>;

export const ServerUpdateSchema = z
  .strictObject({
    name: serverFields.name.optional(),
    description: z.string().trim().max(2000).nullable().optional(),
    tags: z.array(AgentTagSchema).max(AGENT_TAGS_MAX).optional(),
    enabled: z.boolean().optional(),
    associatedAgents: serverFields.associatedAgents.removeDefault().optional(),
  })
  .meta({
    description: 'Partial: omitted fields are unchanged; `associatedAgents` replaces the whole list.',
  });
export type ServerUpdate = z.infer<typeof ServerUpdateSchema>;

/** ContextForge's name for the server's agents; any snake_case spelling of our fields is accepted too. */
const SERVER_BODY_ALIASES: RequestBodyOptions = {
  aliases: { associated_a2a_agents: 'associatedAgents' },
  aliasNote: 'ContextForge’s `associated_a2a_agents` is accepted for `associatedAgents`.',
};
/** `POST /servers` and `PUT /servers/:id` as sent: JSON limits checked, ContextForge's names accepted. */
export const ServerCreateBodySchema = requestBody(ServerCreateSchema, SERVER_BODY_ALIASES);
export const ServerUpdateBodySchema = requestBody(ServerUpdateSchema, SERVER_BODY_ALIASES);

export const ServerReadSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string().nullable(),
  tags: z.array(z.string()),
  enabled: z.boolean(),
  associatedAgents: z.array(z.uuid()).meta({ description: 'Agent ids, in the order they were given.' }),
  mcpUrl: z.url().meta({
    description: 'The Streamable HTTP endpoint to paste into an MCP client (bearer auth).',
    example: 'http://localhost:3000/servers/4f0c…/mcp',
  }),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export type ServerRead = z.infer<typeof ServerReadSchema>;

export const ServerListQuerySchema = z.strictObject({
  tag: AgentTagSchema.optional().meta({ description: 'Only servers carrying this tag.' }),
  q: z
    .string()
    .trim()
    .max(200)
    .optional()
    .meta({ description: 'Case-insensitive search in name and description.' }),
  limit: pageLimit,
  cursor: pageCursor,
});
export type ServerListQuery = z.infer<typeof ServerListQuerySchema>;

export const ServerPageSchema = pageOf(ServerReadSchema);
export type ServerPage = z.infer<typeof ServerPageSchema>;

/** Ready-to-paste client settings for one server (`GET /servers/:id/client-config`). */
export const ServerClientConfigSchema = z.object({
  url: z.url(),
  claudeDesktop: z.record(z.string(), z.unknown()).meta({
    description:
      '`claude_desktop_config.json` content: Claude Desktop runs `npx mcp-remote <url> --header ' +
      '"Authorization:${AUTH_HEADER}"` (mcp-remote bridges stdio to Streamable HTTP).',
  }),
  cursor: z
    .record(z.string(), z.unknown())
    .meta({ description: '`.cursor/mcp.json` content (`url` + `headers`).' }),
  inspector: z.string().meta({ description: 'An MCP Inspector CLI command that lists the tools.' }),
});
export type ServerClientConfig = z.infer<typeof ServerClientConfigSchema>;

/** The tools a server's MCP endpoint lists now (`GET /servers/:id/tools`), for people rather than MCP clients. */
export const ServerToolsSchema = z.object({
  tools: z.array(
    z.object({
      name: z.string(),
      title: z.string().optional(),
      description: z.string().optional(),
      agentId: z.uuid(),
    }),
  ),
});
export type ServerTools = z.infer<typeof ServerToolsSchema>;

/** What `tools/call` answers in `structuredContent` (also the tools' `outputSchema`). */
export const ToolCallOutputSchema = z.object({
  agent: z.string().meta({ description: 'The agent’s name.' }),
  taskId: z.string().optional().meta({ description: 'The A2A task, when the agent answered with one.' }),
  contextId: z
    .string()
    .optional()
    .meta({ description: 'Send it back as `contextId` to continue the conversation.' }),
  state: z.string().meta({
    description:
      'The A2A task state (`TASK_STATE_*`), `message` for a direct answer, or `error` when the call failed.',
  }),
  text: z.string().meta({ description: 'The answer as plain text.' }),
  artifacts: z
    .array(z.object({ artifactId: z.string(), name: z.string().optional(), parts: z.array(z.unknown()) }))
    .optional(),
  error: z
    .looseObject({
      code: z.string(),
      message: z.string(),
      retryAfterMs: z.number().optional(),
    })
    .optional()
    .meta({
      description: 'Why it failed: the gateway’s code, retryAfterMs, facts, the agent’s own JSON-RPC error.',
    }),
});
export type ToolCallOutput = z.infer<typeof ToolCallOutputSchema>;

/** The arguments of every agent tool. */
export const ToolCallInputSchema = z.strictObject({
  message: z.string().min(1).max(100_000).meta({ description: 'What to send to the agent.' }),
  contextId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Continue an earlier conversation: the `contextId` of a previous answer.' }),
  taskId: z
    .string()
    .min(1)
    .max(200)
    .optional()
    .meta({ description: 'Answer a task that asked for input: the `taskId` of that answer.' }),
});
export type ToolCallInput = z.infer<typeof ToolCallInputSchema>;
/** `tools/call` arguments as sent: the text must be storable like any other input. */
export const ToolCallInputBodySchema = requestBody(ToolCallInputSchema);
