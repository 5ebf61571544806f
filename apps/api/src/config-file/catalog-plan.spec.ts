import type { ConfigFileProblem } from '@switchboard/api-contract';
import { AgentsService } from '../agents/agents.service';
import type { AgentEntity } from '../agents/entities/agent.entity';
import { SecretBoxService } from '../common/crypto/secret-box';
import { OutboundUrlPolicy } from '../common/outbound/outbound-url.policy';
import type { VirtualServerEntity } from '../servers/entities/virtual-server.entity';
import { parseCatalogText, type ReadCatalog } from './catalog-file.reader';
import { catalogRulesOf, planCatalog, type CatalogPlan, type CatalogRows } from './catalog-plan';

const MAX_AGENTS = 4;
const TIMEOUT_MS = 30_000;

/**
 * The catalog's real rules, without a database: the plan only calls the pure ones (slug, URL policy,
 * capacity, the comparison of settings), so the collaborators it never reaches are left out.
 */
const secrets = new SecretBoxService({ encryptionKey: 'plan-spec-key-0123456789abcdef0123' } as never);
const agents = new AgentsService(
  undefined as never,
  { maxAgents: MAX_AGENTS, defaultTimeoutMs: TIMEOUT_MS } as never,
  secrets,
  new OutboundUrlPolicy({ outboundAllowPrivate: false } as never),
  undefined as never,
  undefined as never,
);
const rules = catalogRulesOf(agents, new OutboundUrlPolicy({ outboundAllowPrivate: false } as never));

function read(text: string): ReadCatalog {
  const result = parseCatalogText(text, { TOKEN: 't0k3n' });
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.catalog;
}

let ids = 0;
/** A stored agent as a registration of `entry` would have made it. */
function agentRow(
  entry: { name: string; endpointUrl: string },
  extra: Partial<AgentEntity> = {},
): AgentEntity {
  const parsed = read(`agents:\n  - name: "${entry.name}"\n    endpointUrl: ${entry.endpointUrl}\n`).data
    .agents[0];
  return {
    id: `agent-${++ids}`,
    name: entry.name,
    slug: agents.slugOf(entry.name),
    ...agents.settingsOf(parsed),
    authValue: null,
    ...extra,
  } as AgentEntity;
}

function serverRow(name: string, extra: Partial<VirtualServerEntity> = {}): VirtualServerEntity {
  return {
    id: `server-${++ids}`,
    name,
    description: null,
    tags: [],
    enabled: true,
    ...extra,
  } as VirtualServerEntity;
}

const EMPTY: CatalogRows = { agents: [], servers: [], links: [], declared: [] };

function plan(text: string, rows: CatalogRows = EMPTY): CatalogPlan {
  const result = planCatalog(read(text), rows, rules);
  if ('problems' in result) throw new Error(JSON.stringify(result.problems));
  return result.plan;
}

function problems(text: string, rows: CatalogRows = EMPTY): ConfigFileProblem[] {
  const result = planCatalog(read(text), rows, rules);
  if ('plan' in result) throw new Error('planned a file that should be refused');
  return result.problems;
}

const names = (part: CatalogPlan['agents'] | CatalogPlan['servers']) => ({
  create: part.create.map((c) => c.entry.name),
  update: part.update.map((u) => u.row.name),
  delete: part.delete.map((d) => d.name),
  unchanged: part.unchanged,
});

describe('catalog plan', () => {
  it('creates what the catalog lacks, updates what differs, leaves equal entries alone', () => {
    const same = agentRow({ name: 'same', endpointUrl: 'https://same.example.com/' });
    const moved = agentRow({ name: 'moved', endpointUrl: 'https://old.example.com/' });
    const result = plan(
      [
        'agents:',
        '  - name: same',
        '    endpointUrl: https://same.example.com/',
        '  - name: moved',
        '    endpointUrl: https://new.example.com/',
        '  - name: fresh',
        '    endpointUrl: https://fresh.example.com/',
        'servers:',
        '  - name: s',
        '    agents: [fresh, same, fresh]',
      ].join('\n'),
      { ...EMPTY, agents: [same, moved] },
    );
    expect(names(result.agents)).toEqual({ create: ['fresh'], update: ['moved'], delete: [], unchanged: 1 });
    expect(result.agents.create[0].index).toBe(2);
    expect(names(result.servers)).toEqual({ create: ['s'], update: [], delete: [], unchanged: 0 });
    expect(result.declared).toEqual([
      { kind: 'agent', name: 'same' },
      { kind: 'agent', name: 'moved' },
      { kind: 'agent', name: 'fresh' },
      { kind: 'server', name: 's' },
    ]);
  });

  it('deletes only what the file declared at its last apply and no longer declares', () => {
    const declaredGone = agentRow({ name: 'was-in-file', endpointUrl: 'https://a.example.com/' });
    const fromApi = agentRow({ name: 'from-api', endpointUrl: 'https://b.example.com/' });
    const oldServer = serverRow('old-server');
    const result = plan('agents: []\n', {
      agents: [declaredGone, fromApi],
      servers: [oldServer, serverRow('api-server')],
      links: [],
      declared: [
        { kind: 'agent', name: 'was-in-file' },
        { kind: 'server', name: 'old-server' },
      ],
    });
    expect(names(result.agents)).toEqual({ create: [], update: [], delete: ['was-in-file'], unchanged: 0 });
    expect(names(result.servers)).toEqual({ create: [], update: [], delete: ['old-server'], unchanged: 0 });
  });

  it('compares a server with its agents in order, each once', () => {
    const a = agentRow({ name: 'a', endpointUrl: 'https://a.example.com/' });
    const b = agentRow({ name: 'b', endpointUrl: 'https://b.example.com/' });
    const s = serverRow('s');
    const rows: CatalogRows = {
      agents: [a, b],
      servers: [s],
      links: [
        { serverId: s.id, agentId: a.id },
        { serverId: s.id, agentId: b.id },
      ],
      declared: [],
    };
    expect(names(plan('servers:\n  - name: s\n    agents: [a, b, a]\n', rows).servers).unchanged).toBe(1);
    expect(names(plan('servers:\n  - name: s\n    agents: [b, a]\n', rows).servers).update).toEqual(['s']);
  });

  it('keeps a stored secret when the entry gives none, and updates it when the entry gives another', () => {
    const row = agentRow(
      { name: 'locked', endpointUrl: 'https://l.example.com/' },
      { authType: 'bearer', authValue: secrets.sealJson({ token: 't0k3n' }) },
    );
    const rows = { ...EMPTY, agents: [row] };
    const entry =
      'agents:\n  - name: locked\n    endpointUrl: https://l.example.com/\n    authType: bearer\n';
    expect(names(plan(entry, rows).agents).unchanged).toBe(1);
    expect(names(plan(`${entry}    auth: { token: "\${TOKEN}" }\n`, rows).agents).unchanged).toBe(1);
    expect(names(plan(`${entry}    auth: { token: other }\n`, rows).agents).update).toEqual(['locked']);
  });

  it.each([
    {
      rule: 'the slug of an agent that stays',
      rows: () => ({ ...EMPTY, agents: [agentRow({ name: 'x y', endpointUrl: 'https://x.example.com/' })] }),
      text: 'agents:\n  - name: x-y\n    endpointUrl: https://x.example.com/\n',
      problem: {
        line: 2,
        path: 'agents[0].name',
        message: '"x-y" gives the slug "x-y", which agent "x y" uses',
      },
    },
    {
      rule: 'the slug of another entry',
      rows: () => EMPTY,
      text: 'agents:\n  - name: X.Y\n    endpointUrl: https://x.example.com/\n  - name: x y\n    endpointUrl: https://x.example.com/\n',
      problem: {
        line: 4,
        path: 'agents[1].name',
        message: expect.stringMatching(/slug "x-y", which agent "X.Y"/),
      },
    },
    {
      rule: 'the outbound URL policy',
      rows: () => EMPTY,
      text: 'agents:\n  - name: local\n    endpointUrl: http://127.0.0.1:9/\n',
      problem: {
        line: 3,
        path: 'agents[0].endpointUrl',
        message: expect.stringMatching(/private or loopback address \(127\.0\.0\.1\)/),
      },
    },
    {
      rule: 'the capacity (A2A_MAX_AGENTS)',
      rows: () => ({
        ...EMPTY,
        agents: [1, 2, 3].map((n) => agentRow({ name: `api-${n}`, endpointUrl: 'https://a.example.com/' })),
      }),
      text: 'agents:\n  - name: four\n    endpointUrl: https://a.example.com/\n  - name: five\n    endpointUrl: https://a.example.com/\n',
      problem: {
        line: 2,
        path: 'agents',
        message: `the catalog would hold 5 agents. The catalog is full: A2A_MAX_AGENTS is ${MAX_AGENTS}`,
      },
    },
    {
      rule: 'a secret for a new authType',
      rows: () => EMPTY,
      text: 'agents:\n  - name: d\n    endpointUrl: https://d.example.com/\n    authType: bearer\n',
      problem: { line: 4, path: 'agents[0].authType', message: expect.stringMatching(/auth is required/) },
    },
    {
      rule: 'one entry per name',
      rows: () => EMPTY,
      text: 'agents:\n  - name: e\n    endpointUrl: https://e.example.com/\n  - name: e\n    endpointUrl: https://e.example.com/\n',
      problem: { line: 4, path: 'agents[1].name', message: '"e" is declared twice (also agents[0])' },
    },
    {
      rule: 'a server’s agents exist, and are not being deleted',
      rows: () => ({
        ...EMPTY,
        agents: [agentRow({ name: 'leaving', endpointUrl: 'https://l.example.com/' })],
        declared: [{ kind: 'agent' as const, name: 'leaving' }],
      }),
      text: 'servers:\n  - name: s\n    agents: [leaving]\n',
      problem: {
        line: 3,
        path: 'servers[0].agents[0]',
        message: 'no agent named "leaving" in the file or the catalog',
      },
    },
  ])('refuses a file that breaks $rule, naming the place', ({ rows, text, problem }) => {
    expect(problems(text, rows())[0]).toEqual({ column: expect.any(Number), ...problem });
  });

  it('counts the agents it deletes before holding the file to the capacity', () => {
    const rows: CatalogRows = {
      ...EMPTY,
      agents: [1, 2, 3, 4].map((n) => agentRow({ name: `old-${n}`, endpointUrl: 'https://o.example.com/' })),
      declared: [1, 2, 3, 4].map((n) => ({ kind: 'agent' as const, name: `old-${n}` })),
    };
    const result = plan('agents:\n  - name: new\n    endpointUrl: https://n.example.com/\n', rows);
    expect(names(result.agents)).toMatchObject({
      create: ['new'],
      delete: ['old-1', 'old-2', 'old-3', 'old-4'],
    });
  });
});
