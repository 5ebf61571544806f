import type { AgentEntity } from '../../agents/entities/agent.entity';
import { agentToolOf, toolNameOf, toolSetOf, untrustedText } from './agent-tools';

const agent = (overrides: Partial<AgentEntity> = {}) =>
  ({
    id: '5b0f7f58-3f7a-4a59-9d8e-0d6f2f4b9a11',
    name: 'Research Agent',
    slug: 'research-agent',
    description: 'Finds papers.',
    provider: 'a2a',
    enabled: true,
    card: null,
    ...overrides,
  }) as AgentEntity;

describe('agents as MCP tools', () => {
  it('strips control, invisible and bidi-override characters and caps the length', () => {
    expect(untrustedText('ok\u0000\u0007 then\u202E reversed\u200B hidden', 100)).toBe(
      'ok then reversed hidden',
    );
    expect(untrustedText('line one\n\n\n\nline two', 100)).toBe('line one\n\nline two');
    expect(untrustedText('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    expect(untrustedText(42, 10)).toBe('');
  });

  it('derives a valid name of at most 64 characters from the slug, stable per agent', () => {
    expect(toolNameOf('research-agent', 'id')).toBe('research-agent');
    expect(toolNameOf('ünïcode slug', 'id')).toBe('_n_code_slug');
    const long = toolNameOf('a'.repeat(100), 'agent-1');
    expect(long).toMatch(/^a{55}_[0-9a-f]{8}$/);
    expect(toolNameOf('a'.repeat(100), 'agent-1')).toBe(long);
    expect(toolNameOf('a'.repeat(100), 'agent-2')).not.toBe(long);
  });

  it('describes the tool from the agent and its card’s skills, as untrusted text', () => {
    const { tool } = agentToolOf(
      agent({
        card: {
          skills: [
            { name: 'search', description: 'Searches\u0000 arXiv' },
            { name: 'summarise', description: 'y'.repeat(1_000) },
          ],
        },
      }),
      true,
    );
    expect(tool.description).toMatch(
      /^Finds papers\.\n\nSkills:\n- search: Searches arXiv\n- summarise: y+…$/,
    );
    expect(tool.description!.length).toBeLessThanOrEqual(2_000);
    expect(tool).toMatchObject({
      name: 'research-agent',
      title: 'Research Agent',
      annotations: { openWorldHint: true },
      execution: { taskSupport: 'optional' },
      inputSchema: { type: 'object', required: ['message'], additionalProperties: false },
    });
    expect(agentToolOf(agent(), false).tool.execution).toBeUndefined();
  });

  it('lists a server’s enabled agents in order, unique names, and a fingerprint that follows the list', () => {
    const a = { ...agentToolOf(agent({ id: 'a', slug: 'x' }), true), enabled: true };
    const b = { ...agentToolOf(agent({ id: 'b', slug: 'x' }), true), enabled: true };
    const c = { ...agentToolOf(agent({ id: 'c', slug: 'c' }), true), enabled: false };
    const tools = new Map([
      ['a', a],
      ['b', b],
      ['c', c],
    ]);
    const set = toolSetOf(['b', 'a', 'c', 'missing'], tools);
    expect(set.tools.map((t) => t.name)).toEqual(['x', 'x_2']);
    expect(set.byName.get('x_2')?.agentId).toBe('a');
    expect(toolSetOf(['b', 'a'], tools).fingerprint).toBe(set.fingerprint);
    expect(toolSetOf(['a', 'b'], tools).fingerprint).not.toBe(set.fingerprint);
  });
});
