import { Inject, Injectable } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { AGENT_AUTH_SCHEMAS, checkProviderConfig } from '@switchboard/a2a-protocol';
import { CatalogFileSchema, CATALOG_FILE_VERSION } from '@switchboard/api-contract';
import { isDeepStrictEqual } from 'node:util';
import { Repository } from 'typeorm';
import type { z } from 'zod';
import { AgentEntity } from '../agents/entities/agent.entity';
import { a2aConfig } from '../config';
import { ServerAgentEntity, VirtualServerEntity } from '../servers/entities/virtual-server.entity';
import { escapeEnv, toYaml } from './catalog-yaml';

/** The whole catalog as a catalog file (secrets left out), agents and servers by name. */
@Injectable()
export class CatalogFileExporter {
  constructor(
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
    @InjectRepository(AgentEntity) private readonly agentRows: Repository<AgentEntity>,
    @InjectRepository(VirtualServerEntity) private readonly serverRows: Repository<VirtualServerEntity>,
    @InjectRepository(ServerAgentEntity) private readonly serverAgentRows: Repository<ServerAgentEntity>,
  ) {}

  async export(): Promise<string> {
    const [agents, servers, links] = await Promise.all([
      this.agentRows.find(),
      this.serverRows.find(),
      this.serverAgentRows.find({ order: { position: 'ASC' } }),
    ]);
    const nameOf = new Map(agents.map((a) => [a.id, a.name]));
    const comments = new Map<PropertyKey[], string>();
    const agentEntries = agents.sort(byName).map((agent, i) => {
      if (agent.authType !== 'none') comments.set(['agents', i], authComment(agent));
      return this.entryOf(agent);
    });
    const serverEntries = servers.sort(byName).map((server) =>
      compact(
        {
          name: server.name,
          description: server.description,
          tags: server.tags,
          enabled: server.enabled,
          agents: links.filter((l) => l.serverId === server.id).map((l) => nameOf.get(l.agentId)),
        },
        SERVER_DEFAULTS,
      ),
    );
    const header =
      ` Switchboard catalog, exported ${new Date().toISOString()}.\n` +
      ` Apply it with AGENTS_FILE=<this file>: at start, on POST /config/reload, or on SIGHUP.\n` +
      ` Secrets are not exported; \${ENV_VAR} references in any value are resolved when the file is applied.`;
    return toYaml(
      { version: CATALOG_FILE_VERSION, agents: escapeEnv(agentEntries), servers: escapeEnv(serverEntries) },
      header,
      comments,
    );
  }

  /** An agent as a file entry: the fields an operator sets, defaults left out, secrets never. */
  private entryOf(agent: AgentEntity): Record<string, unknown> {
    const providerDefaults = checkProviderConfig(agent.provider, {});
    return compact(
      {
        name: agent.name,
        description: agent.description,
        endpointUrl: agent.endpointUrl,
        provider: agent.provider,
        protocolVersion: agent.protocolVersion,
        capabilities: agent.capabilities,
        config: agent.config,
        providerConfig: agent.providerConfig,
        authType: agent.authType,
        tags: agent.tags,
        enabled: agent.enabled,
        timeoutMs: agent.timeoutMs,
        rateLimitRpm: agent.rateLimitRpm,
        costPerRequest: agent.costPerRequest,
        pricing: agent.pricing,
        budget: agent.budget,
      },
      {
        ...AGENT_DEFAULTS,
        providerConfig: providerDefaults.success ? providerDefaults.data : {},
        timeoutMs: this.config.defaultTimeoutMs,
      },
    );
  }
}

/** What an entry gets for each field it leaves out (left out of an export too). */
const {
  name: _n,
  endpointUrl: _e,
  ...AGENT_DEFAULTS
} = CatalogFileSchema.parse({
  agents: [{ name: 'x', endpointUrl: 'http://x/' }],
}).agents[0];
const { name: _s, ...SERVER_DEFAULTS } = CatalogFileSchema.parse({ servers: [{ name: 'x' }] }).servers[0];

/** The entry without empty values and without values equal to their default. */
function compact(entry: Record<string, unknown>, defaults: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(entry).filter(
      ([key, value]) =>
        value !== null &&
        value !== undefined &&
        !(key in defaults && isDeepStrictEqual(value, defaults[key])),
    ),
  );
}

function authComment(agent: AgentEntity): string {
  const prefix = agent.slug.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
  const fields = Object.entries(AGENT_AUTH_SCHEMAS[agent.authType].shape)
    .filter(([, schema]) => !(schema as z.ZodType).safeParse(undefined).success) // required ones
    .map(([field]) => field)
    .map((field) => `${field}: \${${prefix}_${field.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase()}}`)
    .join(', ');
  return (
    ` auth (${agent.authType}) is not exported: without it the stored secret is kept;` +
    ` to set it from the environment, add  auth: { ${fields} }`
  );
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
