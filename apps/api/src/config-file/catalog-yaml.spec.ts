import { CatalogFileSchema } from '@switchboard/api-contract';
import { escapeEnv, pathText, resolveEnv, toYaml, YamlSource } from './catalog-yaml';

const resolveAll = (value: unknown, env: Record<string, string>) => {
  const problems: string[] = [];
  const resolved = resolveEnv(value, env, (path, message) => problems.push(`${pathText(path)}: ${message}`));
  return { resolved, problems };
};

describe('catalog file YAML', () => {
  it('places schema problems at their line and column', () => {
    const text = [
      'version: 1',
      'agents:',
      '  - name: first',
      '    endpointUrl: http://127.0.0.1:9999/',
      '  - name: second',
      '    endpointUrl: ftp://example.com/',
      '    colour: blue',
      '',
    ].join('\n');
    const { source, problems } = YamlSource.parse(text);
    expect(problems).toEqual([]);
    const parsed = CatalogFileSchema.safeParse(source.value());
    expect(parsed.success).toBe(false);
    const found = source.problemsOf(parsed.error!);
    expect(found).toEqual(
      expect.arrayContaining([
        { line: 6, column: 18, path: 'agents[1].endpointUrl', message: 'must be an http(s) URL' },
        { line: 7, column: 5, path: 'agents[1].colour', message: 'unknown field "colour"' },
      ]),
    );
  });

  it('places a missing field at the entry that lacks it', () => {
    const { source } = YamlSource.parse('agents:\n  - name: lonely\n');
    const parsed = CatalogFileSchema.safeParse(source.value());
    expect(source.problemsOf(parsed.error!)).toEqual([
      expect.objectContaining({ line: 2, column: 5, path: 'agents[0].endpointUrl' }),
    ]);
  });

  it('reports syntax errors and duplicate keys with their position, without quoting the source', () => {
    const { problems } = YamlSource.parse('agents:\n  - name: a\n    name: b\n    token: "s3cr3t\n');
    expect(problems.length).toBeGreaterThan(0);
    expect(problems[0].line).toBe(3);
    for (const p of problems) expect(p.message).not.toContain('s3cr3t');
  });

  it('resolves ${VAR}, ${VAR:-default} and $${ in every string, after parsing', () => {
    const { resolved, problems } = resolveAll(
      {
        url: '${BASE}/a2a',
        auth: { token: '${TOKEN}' },
        list: ['${MISSING:-fallback}', '${EMPTY:-used when empty}', 'costs $${x}'],
        structure: '${INJECT}',
      },
      { BASE: 'http://h', TOKEN: 't0k', EMPTY: '', INJECT: '\nagents: []' },
    );
    expect(problems).toEqual([]);
    expect(resolved).toEqual({
      url: 'http://h/a2a',
      auth: { token: 't0k' },
      list: ['fallback', 'used when empty', 'costs ${x}'],
      structure: '\nagents: []',
    });
  });

  it('names an unset variable and a malformed reference by their path, never a value', () => {
    const { problems } = resolveAll({ agents: [{ auth: { token: '${NOPE}' } }, { d: 'a ${ b' }] }, {});
    expect(problems).toEqual([
      'agents[0].auth.token: environment variable NOPE is not set',
      'agents[1].d: "${" starts no ${ENV_VAR} reference (write $${ for a literal "${")',
    ]);
  });

  it('writes what it reads: escaped export text parses back to the same values', () => {
    const value = {
      version: 1,
      agents: [{ name: 'a', description: 'literal ${HOME} here', tags: ['x', 'y'] }],
      servers: [],
    };
    const text = toYaml(escapeEnv(value), ' header', new Map([[['agents', 0], ' about a']]));
    expect(text).toContain('# header');
    expect(text).toContain('# about a');
    expect(text).toContain('tags: [ x, y ]');
    const { source, problems } = YamlSource.parse(text);
    expect(problems).toEqual([]);
    expect(resolveAll(source.value(), { HOME: '/root' }).resolved).toEqual(value);
  });
});
