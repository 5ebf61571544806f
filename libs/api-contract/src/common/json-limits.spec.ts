import { AgentUpdateBodySchema } from '../agents/agent.schemas';
import { InvokeRequestBodySchema } from '../invocation/invocation.schemas';
import { findJsonProblem, FREE_JSON_MAX_CHARS, JSON_LIMITS, storableText } from './json-limits';

const nested = (levels: number): unknown => {
  let value: unknown = 'leaf';
  for (let i = 0; i < levels; i++) value = { a: value };
  return value;
};

describe('findJsonProblem', () => {
  it.each([
    ['a plain body', { name: 'x', tags: ['a', 'b'], config: { n: 1, ok: true, none: null } }],
    ['objects nested to the limit', nested(JSON_LIMITS.maxDepth)],
    ['control characters other than NUL', { text: 'tab\there\u0001\u001f' }],
    ['a surrogate pair (an emoji)', { text: 'ok 😀' }],
  ])('accepts %s', (_, value) => {
    expect(findJsonProblem(value)).toBeUndefined();
  });

  it.each([
    [
      'one level too deep',
      { config: nested(JSON_LIMITS.maxDepth) },
      ['config', 'a', 'a', 'a', 'a', 'a'],
      /deeper than 32 levels/,
    ],
    [
      '10,000 levels of arrays',
      JSON.parse('['.repeat(10_000) + ']'.repeat(10_000)),
      [0, 0, 0, 0, 0, 0],
      /deeper/,
    ],
    [
      'a NUL in a string',
      { description: 'a\u0000b' },
      ['description'],
      /NUL character \(\\u0000\) at character 1/,
    ],
    ['a NUL in a key', { config: { 'k\u0000': 1 } }, ['config', 'k\u0000'], /has a key that contains a NUL/],
    [
      'a lone high surrogate',
      { metadata: { k: ['x', '\ud800'] } },
      ['metadata', 'k', 1],
      /lone UTF-16 surrogate \(\\ud800\)/,
    ],
    ['a lone low surrogate', { m: 'a\udc00' }, ['m'], /lone UTF-16 surrogate \(\\udc00\) at character 1/],
    [
      'too many values',
      { list: new Array(JSON_LIMITS.maxValues + 1).fill(0) },
      [],
      /more than 100000 JSON values/,
    ],
  ])('finds %s, naming where', (_, value, path, message) => {
    const problem = findJsonProblem(value);
    expect(problem?.path).toEqual(path);
    expect(problem?.message).toMatch(message);
  });

  it('checks a bare string', () => {
    expect(findJsonProblem('\u0000')?.message).toMatch(/NUL/);
  });
});

describe('storableText', () => {
  it.each([
    ['a\u0000b', 'a\uFFFDb'],
    ['x\ud800', 'x\uFFFD'],
    ['\udc00y\udc00', '\uFFFDy\uFFFD'],
    ['pair 😀 kept', 'pair 😀 kept'],
  ])('%j → %j', (text, expected) => {
    expect(storableText(text)).toBe(expected);
  });
});

describe('free-form field sizes', () => {
  const issueOf = (body: unknown) =>
    InvokeRequestBodySchema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)[0];

  it.each([
    [
      'invoke metadata',
      { message: 'hi', metadata: { blob: 'x'.repeat(FREE_JSON_MAX_CHARS.metadata) } },
      'metadata',
    ],
    [
      'message parts',
      { message: { parts: [{ text: 'x'.repeat(FREE_JSON_MAX_CHARS.message) }] } },
      'message.parts',
    ],
    [
      'ContextForge parameters',
      { parameters: { query: 'x'.repeat(FREE_JSON_MAX_CHARS.message) } },
      'parameters',
    ],
  ])('%s beyond its size is refused, naming it', (_, body, field) => {
    expect(issueOf(body)).toMatch(new RegExp(`^${field}: is \\d+ characters of JSON; at most \\d+$`));
  });

  it('agent config beyond 64 KiB is refused, naming it', () => {
    const parsed = AgentUpdateBodySchema.safeParse({
      config: { blob: 'x'.repeat(FREE_JSON_MAX_CHARS.settings) },
    });
    expect(parsed.error?.issues[0].path).toEqual(['config']);
  });

  it('within the sizes, passes', () => {
    expect(issueOf({ message: 'hi', metadata: { k: 'v' } })).toBeUndefined();
  });
});
