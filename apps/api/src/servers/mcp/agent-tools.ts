import { createHash } from 'node:crypto';
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { MCP_TOOL_NAME_MAX, ToolCallInputSchema, ToolCallOutputSchema } from '@switchboard/api-contract';
import { z } from 'zod';
import type { AgentEntity } from '../../agents/entities/agent.entity';

/** One agent as an MCP tool. */
export interface AgentTool {
  agentId: string;
  agentName: string;
  tool: Tool;
}

/** A server's tools, in its agents' order, with a fingerprint that changes when a client should re-list. */
export interface ToolSet {
  tools: Tool[];
  byName: Map<string, AgentTool>;
  fingerprint: string;
}

const DESCRIPTION_MAX = 2_000;
const SKILL_TEXT_MAX = 300;
const SKILLS_MAX = 10;

function jsonSchemaOf(schema: z.ZodType): Tool['inputSchema'] {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
  return json as Tool['inputSchema'];
}
const INPUT_SCHEMA = jsonSchemaOf(ToolCallInputSchema);
const OUTPUT_SCHEMA = jsonSchemaOf(ToolCallOutputSchema);

/**
 * Text from an agent or its card is untrusted (it reaches a model as tool documentation): control and
 * invisible/bidirectional-override characters go, whitespace runs shrink, the length is capped.
 */
export function untrustedText(text: unknown, max: number): string {
  if (typeof text !== 'string') return '';
  const clean = text
    .replace(/[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u200B-\u200F\u2028-\u202E\u2060-\u206F\uFEFF]/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}

/** A valid, stable MCP tool name from the agent's slug: [A-Za-z0-9_.-], at most 64 characters. */
export function toolNameOf(slug: string, agentId: string): string {
  const name = slug.replace(/[^A-Za-z0-9_.-]/g, '_') || 'agent';
  if (name.length <= MCP_TOOL_NAME_MAX) return name;
  const suffix = createHash('sha256').update(agentId).digest('hex').slice(0, 8);
  return `${name.slice(0, MCP_TOOL_NAME_MAX - 9)}_${suffix}`;
}

function descriptionOf(agent: AgentEntity): string {
  const intro =
    untrustedText(agent.description, DESCRIPTION_MAX) || `Sends a message to the agent "${agent.name}".`;
  const skills = Array.isArray(agent.card?.skills) ? (agent.card.skills as Record<string, unknown>[]) : [];
  const lines = skills.slice(0, SKILLS_MAX).map((s) => {
    const name = untrustedText(s.name, 100);
    const text = untrustedText(s.description, SKILL_TEXT_MAX);
    return `- ${name}${name && text ? ': ' : ''}${text}`;
  });
  const full = lines.length ? `${intro}\n\nSkills:\n${lines.join('\n')}` : intro;
  return untrustedText(full, DESCRIPTION_MAX);
}

/** The MCP tool of one catalog agent (the same for every server that exposes it). */
export function agentToolOf(agent: AgentEntity, tasks: boolean): AgentTool {
  const title = untrustedText(agent.name, 100);
  return {
    agentId: agent.id,
    agentName: agent.name,
    tool: {
      name: toolNameOf(agent.slug, agent.id),
      title,
      description: descriptionOf(agent),
      inputSchema: INPUT_SCHEMA,
      outputSchema: OUTPUT_SCHEMA,
      annotations: { title, readOnlyHint: false, destructiveHint: false, openWorldHint: true },
      ...(tasks ? { execution: { taskSupport: 'optional' as const } } : {}),
      _meta: { 'io.switchboard/agent': { id: agent.id, slug: agent.slug, provider: agent.provider } },
    },
  };
}

/** A server's tool set: its enabled agents, in order; a name taken twice (after truncation) gets a suffix. */
export function toolSetOf(
  agentIds: readonly string[],
  tools: ReadonlyMap<string, AgentTool & { enabled: boolean }>,
): ToolSet {
  const set: ToolSet = { tools: [], byName: new Map(), fingerprint: '' };
  const hash = createHash('sha256');
  for (const id of agentIds) {
    const entry = tools.get(id);
    if (!entry?.enabled) continue;
    let { tool } = entry;
    for (let n = 2; set.byName.has(tool.name); n++)
      tool = { ...entry.tool, name: `${entry.tool.name.slice(0, MCP_TOOL_NAME_MAX - 4)}_${n}` };
    set.tools.push(tool);
    set.byName.set(tool.name, { ...entry, tool });
    hash.update(`${entry.agentId}\u0000${tool.name}\u0000${tool.title}\u0000${tool.description}\u0001`);
  }
  set.fingerprint = hash.digest('hex');
  return set;
}
