import { Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { ServerCreate, ServerListQuery, ServerRead, ServerUpdate } from '@switchboard/api-contract';
import { isDeepStrictEqual } from 'node:util';
import { Subject } from 'rxjs';
import { DataSource, In, Repository, type EntityManager } from 'typeorm';
import { AgentEntity } from '../agents/entities/agent.entity';
import type { UnitOfWork } from '../common/db/unit-of-work';
import { likePattern } from '../common/db/like-pattern';
import { uniqueViolation } from '../common/db/unique-violation';
import { decodeNameCursor, encodeNameCursor } from '../common/http/name-cursor';
import type { Created } from '../common/http/idempotent-create';
import type { RequestMeta } from '../common/http/request-meta.decorator';
import { ServerAgentEntity, VirtualServerEntity } from './entities/virtual-server.entity';
import { ServersErrorCode, ServersException } from './servers.exception';

/** A server as the MCP endpoint needs it on every request: kept in memory, refreshed on every write. */
export interface ServerView {
  id: string;
  name: string;
  description: string | null;
  enabled: boolean;
  agentIds: readonly string[];
}

/** A write to a server, for open MCP sessions (their tool list may have changed); `remote`: on another replica. */
export type ServerChange =
  { type: 'upsert'; server: ServerView; remote?: true } | { type: 'delete'; id: string; remote?: true };

/**
 * A server as the catalog holds it: its read model but for `mcpUrl`, which depends on where the request came
 * in and is rendered at the HTTP edge.
 */
export type ServerRecord = Omit<ServerRead, 'mcpUrl'>;

/** The catalog of virtual servers: a name, a flag and an ordered list of agents each. */
@Injectable()
export class ServersService {
  private readonly logger = new Logger(ServersService.name);
  readonly changes = new Subject<ServerChange>();
  /** Server id → view; filled on first use, replaced on each write. */
  private readonly views = new Map<string, ServerView>();
  private readonly loading = new Map<string, Promise<ServerView | null>>();

  constructor(
    @InjectRepository(VirtualServerEntity) private readonly servers: Repository<VirtualServerEntity>,
    private readonly db: DataSource,
  ) {}

  async list(query: ServerListQuery): Promise<{ items: ServerRecord[]; nextCursor: string | null }> {
    const qb = this.servers
      .createQueryBuilder('s')
      .orderBy('s.name', 'ASC')
      .take(query.limit + 1);
    if (query.tag) qb.andWhere(':tag = ANY(s.tags)', { tag: query.tag });
    if (query.q) qb.andWhere('(s.name ILIKE :q OR s.description ILIKE :q)', { q: likePattern(query.q) });
    if (query.cursor) {
      const after = decodeNameCursor(query.cursor);
      if (after === null) {
        throw new ServersException(ServersErrorCode.InvalidCursor, 'cursor is not one this API returned', {
          field: 'cursor',
        });
      }
      qb.andWhere('s.name > :after', { after });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    const agentIds = await this.agentIdsOf(
      this.db.manager,
      page.map((s) => s.id),
    );
    return {
      items: page.map((s) => this.toRead(s, agentIds.get(s.id) ?? [])),
      nextCursor: rows.length > query.limit ? encodeNameCursor(page[page.length - 1].name) : null,
    };
  }

  async get(id: string): Promise<ServerRecord> {
    const server = await this.find(id);
    const agentIds = await this.agentIdsOf(this.db.manager, [id]);
    return this.toRead(server, agentIds.get(id) ?? []);
  }

  /**
   * Create a server. Idempotent by name (a retry whose first answer was lost): an existing server of that name
   * equal to the request is answered as it is (`created: false`), one that differs is a 409. The answer is
   * built from what the transaction wrote; nothing is read after the commit.
   */
  async create(input: ServerCreate, meta: RequestMeta): Promise<Created<ServerRecord>> {
    const agentIds = unique(input.associatedAgents);
    const existing = await this.servers.findOne({ where: { name: input.name } });
    if (existing) return this.sameAs(existing, input, agentIds);
    let saved: VirtualServerEntity;
    try {
      saved = await this.db.transaction((tx) => this.insert(tx, input, agentIds, meta));
    } catch (error) {
      // The same create sent twice at once: the one that lost the race answers like a retry.
      const raced =
        error instanceof ServersException && error.code === ServersErrorCode.NameTaken
          ? await this.servers.findOne({ where: { name: input.name } })
          : null;
      if (raced) return this.sameAs(raced, input, agentIds);
      throw error;
    }
    this.announceCreated(saved, agentIds);
    return { value: this.toRead(saved, agentIds), created: true };
  }

  /**
   * Create a server inside the caller's unit of work (a name already taken is a 409, not a retry); announced
   * after its commit.
   */
  async createIn(uow: UnitOfWork, input: ServerCreate, meta: RequestMeta): Promise<void> {
    const agentIds = unique(input.associatedAgents);
    const saved = await this.insert(uow.manager, input, agentIds, meta);
    uow.afterCommit(() => this.announceCreated(saved, agentIds));
  }

  private async insert(
    tx: EntityManager,
    input: ServerCreate,
    agentIds: string[],
    meta: RequestMeta,
  ): Promise<VirtualServerEntity> {
    await this.assertAgentsExist(tx, agentIds);
    const server = await this.save(
      tx,
      tx.create(VirtualServerEntity, {
        name: input.name,
        description: input.description ?? null,
        tags: input.tags,
        enabled: input.enabled,
        createdBy: meta.actor,
        modifiedBy: null,
      }),
    );
    await this.setAgents(tx, server.id, agentIds);
    return server;
  }

  private announceCreated(saved: VirtualServerEntity, agentIds: string[]): void {
    this.logger.log(`Created server "${saved.name}" (${saved.id}) with ${agentIds.length} agent(s)`);
    this.publish(saved, agentIds);
  }

  /** A create for a name that is taken: the stored server when it equals the request, else 409. */
  private async sameAs(
    stored: VirtualServerEntity,
    input: ServerCreate,
    agentIds: string[],
  ): Promise<Created<ServerRecord>> {
    const storedAgents = (await this.agentIdsOf(this.db.manager, [stored.id])).get(stored.id) ?? [];
    const same = isDeepStrictEqual(
      [stored.description, stored.tags, stored.enabled, storedAgents],
      [input.description ?? null, input.tags, input.enabled, agentIds],
    );
    if (!same) {
      throw new ServersException(
        ServersErrorCode.NameTaken,
        `name: a server named "${input.name}" exists with other settings`,
        { field: 'name', id: stored.id },
      );
    }
    return { value: this.toRead(stored, storedAgents), created: false };
  }

  async update(id: string, patch: ServerUpdate, meta: RequestMeta): Promise<ServerRecord> {
    const { server, agentIds } = await this.db.transaction((tx) => this.patch(tx, id, patch, meta));
    this.publish(server, agentIds);
    return this.toRead(server, agentIds);
  }

  /** Apply a partial update inside the caller's unit of work; announced after its commit. */
  async updateIn(uow: UnitOfWork, id: string, patch: ServerUpdate, meta: RequestMeta): Promise<void> {
    const { server, agentIds } = await this.patch(uow.manager, id, patch, meta);
    uow.afterCommit(() => this.publish(server, agentIds));
  }

  private async patch(
    tx: EntityManager,
    id: string,
    patch: ServerUpdate,
    meta: RequestMeta,
  ): Promise<{ server: VirtualServerEntity; agentIds: string[] }> {
    const server = await tx.findOne(VirtualServerEntity, {
      where: { id },
      lock: { mode: 'pessimistic_write' },
    });
    if (!server) throw this.notFound(id);
    if (patch.name !== undefined) server.name = patch.name;
    if (patch.description !== undefined) server.description = patch.description;
    if (patch.tags !== undefined) server.tags = patch.tags;
    if (patch.enabled !== undefined) server.enabled = patch.enabled;
    server.modifiedBy = meta.actor;
    const saved = await this.save(tx, server);
    let agentIds: string[];
    if (patch.associatedAgents !== undefined) {
      agentIds = unique(patch.associatedAgents);
      await this.assertAgentsExist(tx, agentIds);
      await this.setAgents(tx, id, agentIds);
    } else {
      agentIds = (await this.agentIdsOf(tx, [id])).get(id) ?? [];
    }
    return { server: saved, agentIds };
  }

  async toggle(id: string, meta: RequestMeta): Promise<ServerRecord> {
    const server = await this.find(id);
    return this.update(id, { enabled: !server.enabled }, meta);
  }

  async remove(id: string): Promise<void> {
    const server = await this.find(id);
    await this.servers.delete({ id });
    this.announceDeleted(server);
  }

  /** Delete a server inside the caller's unit of work; announced after its commit. */
  async removeIn(uow: UnitOfWork, id: string): Promise<void> {
    const servers = uow.manager.getRepository(VirtualServerEntity);
    const server = await this.find(id, servers);
    await servers.delete({ id });
    uow.afterCommit(() => this.announceDeleted(server));
  }

  private announceDeleted(server: VirtualServerEntity): void {
    this.views.delete(server.id);
    this.changes.next({ type: 'delete', id: server.id });
    this.logger.log(`Deleted server "${server.name}" (${server.id})`);
  }

  /** The MCP endpoint's read: from memory after the first one; null when there is no such server. */
  async view(id: string): Promise<ServerView | null> {
    const known = this.views.get(id);
    if (known) return known;
    let loading = this.loading.get(id);
    if (!loading) {
      loading = this.load(id).finally(() => this.loading.delete(id));
      this.loading.set(id, loading);
    }
    return loading;
  }

  /** A view already in memory (every server with open MCP sessions has one). */
  cached(id: string): ServerView | undefined {
    return this.views.get(id);
  }

  /** An agent was deleted (the database dropped its associations): the views follow. Returns those touched. */
  forgetAgent(agentId: string): ServerView[] {
    const touched: ServerView[] = [];
    for (const [id, view] of this.views) {
      if (!view.agentIds.includes(agentId)) continue;
      const next = { ...view, agentIds: view.agentIds.filter((a) => a !== agentId) };
      this.views.set(id, next);
      touched.push(next);
    }
    return touched;
  }

  /** Another replica wrote this server: read it again and replay the change here. */
  async reload(id: string): Promise<void> {
    this.views.delete(id);
    const view = await this.load(id);
    this.changes.next(
      view ? { type: 'upsert', server: view, remote: true } : { type: 'delete', id, remote: true },
    );
  }

  /**
   * Bring the views in memory in line with the database after writes this replica may not have heard of:
   * each one that changed or is gone is replayed as a change from elsewhere (MCP sessions re-list or close).
   * Servers not in memory are read on their first use anyway. Returns how many were replayed.
   */
  async resync(): Promise<number> {
    const ids = [...this.views.keys()];
    if (ids.length === 0) return 0;
    const [rows, agentIds] = await Promise.all([
      this.servers.find({ where: { id: In(ids) } }),
      this.agentIdsOf(this.db.manager, ids),
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    let replayed = 0;
    for (const id of ids) {
      const row = byId.get(id);
      if (!row) {
        this.views.delete(id);
        this.changes.next({ type: 'delete', id, remote: true });
        replayed++;
        continue;
      }
      const view = viewOf(row, agentIds.get(id) ?? []);
      if (isDeepStrictEqual(this.views.get(id), view)) continue;
      this.views.set(id, view);
      this.changes.next({ type: 'upsert', server: view, remote: true });
      replayed++;
    }
    return replayed;
  }

  private async load(id: string): Promise<ServerView | null> {
    const server = await this.servers.findOne({ where: { id } });
    const view = server ? viewOf(server, (await this.agentIdsOf(this.db.manager, [id])).get(id) ?? []) : null;
    // A write that landed meanwhile wins over this read; unknown ids are not remembered.
    if (view && !this.views.has(id)) this.views.set(id, view);
    return this.views.has(id) ? (this.views.get(id) ?? null) : view;
  }

  private publish(server: VirtualServerEntity, agentIds: string[]): void {
    const view = viewOf(server, agentIds);
    this.views.set(server.id, view);
    this.changes.next({ type: 'upsert', server: view });
  }

  private async assertAgentsExist(tx: EntityManager, agentIds: string[]): Promise<void> {
    if (agentIds.length === 0) return;
    const found = await tx.find(AgentEntity, { where: { id: In(agentIds) }, select: { id: true } });
    const known = new Set(found.map((a) => a.id));
    const unknown = agentIds.filter((id) => !known.has(id));
    if (unknown.length > 0) {
      throw new ServersException(
        ServersErrorCode.UnknownAgents,
        `associatedAgents: no agent with id ${unknown.join(', ')}`,
        { field: 'associatedAgents', unknownAgents: unknown },
      );
    }
  }

  private async setAgents(tx: EntityManager, serverId: string, agentIds: string[]): Promise<void> {
    await tx.delete(ServerAgentEntity, { serverId });
    if (agentIds.length === 0) return;
    await tx.insert(
      ServerAgentEntity,
      agentIds.map((agentId, position) => ({ serverId, agentId, position })),
    );
  }

  private async agentIdsOf(em: EntityManager, serverIds: string[]): Promise<Map<string, string[]>> {
    const byServer = new Map<string, string[]>();
    if (serverIds.length === 0) return byServer;
    const rows = await em.find(ServerAgentEntity, {
      where: { serverId: In(serverIds) },
      order: { serverId: 'ASC', position: 'ASC' },
    });
    for (const row of rows) {
      const list = byServer.get(row.serverId) ?? [];
      list.push(row.agentId);
      byServer.set(row.serverId, list);
    }
    return byServer;
  }

  private async save(tx: EntityManager, server: VirtualServerEntity): Promise<VirtualServerEntity> {
    try {
      return await tx.save(server);
    } catch (error) {
      if (uniqueViolation(error)) {
        throw new ServersException(
          ServersErrorCode.NameTaken,
          `name: a server named "${server.name}" exists`,
          {
            field: 'name',
          },
        );
      }
      throw error;
    }
  }

  private async find(id: string, servers = this.servers): Promise<VirtualServerEntity> {
    const server = await servers.findOne({ where: { id } });
    if (!server) throw this.notFound(id);
    return server;
  }

  notFound(id: string) {
    return new ServersException(ServersErrorCode.NotFound, `No server with id ${id}`, { id });
  }

  private toRead(server: VirtualServerEntity, agentIds: readonly string[]): ServerRecord {
    return {
      id: server.id,
      name: server.name,
      description: server.description,
      tags: server.tags,
      enabled: server.enabled,
      associatedAgents: [...agentIds],
      createdAt: server.createdAt.toISOString(),
      updatedAt: server.updatedAt.toISOString(),
    };
  }
}

const unique = (ids: string[]) => [...new Set(ids.map((id) => id.toLowerCase()))];

const viewOf = (server: VirtualServerEntity, agentIds: readonly string[]): ServerView => ({
  id: server.id,
  name: server.name,
  description: server.description,
  enabled: server.enabled,
  agentIds,
});
