import { Inject, Injectable, Logger } from '@nestjs/common';
import { ConfigType } from '@nestjs/config';
import { InjectRepository } from '@nestjs/typeorm';
import {
  checkProviderConfig,
  maskAgentAuth,
  slugify,
  type AgentAuthType,
  type AgentCard,
} from '@switchboard/a2a-protocol';
import { z } from 'zod';
import type { DiscoveredCard } from '@switchboard/a2a-protocol/gateway';
import { ZodValidationException } from 'nestjs-zod';
import { isDeepStrictEqual } from 'node:util';
import {
  AGENT_NAME_MAX,
  AGENT_TAGS_MAX,
  type AgentImportPreview,
  AgentCreateSchema,
  type AgentImport,
  type AgentCreate,
  type AgentHealthHistory,
  type AgentListQuery,
  type AgentMetricsSummary,
  type AgentPage,
  type AgentRead,
  type AgentUpdate,
} from '@switchboard/api-contract';
import { Subject } from 'rxjs';
import { In, Repository } from 'typeorm';
import type { UnitOfWork } from '../common/db/unit-of-work';
import { MetricsStore, statsOf } from '../metrics/metrics-store';
import { SecretBoxService } from '../common/crypto/secret-box';
import type { Created } from '../common/http/idempotent-create';
import type { RequestMeta } from '../common/http/request-meta.decorator';
import { OutboundUrlPolicy } from '../common/outbound/outbound-url.policy';
import { a2aConfig } from '../config';
import { AgentHealthStore } from '../health/agent-health.store';
import { fromAgentHealthToRead } from '../health/utils/from-agent-health-to-read.util';
import { AgentsErrorCode, AgentsException } from './agents.exception';
import { AgentEntity } from './entities/agent.entity';
import { likePattern } from '../common/db/like-pattern';
import { uniqueViolation } from '../common/db/unique-violation';
import { decodeNameCursor, encodeNameCursor } from '../common/http/name-cursor';
import { fromAgentEntityToRead } from './utils/from-agent-entity-to-read.util';
import { fromAgentEntityToSpec } from './utils/from-agent-entity-to-spec.util';
import type { AgentSpec } from '@switchboard/a2a-protocol/gateway';

interface ImportedCard {
  card: Record<string, unknown>;
  cardUrl: string;
}

/** Skill tags as catalog tags (lower-case, catalog-safe characters, at most 20). */
function tagsFromSkills(card: AgentCard): string[] {
  const tags = card.skills
    .flatMap((skill) => skill.tags)
    .map((t) =>
      t
        .toLowerCase()
        .replace(/[^a-z0-9_.:/-]+/g, '-')
        .replace(/^[^a-z0-9]+|-+$/g, '')
        .slice(0, 50),
    )
    .filter(Boolean);
  return [...new Set(tags)].slice(0, AGENT_TAGS_MAX);
}

/** The call summary of an agent nobody has called yet: what a new agent's read carries, without a query. */
const NO_CALLS: AgentMetricsSummary = (() => {
  const s = statsOf(undefined);
  return { invocations: s.invocations, successRate: s.successRate, avgLatencyMs: s.latencyMs.avg };
})();

/**
 * A catalog write, for the in-memory caches that mirror the catalog (the gateway's registry). `remote`:
 * another replica made it (this one only replays it).
 */
export type CatalogChange =
  | { type: 'upsert'; agent: AgentEntity; previousName?: string; remote?: true }
  | { type: 'delete'; name: string; id: string; remote?: true };

@Injectable()
export class AgentsService {
  private readonly logger = new Logger(AgentsService.name);
  readonly changes = new Subject<CatalogChange>();
  /**
   * Each agent's name and version as this replica's caches hold it (from the warm-up reads and every change
   * since): what `resync` compares the database with.
   */
  private readonly held = new Map<string, { name: string; version: number }>();

  constructor(
    @InjectRepository(AgentEntity) private readonly agents: Repository<AgentEntity>,
    @Inject(a2aConfig.KEY) private readonly config: ConfigType<typeof a2aConfig>,
    private readonly secrets: SecretBoxService,
    private readonly outbound: OutboundUrlPolicy,
    private readonly health: AgentHealthStore,
    /** Reads carry each agent's call summary: one query for the whole page. */
    private readonly metrics: MetricsStore,
  ) {
    this.changes.subscribe((change) => {
      if (change.type === 'delete') {
        this.held.delete(change.id);
        return;
      }
      const { id, name, version } = change.agent;
      // An agent of this name held before is gone or renamed, and the name-keyed caches now hold this one:
      // a later resync must neither replay its delete nor its rename under this name.
      for (const [otherId, other] of this.held)
        if (other.name === name && otherId !== id) this.held.delete(otherId);
      this.held.set(id, { name, version });
    });
  }

  private async readsOf(agents: AgentEntity[]): Promise<AgentRead[]> {
    const summaries = await this.metrics.agentSummaries(agents.map((a) => a.id));
    return agents.map((a) => this.toRead(a, summaries.get(a.id) as AgentMetricsSummary));
  }

  private async readOf(agent: AgentEntity): Promise<AgentRead> {
    const [read] = await this.readsOf([agent]);
    return read;
  }

  /**
   * Register an agent. Idempotent by name, so that a client whose answer was lost can retry: when an agent of
   * that name exists and equals what is asked (settings and secret), it is answered as it is (`created:
   * false`); one that differs is a 409. The answer is built from the row the insert returned — nothing is read
   * after the commit, so a committed agent is never answered with an error.
   */
  async create(input: AgentCreate, meta: RequestMeta, imported?: ImportedCard): Promise<Created<AgentRead>> {
    this.outbound.assertAllowed(input.endpointUrl, 'endpointUrl');
    const existing = await this.agents.findOne({ where: { name: input.name } });
    if (existing) return this.sameAs(existing, input);
    let saved: AgentEntity;
    try {
      saved = await this.insert(this.agents, input, meta, imported);
    } catch (error) {
      // The same create, sent twice at once: the one that lost the race answers like a retry.
      const raced =
        error instanceof AgentsException && error.code === AgentsErrorCode.NameTaken
          ? await this.agents.findOne({ where: { name: input.name } })
          : null;
      if (raced) return this.sameAs(raced, input);
      throw error;
    }
    this.announceCreated(saved);
    return { value: this.toRead(saved, NO_CALLS), created: true };
  }

  /**
   * Register an agent inside the caller's unit of work (a name already taken is a 409, not a retry): every
   * query on its transaction, the change announced after its commit.
   */
  async createIn(uow: UnitOfWork, input: AgentCreate, meta: RequestMeta): Promise<AgentEntity> {
    this.outbound.assertAllowed(input.endpointUrl, 'endpointUrl');
    const saved = await this.insert(uow.manager.getRepository(AgentEntity), input, meta);
    uow.afterCommit(() => this.announceCreated(saved));
    return saved;
  }

  private announceCreated(saved: AgentEntity): void {
    this.logger.log(`Registered agent "${saved.name}" (${saved.id}, ${saved.provider})`);
    this.changes.next({ type: 'upsert', agent: saved });
  }

  /** The catalog's slug of an agent name (unique across the catalog, like the name). */
  slugOf(name: string): string {
    return slugify(name);
  }

  /** The catalog's capacity: a catalog of `total` agents must fit in A2A_MAX_AGENTS. */
  assertCapacity(total: number): void {
    if (total > this.config.maxAgents) {
      throw new AgentsException(
        AgentsErrorCode.LimitReached,
        `The catalog is full: A2A_MAX_AGENTS is ${this.config.maxAgents}`,
        { maxAgents: this.config.maxAgents },
      );
    }
  }

  /** Insert a new agent through `agents` (the service's repository or a transaction's). */
  private async insert(
    agents: Repository<AgentEntity>,
    input: AgentCreate,
    meta: RequestMeta,
    imported?: ImportedCard,
  ): Promise<AgentEntity> {
    this.assertCapacity((await agents.count()) + 1);
    const entity = agents.create({
      name: input.name,
      slug: this.slugOf(input.name),
      ...this.settingsOf(input),
      authValue: this.sealAuth(input.authType, input.auth),
      lastInteraction: null,
      createdBy: meta.actor,
      createdFromIp: meta.ip,
      createdVia: meta.via,
      createdUserAgent: meta.userAgent,
      modifiedBy: null,
      modifiedFromIp: null,
      modifiedVia: null,
      modifiedUserAgent: null,
      importBatchId: null,
      federationSource: null,
      card: imported?.card ?? null,
      cardUrl: imported?.cardUrl ?? null,
      cardFetchedAt: imported ? new Date() : null,
    });
    return this.saveUnique(agents, entity);
  }

  /** A create for a name that is taken: the stored agent when it equals the request, else 409. */
  private async sameAs(stored: AgentEntity, input: AgentCreate): Promise<Created<AgentRead>> {
    if (this.differs(stored, input)) {
      throw new AgentsException(
        AgentsErrorCode.NameTaken,
        `name: an agent named "${input.name}" already exists with other settings`,
        { field: 'name', id: stored.id },
      );
    }
    return { value: await this.readOf(stored), created: false };
  }

  /**
   * Whether a stored agent differs from a registration of the same name: any setting, or the secret when the
   * registration gives one (a registration without `auth` keeps the stored secret of the same `authType`).
   */
  differs(row: AgentEntity, input: AgentCreate): boolean {
    const desired = this.settingsOf(input);
    if (
      Object.entries(desired).some(([key, value]) => !isDeepStrictEqual(row[key as keyof AgentEntity], value))
    ) {
      return true;
    }
    if (input.authType === 'none' || input.auth === undefined) return false;
    if (!row.authValue) return true;
    try {
      return !isDeepStrictEqual(this.secrets.openJson(row.authValue), input.auth);
    } catch {
      return true; // sealed with another key: the secret given replaces it
    }
  }

  /** The columns a registration sets, name and secret aside, with the defaults the catalog applies. */
  settingsOf(input: AgentCreate) {
    return {
      description: input.description ?? null,
      endpointUrl: input.endpointUrl,
      provider: input.provider,
      protocolVersion: input.protocolVersion,
      capabilities: input.capabilities,
      config: input.config,
      providerConfig: input.providerConfig,
      authType: input.authType,
      tags: input.tags,
      enabled: input.enabled,
      timeoutMs: input.timeoutMs ?? this.config.defaultTimeoutMs,
      rateLimitRpm: input.rateLimitRpm ?? null,
      costPerRequest: input.costPerRequest ?? null,
      pricing: input.pricing ?? null,
      budget: input.budget ?? null,
    } satisfies Partial<AgentEntity>;
  }

  async list(query: AgentListQuery): Promise<AgentPage> {
    const qb = this.agents
      .createQueryBuilder('a')
      .orderBy('a.name', 'ASC')
      .take(query.limit + 1);
    if (query.tag) qb.andWhere(':tag = ANY(a.tags)', { tag: query.tag });
    if (query.enabled !== undefined) qb.andWhere('a.enabled = :enabled', { enabled: query.enabled });
    if (query.provider) qb.andWhere('a.provider = :provider', { provider: query.provider });
    if (query.available !== undefined) {
      // Health lives in memory: the few agents it rules out go into the query as names.
      const unavailable = this.health.unavailable();
      qb.andWhere(
        query.available
          ? 'a.enabled AND NOT (a.name = ANY(:unavailable))'
          : '(NOT a.enabled OR a.name = ANY(:unavailable))',
        { unavailable },
      );
    }
    if (query.q) {
      qb.andWhere(
        `(a.name ILIKE :q OR a.description ILIKE :q OR a.endpoint_url ILIKE :q OR array_to_string(a.tags, ' ') ILIKE :q)`,
        { q: likePattern(query.q) },
      );
    }
    if (query.cursor) {
      const after = decodeNameCursor(query.cursor);
      if (after === null) {
        throw new AgentsException(AgentsErrorCode.InvalidCursor, 'cursor is not one this API returned', {
          field: 'cursor',
        });
      }
      qb.andWhere('a.name > :after', { after });
    }
    const rows = await qb.getMany();
    const page = rows.slice(0, query.limit);
    return {
      items: await this.readsOf(page),
      nextCursor: rows.length > query.limit ? encodeNameCursor(page[page.length - 1].name) : null,
    };
  }

  /** `ref`: the agent's id, name or slug (see `find`). */
  async get(ref: string): Promise<AgentRead> {
    return this.readOf(await this.find(ref));
  }

  /**
   * Apply a partial update. Everything the answer needs besides the row (the call summary) is read before the
   * save, and the answer is the row the save returned: once committed, it is answered as committed.
   */
  async update(ref: string, patch: AgentUpdate, meta: RequestMeta): Promise<AgentRead> {
    const agent = await this.find(ref);
    return this.updateFound(agent, patch, meta);
  }

  /** Apply a partial update inside the caller's unit of work; the change is announced after its commit. */
  async updateIn(uow: UnitOfWork, id: string, patch: AgentUpdate, meta: RequestMeta): Promise<AgentEntity> {
    const agents = uow.manager.getRepository(AgentEntity);
    const agent = await this.find(id, agents);
    const previousName = agent.name;
    this.patch(agent, patch, meta);
    const saved = await this.saveUnique(agents, agent);
    uow.afterCommit(() => this.changes.next({ type: 'upsert', agent: saved, previousName }));
    return saved;
  }

  private async updateFound(agent: AgentEntity, patch: AgentUpdate, meta: RequestMeta): Promise<AgentRead> {
    const previousName = agent.name;
    this.patch(agent, patch, meta);
    return this.saveAndRead(agent, previousName);
  }

  /** The update's rules (URL policy, secret, provider config, slug) applied to the entity in hand. */
  private patch(agent: AgentEntity, patch: AgentUpdate, meta: RequestMeta): void {
    if (patch.endpointUrl !== undefined) this.outbound.assertAllowed(patch.endpointUrl, 'endpointUrl');

    if (patch.authType !== undefined && patch.authType !== agent.authType) {
      if (patch.authType !== 'none' && patch.auth === undefined) {
        throw new AgentsException(
          AgentsErrorCode.AuthRequired,
          `auth: required when changing authType to "${patch.authType}"`,
          { field: 'auth' },
        );
      }
      agent.authType = patch.authType;
      agent.authValue = this.sealAuth(patch.authType, patch.auth);
    } else if (patch.auth !== undefined) {
      agent.authValue = this.sealAuth(agent.authType, patch.auth);
    }

    if (patch.provider !== undefined || patch.providerConfig !== undefined) {
      // A new provider starts from an empty config unless one is given; either way it must fit.
      const provider = patch.provider ?? agent.provider;
      const config = patch.providerConfig ?? (provider === agent.provider ? agent.providerConfig : {});
      const checked = checkProviderConfig(provider, config);
      if (!checked.success) throw new ZodValidationException(new z.ZodError(checked.issues));
      patch = { ...patch, providerConfig: checked.data };
    }

    const { auth: _auth, authType: _authType, name, description, ...rest } = patch;
    if (name !== undefined && name !== agent.name) {
      agent.name = name;
      agent.slug = this.slugOf(name);
    }
    if (description !== undefined) agent.description = description;
    for (const [key, value] of Object.entries(rest)) {
      if (value !== undefined) (agent as unknown as Record<string, unknown>)[key] = value;
    }
    agent.modifiedBy = meta.actor;
    agent.modifiedFromIp = meta.ip;
    agent.modifiedVia = meta.via;
    agent.modifiedUserAgent = meta.userAgent;
  }

  /** Save an existing agent and answer it: its call summary read first, nothing read after the commit. */
  private async saveAndRead(agent: AgentEntity, previousName?: string): Promise<AgentRead> {
    const summaries = await this.metrics.agentSummaries([agent.id]);
    const saved = await this.saveUnique(this.agents, agent);
    this.changes.next({ type: 'upsert', agent: saved, previousName });
    return this.toRead(saved, summaries.get(saved.id) ?? NO_CALLS);
  }

  /** Register an agent from its (already fetched and classified) Agent Card. */
  async importCard(
    input: AgentImport,
    found: DiscoveredCard,
    meta: RequestMeta,
  ): Promise<Created<AgentRead>> {
    return this.create(
      this.draftFromCard(input, found),
      { ...meta, via: meta.via === 'ui' ? 'ui' : 'import' },
      { card: found.card, cardUrl: found.cardUrl },
    );
  }

  /** The registration a card makes (checked like any other): what an import saves, or previews. */
  draftFromCard(input: AgentImport, found: DiscoveredCard): AgentCreate {
    const { card } = found;
    const parsed = AgentCreateSchema.safeParse({
      name: input.name ?? card.name,
      description: card.description.slice(0, 2000),
      endpointUrl: found.baseUrl,
      provider: 'a2a',
      protocolVersion: found.version,
      capabilities: {
        streaming: card.capabilities.streaming === true,
        pushNotifications: card.capabilities.pushNotifications === true,
      },
      providerConfig: { preferredBinding: found.preferredBinding, agentVersion: card.version },
      tags: input.tags ?? tagsFromSkills(card),
      enabled: input.enabled ?? true,
    });
    if (!parsed.success) throw new ZodValidationException(parsed.error);
    return parsed.data;
  }

  /**
   * What a registration would run into: an existing agent with its name or its slug (`reuse`: it equals the
   * registration, so a create answers it as a retry), and then a free name to register under instead.
   */
  async collisionOf(draft: AgentCreate): Promise<Pick<AgentImportPreview, 'collision' | 'suggestedName'>> {
    const slug = slugify(draft.name);
    const rows = await this.agents.find({ where: [{ name: draft.name }, { slug }], take: 2 });
    const existing = rows.find((a) => a.name === draft.name) ?? rows[0];
    if (!existing) return { collision: null, suggestedName: null };
    const field = existing.name === draft.name ? 'name' : 'slug';
    return {
      collision: {
        field,
        agentId: existing.id,
        agentName: existing.name,
        reuse: field === 'name' && !this.differs(existing, draft),
      },
      suggestedName: await this.freeName(draft.name),
    };
  }

  /**
   * "<name> 2", "<name> 3", … (a number the name ends with replaced; shortened to fit the name limit): the first whose slug no agent has. A name
   * is free when its slug is, since every agent's slug is made from its name. One query; null past 100 tries.
   */
  private async freeName(name: string): Promise<string | null> {
    const base = name.replace(/ \d+$/, ''); // "Agent 2" goes on as "Agent 3", not "Agent 2 2"
    const candidates = Array.from({ length: 100 }, (_, i) => {
      const suffix = ` ${i + 2}`;
      return `${base.slice(0, AGENT_NAME_MAX - suffix.length).trimEnd()}${suffix}`;
    });
    const taken = new Set(
      (
        await this.agents.find({
          select: { slug: true },
          where: { slug: In(candidates.map(slugify)) },
        })
      ).map((a) => a.slug),
    );
    return candidates.find((candidate) => !taken.has(slugify(candidate))) ?? null;
  }

  /** Re-read the card of an imported agent: card, protocol version and capabilities follow it. */
  async refreshCard(
    ref: string,
    fetchCard: (url: string, agent: AgentSpec) => Promise<DiscoveredCard>,
    meta: RequestMeta,
  ): Promise<AgentRead> {
    const agent = await this.find(ref);
    const found = await fetchCard(agent.cardUrl ?? agent.endpointUrl, this.specOf(agent));
    agent.card = found.card;
    agent.cardUrl = found.cardUrl;
    agent.cardFetchedAt = new Date();
    agent.protocolVersion = found.version;
    agent.capabilities = {
      ...agent.capabilities,
      streaming: found.card.capabilities.streaming === true,
      pushNotifications: found.card.capabilities.pushNotifications === true,
    };
    agent.modifiedBy = meta.actor;
    agent.modifiedFromIp = meta.ip;
    agent.modifiedVia = meta.via;
    agent.modifiedUserAgent = meta.userAgent;
    return this.saveAndRead(agent);
  }

  /** Set `enabled` to `target`, or flip it when no target is given. */
  async toggle(ref: string, target: boolean | undefined, meta: RequestMeta): Promise<AgentRead> {
    const agent = await this.find(ref);
    return this.updateFound(agent, { enabled: target ?? !agent.enabled }, meta);
  }

  async remove(ref: string): Promise<void> {
    const { id, name } = await this.find(ref);
    await this.agents.delete({ id });
    this.announceDeleted({ id, name });
  }

  /** Delete an agent inside the caller's unit of work; announced after its commit. */
  async removeIn(uow: UnitOfWork, id: string): Promise<void> {
    const agents = uow.manager.getRepository(AgentEntity);
    const agent = await this.find(id, agents);
    await agents.delete({ id: agent.id });
    uow.afterCommit(() => this.announceDeleted(agent));
  }

  private announceDeleted(agent: Pick<AgentEntity, 'id' | 'name'>): void {
    this.changes.next({ type: 'delete', name: agent.name, id: agent.id });
    this.logger.log(`Deleted agent "${agent.name}" (${agent.id})`);
  }

  /** Another replica changed this agent: read it and replay the change here. */
  async reload(id: string, previousName?: string): Promise<void> {
    const agent = await this.agents.findOne({ where: { id } });
    if (agent) this.changes.next({ type: 'upsert', agent, previousName, remote: true });
  }

  /** Another replica deleted this agent. */
  forgotten(id: string, name: string): void {
    this.changes.next({ type: 'delete', id, name, remote: true });
  }

  async healthHistory(ref: string, limit: number): Promise<AgentHealthHistory> {
    const { id } = await this.find(ref);
    const rows = await this.health.history(id, limit);
    return {
      items: rows.map((r) => ({ ...r, at: r.at.toISOString() }) as AgentHealthHistory['items'][number]),
    };
  }

  /** Every agent, for warming caches at start. */
  async all(): Promise<AgentEntity[]> {
    const agents = await this.agents.find();
    for (const a of agents) this.held.set(a.id, { name: a.name, version: a.version });
    return agents;
  }

  /**
   * Bring this replica's caches in line with the database after changes it may not have heard of (a catalog
   * event lost while Redis was away, a write made in SQL): one light read of every agent's id and version,
   * then each agent that is new, changed or gone is replayed as a change from elsewhere. Returns how many.
   */
  async resync(): Promise<number> {
    const rows = await this.agents.find({ select: { id: true, version: true } });
    const present = new Set(rows.map((row) => row.id));
    let replayed = 0;
    // Deletions first: caches keyed by name must not drop a new agent that took a deleted one's name.
    for (const [id, held] of [...this.held]) {
      if (present.has(id)) continue;
      this.forgotten(id, held.name);
      replayed++;
    }
    for (const row of rows) {
      const held = this.held.get(row.id);
      if (held?.version === row.version) continue;
      await this.reload(row.id, held?.name);
      replayed++;
    }
    return replayed;
  }

  /** The gateway's view of an agent; credentials are decrypted only when a call asks for them. */
  specOf(agent: AgentEntity): AgentSpec {
    return fromAgentEntityToSpec(agent, (sealed) => this.secrets.openJson(sealed));
  }

  async count(): Promise<number> {
    return this.agents.count();
  }

  /**
   * The agent a reference names: the one with that id when it is a UUID, else the one of that name, else the
   * one of that slug (one query; names and slugs are unique). 404 naming the reference when none matches.
   */
  private async find(ref: string, agents = this.agents): Promise<AgentEntity> {
    const isId = z.uuid().safeParse(ref).success;
    const rows = await agents.find({
      where: [...(isId ? [{ id: ref }] : []), { name: ref }, { slug: ref }],
      take: 3,
    });
    const agent =
      (isId ? rows.find((a) => a.id === ref) : undefined) ??
      rows.find((a) => a.name === ref) ??
      rows.find((a) => a.slug === ref);
    if (!agent) throw this.notFound(ref);
    return agent;
  }

  private notFound(ref: string) {
    return new AgentsException(AgentsErrorCode.NotFound, `No agent with id, name or slug "${ref}"`, {
      ref,
    });
  }

  private sealAuth(type: AgentAuthType, auth: Record<string, unknown> | undefined): string | null {
    return type === 'none' || !auth ? null : this.secrets.sealJson(auth);
  }

  private toRead(agent: AgentEntity, metrics: AgentMetricsSummary): AgentRead {
    let masked: Record<string, unknown> | null = null;
    if (agent.authValue) {
      try {
        masked = maskAgentAuth(agent.authType, this.secrets.openJson(agent.authValue));
      } catch {
        // Sealed with another ENCRYPTION_KEY: still report that a secret exists, never its bytes.
        this.logger.warn(
          `Agent ${agent.id}: stored credentials cannot be decrypted with the current ENCRYPTION_KEY`,
        );
      }
    }
    return fromAgentEntityToRead(
      agent,
      masked,
      fromAgentHealthToRead(this.health.get(agent.name), agent.enabled, Date.now()),
      metrics,
    );
  }

  /** Save, turning a unique-constraint race into the same 409 the pre-checks would give. */
  private async saveUnique(agents: Repository<AgentEntity>, agent: AgentEntity): Promise<AgentEntity> {
    try {
      return await agents.save(agent);
    } catch (error) {
      const violated = uniqueViolation(error);
      if (violated) {
        if (violated.constraint === 'agents_slug_key') {
          throw new AgentsException(
            AgentsErrorCode.SlugTaken,
            `name: "${agent.name}" gives the slug "${agent.slug}", which another agent already uses`,
            { field: 'name', slug: agent.slug },
          );
        }
        throw new AgentsException(
          AgentsErrorCode.NameTaken,
          `name: an agent named "${agent.name}" already exists`,
          {
            field: 'name',
          },
        );
      }
      throw error;
    }
  }
}
