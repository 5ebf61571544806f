import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import type { ConfigApplyResult, ServerFileEntry } from '@switchboard/api-contract';
import { DataSource, QueryFailedError, type EntityManager } from 'typeorm';
import { AgentsService } from '../agents/agents.service';
import { AgentEntity } from '../agents/entities/agent.entity';
import { AdvisoryLock, takeAdvisoryXactLock } from '../common/db/advisory-lock';
import { UnitOfWork } from '../common/db/unit-of-work';
import { DomainException } from '../common/errors/domain.exception';
import { unavailableDependency } from '../common/errors/outage';
import type { RequestMeta } from '../common/http/request-meta.decorator';
import { OutboundUrlPolicy } from '../common/outbound/outbound-url.policy';
import { a2aConfig } from '../config';
import { ServerAgentEntity, VirtualServerEntity } from '../servers/entities/virtual-server.entity';
import { ServersService } from '../servers/servers.service';
import { CatalogFileErrorCode, CatalogFileException, invalidFile, reportOf } from './catalog-file.exception';
import { readCatalogFile } from './catalog-file.reader';
import {
  catalogRulesOf,
  changesOf,
  planCatalog,
  uniqueNames,
  type CatalogPlan,
  type CatalogRows,
  type CatalogRules,
} from './catalog-plan';
import type { YamlSource } from './catalog-yaml';
import { CatalogFileEntryEntity } from './entities/catalog-file-entry.entity';

/** One write of an apply, named for the error that says which entry the catalog refused. */
interface Step {
  /** `agents[2] "name"`, or `agent "name" (no longer declared)` for a deletion. */
  entry: string;
  /** Where the entry is in the file (a deletion has no place). */
  path: PropertyKey[] | null;
  write: () => Promise<unknown>;
}

/**
 * The catalog file (AGENTS_FILE): agents and virtual servers declared in YAML under version control,
 * applied at start, on `POST /config/reload` and on SIGHUP. The file is read and checked whole, planned
 * against the catalog as it is (`planCatalog`, with the catalog services' own rules), then applied in one
 * transaction: a write refused part way changes nothing. Every write goes through the same services as the
 * REST API (audit fields, and change events for the gateway's caches, MCP sessions and other replicas, sent
 * once the transaction has committed).
 */
@Injectable()
export class CatalogFileService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger(CatalogFileService.name);
  /** Applies run one at a time in this process (and one at a time across replicas, by advisory lock). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly onHangup = () => void this.applyOnSignal();
  private readonly rules: CatalogRules;

  constructor(
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
    private readonly agents: AgentsService,
    private readonly servers: ServersService,
    outbound: OutboundUrlPolicy,
    private readonly db: DataSource,
  ) {
    this.rules = catalogRulesOf(agents, outbound);
  }

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
    const catalog = await readCatalogFile(file, process.env);
    // Planned and applied on one transaction: what the plan read is what it writes over, and every query
    // stays on the transaction's connection.
    return UnitOfWork.run(this.db, async (uow) => {
      await takeAdvisoryXactLock(uow.manager, AdvisoryLock.catalogFile);
      const planned = planCatalog(catalog, await rowsOf(uow.manager), this.rules);
      if ('problems' in planned) throw invalidFile(file, planned.problems);
      const { plan } = planned;
      if (!dryRun) await this.execute(plan, uow, meta, { file, source: catalog.source });
      return { file, dryRun, agents: changesOf(plan.agents), servers: changesOf(plan.servers) };
    });
  }

  /** Deletions first (a new entry may reuse what a deleted one held), then agents, then the servers using them. */
  private async execute(
    plan: CatalogPlan,
    uow: UnitOfWork,
    meta: RequestMeta,
    at: { file: string; source: YamlSource },
  ): Promise<void> {
    const steps: Step[] = [
      ...plan.servers.delete.map((server) => ({
        entry: `server "${server.name}" (no longer declared)`,
        path: null,
        write: () => this.servers.removeIn(uow, server.id),
      })),
      ...plan.agents.delete.map((agent) => ({
        entry: `agent "${agent.name}" (no longer declared)`,
        path: null,
        write: () => this.agents.removeIn(uow, agent.id),
      })),
      ...plan.agents.create.map(({ entry, index }) => ({
        entry: `agents[${index}] "${entry.name}"`,
        path: ['agents', index],
        write: () => this.agents.createIn(uow, entry, meta),
      })),
      ...plan.agents.update.map(({ entry, index, row }) => ({
        entry: `agents[${index}] "${entry.name}"`,
        path: ['agents', index],
        // What the entry leaves out goes back to its default, as at registration.
        write: () => this.agents.updateIn(uow, row.id, { ...entry, ...this.agents.settingsOf(entry) }, meta),
      })),
    ];
    for (const step of steps) await this.run(step, at);

    if (plan.servers.create.length + plan.servers.update.length > 0) {
      const idOf = new Map(
        (await uow.manager.find(AgentEntity, { select: { id: true, name: true } })).map((a) => [
          a.name,
          a.id,
        ]),
      );
      const serverFields = ({ agents, ...entry }: ServerFileEntry) => ({
        ...entry,
        associatedAgents: uniqueNames(agents).map((name) => idOf.get(name) as string),
      });
      const serverSteps: Step[] = [
        ...plan.servers.create.map(({ entry, index }) => ({
          entry: `servers[${index}] "${entry.name}"`,
          path: ['servers', index],
          write: () => this.servers.createIn(uow, serverFields(entry), meta),
        })),
        ...plan.servers.update.map(({ entry, index, row }) => ({
          entry: `servers[${index}] "${entry.name}"`,
          path: ['servers', index],
          write: () =>
            this.servers.updateIn(
              uow,
              row.id,
              { ...serverFields(entry), description: entry.description ?? null },
              meta,
            ),
        })),
      ];
      for (const step of serverSteps) await this.run(step, at);
    }
    await uow.manager.query('DELETE FROM catalog_file_entries');
    if (plan.declared.length > 0) await uow.manager.insert(CatalogFileEntryEntity, plan.declared);
  }

  /**
   * One write; a refusal (a catalog rule, or the database's: a constraint, a trigger) becomes the apply's
   * error, naming the entry, and the transaction rolls back. An outage stays what it is (a typed 503), and
   * anything else an unknown error (500, logged by the error filter).
   */
  private async run(step: Step, { file, source }: { file: string; source: YamlSource }): Promise<void> {
    try {
      await step.write();
    } catch (error) {
      if (unavailableDependency(error)) throw error;
      let reason: string;
      if (error instanceof DomainException) reason = error.message;
      else if (error instanceof QueryFailedError) {
        reason = `the database refused the write: ${error.message}`;
        this.logger.warn(`Catalog file ${file}: ${step.entry} refused by the database: ${error.message}`);
      } else throw error;
      const place = step.path ? source.problem(step.path, reason) : null;
      const line = place?.line == null ? '' : `:${place.line}:${place.column}`;
      throw new CatalogFileException(
        CatalogFileErrorCode.NotApplied,
        `${file}${line} ${step.entry}: ${reason}. Nothing of the file was applied`,
        {
          file,
          entry: step.entry,
          line: place?.line ?? null,
          column: place?.column ?? null,
          ...(error instanceof DomainException ? { cause: error.code } : {}),
        },
      );
    }
  }
}

/** The catalog as a plan needs it, read on the apply's transaction. */
async function rowsOf(manager: EntityManager): Promise<CatalogRows> {
  const agents = await manager.find(AgentEntity);
  const servers = await manager.find(VirtualServerEntity);
  const links = await manager.find(ServerAgentEntity, { order: { position: 'ASC' } });
  const declared = await manager.find(CatalogFileEntryEntity);
  return { agents, servers, links, declared };
}

/** Who writes when the file is applied at start or on SIGHUP. */
const FILE_META: RequestMeta = { actor: 'AGENTS_FILE', ip: null, userAgent: null, via: 'config' };

function summaryOf(result: ConfigApplyResult): string {
  const part = (c: ConfigApplyResult['agents']) =>
    `${c.created.length} created, ${c.updated.length} updated, ${c.deleted.length} deleted, ${c.unchanged} unchanged`;
  return `Applied ${result.file}: agents ${part(result.agents)}; servers ${part(result.servers)}`;
}
