import type {
  AgentFileEntry,
  ConfigApplyResult,
  ConfigFileProblem,
  ServerFileEntry,
} from '@switchboard/api-contract';
import { isDeepStrictEqual } from 'node:util';
import type { AgentsService } from '../agents/agents.service';
import type { AgentEntity } from '../agents/entities/agent.entity';
import type { OutboundUrlPolicy } from '../common/outbound/outbound-url.policy';
import type { ServerAgentEntity, VirtualServerEntity } from '../servers/entities/virtual-server.entity';
import type { ReadCatalog } from './catalog-file.reader';

/** The catalog as it is, as far as a plan needs it. */
export interface CatalogRows {
  agents: AgentEntity[];
  servers: VirtualServerEntity[];
  /** Server ↔ agent associations, in their order within each server. */
  links: Pick<ServerAgentEntity, 'serverId' | 'agentId'>[];
  /** What the file declared at its last apply. */
  declared: DeclaredEntry[];
}

export interface DeclaredEntry {
  kind: 'agent' | 'server';
  name: string;
}

/**
 * The catalog services' own rules, which a plan checks the whole file against before anything is written
 * (each throws an error whose message says what is wrong).
 */
export interface CatalogRules {
  slugOf(name: string): string;
  assertEndpointAllowed(url: string): void;
  assertCapacity(totalAgents: number): void;
  /** Whether a stored agent differs from an entry of the same name (settings, or a secret given). */
  differs(row: AgentEntity, entry: AgentFileEntry): boolean;
}

/** The rules as the catalog applies them to every write: a file is held to the same ones. */
export function catalogRulesOf(agents: AgentsService, outbound: OutboundUrlPolicy): CatalogRules {
  return {
    slugOf: (name) => agents.slugOf(name),
    assertEndpointAllowed: (url) => outbound.assertAllowed(url, 'endpointUrl'),
    assertCapacity: (total) => agents.assertCapacity(total),
    differs: (row, entry) => agents.differs(row, entry),
  };
}

/** An entry with its place in the file (`agents[index]` / `servers[index]`). */
export interface Placed<T> {
  entry: T;
  index: number;
}

/** What applying the file does, in the order it must be done: deletions, then agents, then servers. */
export interface CatalogPlan {
  agents: {
    create: Placed<AgentFileEntry>[];
    update: (Placed<AgentFileEntry> & { row: AgentEntity })[];
    delete: AgentEntity[];
    unchanged: number;
  };
  servers: {
    create: Placed<ServerFileEntry>[];
    update: (Placed<ServerFileEntry> & { row: VirtualServerEntity })[];
    delete: VirtualServerEntity[];
    unchanged: number;
  };
  /** What the file declares: what a later apply deletes once the file stops declaring it. */
  declared: DeclaredEntry[];
}

/**
 * What applying a read catalog file means for the catalog as it is now — or every problem that refuses the
 * file whole. Pure: the rows and the rules are given.
 *
 * Entries are keyed by name: a declared entry is created or brought in line with the file; one the file
 * declared at its last apply and no longer does is deleted; everything else in the catalog is left alone.
 */
export function planCatalog(
  { data, source }: ReadCatalog,
  rows: CatalogRows,
  rules: CatalogRules,
): { plan: CatalogPlan } | { problems: ConfigFileProblem[] } {
  const problems: ConfigFileProblem[] = [];
  const wasDeclared = (kind: DeclaredEntry['kind'], name: string) =>
    rows.declared.some((d) => d.kind === kind && d.name === name);
  const problemAt = (path: PropertyKey[], message: string, key?: string) =>
    problems.push(source.problem(path, message, key));

  // Agents.
  const agentByName = new Map(rows.agents.map((a) => [a.name, a]));
  const fileAgents = firstOfEachName(data.agents, 'agents', problemAt);
  const deletedAgents = rows.agents
    .filter((a) => wasDeclared('agent', a.name) && !fileAgents.has(a.name))
    .sort(byName);
  // Slugs are unique too: those of the agents that stay, then those of the file's agents.
  const slugOwners = new Map(
    rows.agents
      .filter((a) => !fileAgents.has(a.name) && !deletedAgents.includes(a))
      .map((a) => [a.slug, a.name]),
  );
  data.agents.forEach((entry, i) => {
    const at = ['agents', i];
    const slug = rules.slugOf(entry.name);
    const owner = slugOwners.get(slug);
    if (owner !== undefined && owner !== entry.name) {
      problemAt([...at, 'name'], `"${entry.name}" gives the slug "${slug}", which agent "${owner}" uses`);
    }
    slugOwners.set(slug, owner ?? entry.name);
    try {
      rules.assertEndpointAllowed(entry.endpointUrl);
    } catch (error) {
      problemAt([...at, 'endpointUrl'], (error as Error).message);
    }
    const stored = agentByName.get(entry.name);
    const keepsSecret = stored?.authType === entry.authType && stored.authValue !== null;
    if (entry.authType !== 'none' && entry.auth === undefined && !keepsSecret) {
      problemAt(
        at,
        `auth is required for authType "${entry.authType}": write its secret as a \${ENV_VAR} reference`,
        'authType',
      );
    }
  });
  const total =
    rows.agents.length -
    deletedAgents.length +
    [...fileAgents.keys()].filter((n) => !agentByName.has(n)).length;
  try {
    rules.assertCapacity(total);
  } catch (error) {
    problemAt(['agents'], `the catalog would hold ${total} agents. ${(error as Error).message}`);
  }

  // Servers: their agents by name, from the file or from what stays in the catalog.
  const callable = (name: string) =>
    fileAgents.has(name) || (agentByName.has(name) && !deletedAgents.some((a) => a.name === name));
  const fileServers = firstOfEachName(data.servers, 'servers', problemAt);
  data.servers.forEach((entry, i) =>
    entry.agents.forEach((name, j) => {
      if (!callable(name)) {
        problemAt(['servers', i, 'agents', j], `no agent named "${name}" in the file or the catalog`);
      }
    }),
  );
  if (problems.length > 0) return { problems };

  const agentNameOf = new Map(rows.agents.map((a) => [a.id, a.name]));
  const serverByName = new Map(rows.servers.map((s) => [s.name, s]));
  const plan: CatalogPlan = {
    agents: { create: [], update: [], delete: deletedAgents, unchanged: 0 },
    servers: {
      create: [],
      update: [],
      delete: rows.servers
        .filter((s) => wasDeclared('server', s.name) && !fileServers.has(s.name))
        .sort(byName),
      unchanged: 0,
    },
    declared: [
      ...[...fileAgents.keys()].map((name) => ({ kind: 'agent' as const, name })),
      ...[...fileServers.keys()].map((name) => ({ kind: 'server' as const, name })),
    ],
  };
  for (const placed of fileAgents.values()) {
    const row = agentByName.get(placed.entry.name);
    if (!row) plan.agents.create.push(placed);
    else if (rules.differs(row, placed.entry)) plan.agents.update.push({ ...placed, row });
    else plan.agents.unchanged++;
  }
  for (const placed of fileServers.values()) {
    const { entry } = placed;
    const row = serverByName.get(entry.name);
    if (!row) {
      plan.servers.create.push(placed);
      continue;
    }
    const agentNames = rows.links.filter((l) => l.serverId === row.id).map((l) => agentNameOf.get(l.agentId));
    const same = isDeepStrictEqual(
      [row.description, row.tags, row.enabled, agentNames],
      [entry.description ?? null, entry.tags, entry.enabled, uniqueNames(entry.agents)],
    );
    if (same) plan.servers.unchanged++;
    else plan.servers.update.push({ ...placed, row });
  }
  return { plan };
}

/** What a plan changes, by name, as the reload answers it. */
export function changesOf(part: CatalogPlan['agents'] | CatalogPlan['servers']): ConfigApplyResult['agents'] {
  return {
    created: part.create.map((c) => c.entry.name),
    updated: part.update.map((u) => u.row.name),
    deleted: part.delete.map((d) => d.name),
    unchanged: part.unchanged,
  };
}

/** A server entry's agents, each once, in the order first given. */
export const uniqueNames = (names: string[]) => [...new Set(names)];

/** Entries by name; a name given twice is a problem at the second place. */
function firstOfEachName<T extends { name: string }>(
  entries: T[],
  list: 'agents' | 'servers',
  problemAt: (path: PropertyKey[], message: string) => void,
): Map<string, Placed<T>> {
  const byName = new Map<string, Placed<T>>();
  entries.forEach((entry, index) => {
    const first = byName.get(entry.name);
    if (first) {
      problemAt([list, index, 'name'], `"${entry.name}" is declared twice (also ${list}[${first.index}])`);
    } else byName.set(entry.name, { entry, index });
  });
  return byName;
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
