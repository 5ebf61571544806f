import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import { AGENT_AUTH_SCHEMAS, checkProviderConfig, slugify } from '@switchboard/a2a-protocol';
import {
  CatalogFileSchema,
  findJsonProblem,
  CATALOG_FILE_VERSION,
  type AgentFileEntry,
  type CatalogFile,
  type ConfigApplyResult,
  type ConfigFileProblem,
  type ServerFileEntry,
} from '@switchboard/api-contract';
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { DataSource, Repository } from 'typeorm';
import type { z } from 'zod';
import { AgentsService } from '../agents/agents.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { AdvisoryLock, withAdvisoryLock } from '../common/db/advisory-lock';
import type { RequestMeta } from '../common/http/request-meta.decorator';
import { OutboundUrlPolicy } from '../common/outbound/outbound-url.policy';
import { a2aConfig } from '../config';
import { ServerAgentEntity, VirtualServerEntity } from '../servers/entities/virtual-server.entity';
import { ServersService } from '../servers/servers.service';
import { CatalogFileErrorCode, CatalogFileException } from './catalog-file.exception';
import { escapeEnv, resolveEnv, toYaml, YamlSource } from './catalog-yaml';
import { CatalogFileEntryEntity } from './entities/catalog-file-entry.entity';

/** At most this many problems are reported at once (a broken file can have thousands). */
const PROBLEMS_MAX = 50;
/** The read results of servers are not used here; their MCP URL needs a base, which a file apply has none of. */
const NO_BASE_URL = '';

interface Plan {
  agents: {
    create: AgentFileEntry[];
    update: { row: AgentEntity; entry: AgentFileEntry }[];
    delete: AgentEntity[];
    unchanged: number;
  };
  servers: {
    create: ServerFileEntry[];
    update: { row: VirtualServerEntity; entry: ServerFileEntry }[];
    delete: VirtualServerEntity[];
    unchanged: number;
  };
  declared: CatalogFileEntryEntity[];
}

/**
 * The catalog file (AGENTS_FILE): agents and virtual servers declared in YAML under version control,
 * applied at start, on `POST /config/reload` and on SIGHUP. Entries are keyed by name: a declared entry is
 * created or brought in line with the file; one the file declared at its last apply and no longer does is
 * deleted; everything else in the catalog is left alone. The whole file is checked before anything is
 * written, and every write goes through the same services as the REST API (audit fields, change events
 * for the gateway's caches, MCP sessions and other replicas).
 */
@Injectable()
export class CatalogFileService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CatalogFileService.name);
  /** Applies run one at a time in this process (and one at a time across replicas, by advisory lock). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onHangup = () => void this.applyOnSignal();

  constructor(
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
    @InjectRepository(AgentEntity) private readonly agentRows: Repository<AgentEntity>,
    @InjectRepository(VirtualServerEntity) private readonly serverRows: Repository<VirtualServerEntity>,
    @InjectRepository(ServerAgentEntity) private readonly serverAgentRows: Repository<ServerAgentEntity>,
    @InjectRepository(CatalogFileEntryEntity) private readonly declared: Repository<CatalogFileEntryEntity>,
    private readonly agents: AgentsService,
    private readonly servers: ServersService,
    private readonly outbound: OutboundUrlPolicy,
    private readonly db: DataSource,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.config.agentsFile) return;
    try {
      this.logger.log(summaryOf(await this.apply(FILE_META)));
    } catch (error) {
      // Refuse to start on a broken file, saying everything that is wrong with it.
      throw error instanceof CatalogFileException ? new Error(reportOf(error)) : error;
    }
    process.on('SIGHUP', this.onHangup);
  }

  onModuleDestroy(): void {
    process.off('SIGHUP', this.onHangup);
  }

  /** Check the file, then (unless `dryRun`) make the catalog match it. Answers what changed. */
  apply(meta: RequestMeta, dryRun = false): Promise<ConfigApplyResult> {
    const run = this.queue.then(() => this.applyNow(meta, dryRun));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** The whole catalog as a catalog file (secrets left out), agents and servers by name. */
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

  private async applyOnSignal(): Promise<void> {
    try {
      this.logger.log(`SIGHUP: ${summaryOf(await this.apply(FILE_META))}`);
    } catch (error) {
      this.logger.error(
        `SIGHUP: catalog file not applied, nothing changed. ${error instanceof CatalogFileException ? reportOf(error) : (error as Error).message}`,
      );
    }
  }

  private async applyNow(meta: RequestMeta, dryRun: boolean): Promise<ConfigApplyResult> {
    const file = this.config.agentsFile;
    if (!file) {
      throw new CatalogFileException(
        CatalogFileErrorCode.NotConfigured,
        'No catalog file: start Switchboard with AGENTS_FILE=<path to a YAML file> to use one',
      );
    }
    const catalog = await this.read(file);
    return withAdvisoryLock(this.db, AdvisoryLock.catalogFile, async () => {
      const plan = await this.plan(file, catalog);
      if (!dryRun) await this.execute(plan, meta);
      return {
        file,
        dryRun,
        agents: changesOf(plan.agents),
        servers: changesOf(plan.servers),
      };
    });
  }

  /** The file, parsed, with its references resolved and checked against the shared schemas. */
  private async read(file: string): Promise<{ data: CatalogFile; source: YamlSource }> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      throw new CatalogFileException(CatalogFileErrorCode.Unreadable, `${file} cannot be read (${code})`, {
        file,
      });
    }
    const { source, problems } = YamlSource.parse(text);
    if (problems.length > 0) throw invalid(file, problems);
    const value = source.value() ?? {};
    // Before anything recursive (resolveEnv, the schema, TypeORM) walks it. Environment values cannot add
    // depth, NUL or lone surrogates, so the resolved document needs no second look.
    const problem = findJsonProblem(value);
    if (problem) throw invalid(file, [source.problem(problem.path, problem.message)]);
    const resolved = resolveEnv(value, process.env, (path, message) =>
      problems.push(source.problem(path, message)),
    );
    if (problems.length > 0) throw invalid(file, problems);
    const parsed = CatalogFileSchema.safeParse(resolved);
    if (!parsed.success) throw invalid(file, source.problemsOf(parsed.error));
    return { data: parsed.data, source };
  }

  /** What applying the file means for the catalog as it is now; refused whole when any entry cannot be. */
  private async plan(
    file: string,
    { data, source }: { data: CatalogFile; source: YamlSource },
  ): Promise<Plan> {
    const [agentRows, serverRows, links, declaredRows] = await Promise.all([
      this.agentRows.find(),
      this.serverRows.find(),
      this.serverAgentRows.find({ order: { position: 'ASC' } }),
      this.declared.find(),
    ]);
    const problems: ConfigFileProblem[] = [];
    const wasDeclared = (kind: 'agent' | 'server', name: string) =>
      declaredRows.some((d) => d.kind === kind && d.name === name);

    // Agents.
    const agentByName = new Map(agentRows.map((a) => [a.name, a]));
    const fileAgents = firstOfEachName(data.agents, 'agents', source, problems);
    const deletedAgents = agentRows
      .filter((a) => wasDeclared('agent', a.name) && !fileAgents.has(a.name))
      .sort(byName);
    // Slugs are unique too: those of the agents that stay, then those of the file's agents.
    const slugOwners = new Map(
      agentRows
        .filter((a) => !fileAgents.has(a.name) && !deletedAgents.includes(a))
        .map((a) => [a.slug, a.name]),
    );
    data.agents.forEach((entry, i) => {
      const at = ['agents', i];
      const slug = slugify(entry.name);
      const owner = slugOwners.get(slug);
      if (owner !== undefined && owner !== entry.name) {
        problems.push(
          source.problem(
            [...at, 'name'],
            `"${entry.name}" gives the slug "${slug}", which agent "${owner}" uses`,
          ),
        );
      }
      slugOwners.set(slug, owner ?? entry.name);
      try {
        this.outbound.assertAllowed(entry.endpointUrl, 'endpointUrl');
      } catch (error) {
        problems.push(source.problem([...at, 'endpointUrl'], (error as Error).message));
      }
      const stored = agentByName.get(entry.name);
      const keepsSecret = stored?.authType === entry.authType && stored.authValue !== null;
      if (entry.authType !== 'none' && entry.auth === undefined && !keepsSecret) {
        problems.push(
          source.problem(
            at,
            `auth is required for authType "${entry.authType}": write its secret as a \${ENV_VAR} reference`,
            'authType',
          ),
        );
      }
    });
    const total =
      agentRows.length -
      deletedAgents.length +
      [...fileAgents.keys()].filter((n) => !agentByName.has(n)).length;
    if (total > this.config.maxAgents) {
      problems.push(
        source.problem(
          ['agents'],
          `the catalog would hold ${total} agents; A2A_MAX_AGENTS is ${this.config.maxAgents}`,
        ),
      );
    }

    // Servers: their agents by name, from the file or from what stays in the catalog.
    const agentNameOf = new Map(agentRows.map((a) => [a.id, a.name]));
    const callable = (name: string) =>
      fileAgents.has(name) || (agentByName.has(name) && !deletedAgents.some((a) => a.name === name));
    const fileServers = firstOfEachName(data.servers, 'servers', source, problems);
    data.servers.forEach((entry, i) =>
      entry.agents.forEach((name, j) => {
        if (!callable(name)) {
          problems.push(
            source.problem(
              ['servers', i, 'agents', j],
              `no agent named "${name}" in the file or the catalog`,
            ),
          );
        }
      }),
    );
    if (problems.length > 0) throw invalid(file, problems);

    const serverByName = new Map(serverRows.map((s) => [s.name, s]));
    const plan: Plan = {
      agents: { create: [], update: [], delete: deletedAgents, unchanged: 0 },
      servers: {
        create: [],
        update: [],
        delete: serverRows
          .filter((s) => wasDeclared('server', s.name) && !fileServers.has(s.name))
          .sort(byName),
        unchanged: 0,
      },
      declared: [
        ...[...fileAgents.keys()].map((name) => this.declared.create({ kind: 'agent', name })),
        ...[...fileServers.keys()].map((name) => this.declared.create({ kind: 'server', name })),
      ],
    };
    for (const entry of fileAgents.values()) {
      const row = agentByName.get(entry.name);
      if (!row) plan.agents.create.push(entry);
      else if (this.agents.differs(row, entry)) plan.agents.update.push({ row, entry });
      else plan.agents.unchanged++;
    }
    for (const entry of fileServers.values()) {
      const row = serverByName.get(entry.name);
      const agentNames = links.filter((l) => l.serverId === row?.id).map((l) => agentNameOf.get(l.agentId));
      if (!row) plan.servers.create.push(entry);
      else if (
        !isDeepStrictEqual(
          [row.description, row.tags, row.enabled, agentNames],
          [entry.description ?? null, entry.tags, entry.enabled, unique(entry.agents)],
        )
      ) {
        plan.servers.update.push({ row, entry });
      } else plan.servers.unchanged++;
    }
    return plan;
  }

  /** Deletions first (a new entry may reuse what a deleted one held), then agents, then the servers using them. */
  private async execute(plan: Plan, meta: RequestMeta): Promise<void> {
    for (const server of plan.servers.delete) await this.servers.remove(server.id);
    for (const agent of plan.agents.delete) await this.agents.remove(agent.id);
    for (const entry of plan.agents.create) await this.agents.create(entry, meta);
    for (const { row, entry } of plan.agents.update) {
      // What the entry leaves out goes back to its default, as at registration.
      await this.agents.update(row.id, { ...entry, ...this.agents.settingsOf(entry) }, meta);
    }
    if (plan.servers.create.length + plan.servers.update.length > 0) {
      const idOf = new Map(
        (await this.agentRows.find({ select: { id: true, name: true } })).map((a) => [a.name, a.id]),
      );
      const serverFields = ({ agents, ...entry }: ServerFileEntry) => ({
        ...entry,
        associatedAgents: unique(agents).map((name) => idOf.get(name) as string),
      });
      for (const entry of plan.servers.create)
        await this.servers.create(serverFields(entry), meta, NO_BASE_URL);
      for (const { row, entry } of plan.servers.update) {
        await this.servers.update(
          row.id,
          { ...serverFields(entry), description: entry.description ?? null },
          meta,
          NO_BASE_URL,
        );
      }
    }
    await this.db.transaction(async (tx) => {
      await tx.query('DELETE FROM catalog_file_entries');
      if (plan.declared.length > 0) await tx.insert(CatalogFileEntryEntity, plan.declared);
    });
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

/** Who writes when the file is applied at start or on SIGHUP. */
const FILE_META: RequestMeta = { actor: 'AGENTS_FILE', ip: null, userAgent: null, via: 'config' };

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

/** Entries by name; a name given twice is a problem at the second place. */
function firstOfEachName<T extends { name: string }>(
  entries: T[],
  list: 'agents' | 'servers',
  source: YamlSource,
  problems: ConfigFileProblem[],
): Map<string, T> {
  const byName = new Map<string, T>();
  entries.forEach((entry, i) => {
    if (byName.has(entry.name)) {
      const first = entries.findIndex((e) => e.name === entry.name);
      problems.push(
        source.problem([list, i, 'name'], `"${entry.name}" is declared twice (also ${list}[${first}])`),
      );
    } else byName.set(entry.name, entry);
  });
  return byName;
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

function changesOf(part: Plan['agents'] | Plan['servers']): ConfigApplyResult['agents'] {
  return {
    created: part.create.map((entry) => entry.name),
    updated: part.update.map((u) => u.row.name),
    deleted: part.delete.map((d) => d.name),
    unchanged: part.unchanged,
  };
}

function invalid(file: string, problems: ConfigFileProblem[]): CatalogFileException {
  const shown = problems.slice(0, PROBLEMS_MAX);
  return new CatalogFileException(
    CatalogFileErrorCode.Invalid,
    `${where(file, shown[0])}: ${shown[0].message}` +
      (problems.length > 1 ? ` (and ${problems.length - 1} more problem(s))` : ''),
    { file, problems: shown },
  );
}

function where(file: string, problem: ConfigFileProblem): string {
  const at = problem.line === null ? file : `${file}:${problem.line}:${problem.column}`;
  return problem.path ? `${at} ${problem.path}` : at;
}

/** Every problem of a refused file, one per line. */
function reportOf(error: CatalogFileException): string {
  const { file, problems } = (error.details ?? {}) as { file?: string; problems?: ConfigFileProblem[] };
  if (!file || !problems) return error.message;
  return [`Catalog file ${file} refused:`, ...problems.map((p) => `  ${where(file, p)}: ${p.message}`)].join(
    '\n',
  );
}

function summaryOf(result: ConfigApplyResult): string {
  const part = (c: ConfigApplyResult['agents']) =>
    `${c.created.length} created, ${c.updated.length} updated, ${c.deleted.length} deleted, ${c.unchanged} unchanged`;
  return `Applied ${result.file}: agents ${part(result.agents)}; servers ${part(result.servers)}`;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const unique = <T>(items: T[]) => [...new Set(items)];
