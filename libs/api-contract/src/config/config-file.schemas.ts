import { z } from 'zod';
import { AgentFileEntrySchema, AgentNameSchema } from '../agents/agent.schemas';
import { booleanQuery } from '../common/boolean-query.schema';
import { SERVER_AGENTS_MAX, ServerCreateSchema } from '../servers/servers.schemas';

/** The catalog file's format version (`version:` at its top). */
export const CATALOG_FILE_VERSION = 1;

/** A virtual server in the catalog file: its agents by name (names are the file's keys, ids are not portable). */
export const ServerFileEntrySchema = ServerCreateSchema.omit({ associatedAgents: true }).extend({
  agents: z
    .array(AgentNameSchema)
    .max(SERVER_AGENTS_MAX)
    .default([])
    .meta({ description: 'Names of the agents this server exposes, one MCP tool each, in order.' }),
});
export type ServerFileEntry = z.infer<typeof ServerFileEntrySchema>;

/**
 * The catalog file (`AGENTS_FILE`, YAML): the agents and virtual servers it declares, keyed by name. Any
 * string may hold `${ENV_VAR}` (or `${ENV_VAR:-default}`) references, resolved when the file is applied;
 * `$${` stands for a literal `${`.
 */
export const CatalogFileSchema = z.strictObject({
  version: z.literal(CATALOG_FILE_VERSION).default(CATALOG_FILE_VERSION),
  agents: z.array(AgentFileEntrySchema).default([]),
  servers: z.array(ServerFileEntrySchema).default([]),
});
export type CatalogFile = z.infer<typeof CatalogFileSchema>;

export const ConfigReloadQuerySchema = z.strictObject({
  dryRun: booleanQuery.optional().meta({
    description: 'true: check the file and answer what applying it would change, without changing anything.',
  }),
});
export type ConfigReloadQuery = z.infer<typeof ConfigReloadQuerySchema>;

const changesSchema = z.object({
  created: z.array(z.string()).meta({ description: 'Names declared by the file and new to the catalog.' }),
  updated: z
    .array(z.string())
    .meta({ description: 'Names whose catalog entry differed from the file and now follows it.' }),
  deleted: z.array(z.string()).meta({
    description: 'Names the file declared when it was last applied and no longer declares.',
  }),
  unchanged: z.number().int().meta({ description: 'Entries already as the file declares them.' }),
});

/** What applying the catalog file did (or, with `dryRun`, would do). */
export const ConfigApplyResultSchema = z.object({
  file: z.string().meta({ description: 'The file applied (AGENTS_FILE).' }),
  dryRun: z.boolean(),
  agents: changesSchema,
  servers: changesSchema,
});
export type ConfigApplyResult = z.infer<typeof ConfigApplyResultSchema>;

/** One problem in the catalog file, where it is. */
export const ConfigFileProblemSchema = z.object({
  line: z.number().int().nullable(),
  column: z.number().int().nullable(),
  path: z
    .string()
    .meta({
      description: 'Where in the document, e.g. `agents[1].endpointUrl`.',
      example: 'agents[1].endpointUrl',
    }),
  message: z.string(),
});
export type ConfigFileProblem = z.infer<typeof ConfigFileProblemSchema>;
