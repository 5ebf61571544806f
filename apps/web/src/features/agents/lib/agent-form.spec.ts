import type { AgentRead } from '@switchboard/api-contract';
import { get, type FieldErrors, type ResolverOptions } from 'react-hook-form';
import { describe, expect, it } from 'vitest';
import {
  agentEditResolver,
  agentFormResolver,
  defaultAgentFormValues,
  type AgentFormValues,
} from './agent-form';
import { importFormResolver } from './import-form';

const options = { fields: {}, shouldUseNativeValidation: false } as ResolverOptions<AgentFormValues>;

const form = (over: Partial<AgentFormValues>): AgentFormValues => ({
  ...defaultAgentFormValues(),
  name: 'support_agent',
  endpointUrl: 'https://agents.example.com/a2a',
  ...over,
});

const messageAt = (errors: FieldErrors, path: string): string | undefined =>
  (get(errors, path) as { message?: string } | undefined)?.message;

describe('the agent register form resolver', () => {
  it('resolves valid inputs to the AgentCreate the API takes (tags split, numbers parsed)', async () => {
    const result = await agentFormResolver(
      form({ tags: 'support, billing', timeoutMs: '60000', config: '{"a":1}' }),
      undefined,
      options,
    );
    expect(result.errors).toEqual({});
    expect(result.values).toMatchObject({
      name: 'support_agent',
      endpointUrl: 'https://agents.example.com/a2a',
      tags: ['support', 'billing'],
      timeoutMs: 60000,
      config: { a: 1 },
    });
  });

  it.each([
    ['config', { config: '{not json' }, /Invalid JSON/],
    ['config', { config: '[1]' }, /JSON object/],
    ['timeoutMs', { timeoutMs: 'soon' }, /number/],
    ['endpointUrl', { endpointUrl: 'not a url' }, /.+/],
    ['name', { name: '' }, /.+/],
  ] as const)('puts a bad %s on its own input', async (field, over, message) => {
    const result = await agentFormResolver(form(over), undefined, options);
    expect(result.values).toEqual({});
    expect(messageAt(result.errors, field)).toMatch(message);
  });

  it('names the bad tag, not only its position', async () => {
    const result = await agentFormResolver(form({ tags: 'ok, bad tag!' }), undefined, options);
    expect(messageAt(result.errors, 'tags')).toMatch(/^"bad tag!": /);
  });

  it('edits with the update schema: an unchanged form keeps the stored secret (no auth sent)', async () => {
    const stored = {
      id: '8c7b2f55-7f1e-4d5e-9a43-3c3f0d3c9a10',
      name: 'support_agent',
      endpointUrl: 'https://agents.example.com/a2a',
      provider: 'a2a',
      config: {},
      providerConfig: {},
      capabilities: {},
      tags: [],
      authType: 'bearer',
      hasAuth: true,
      auth: null,
    } as unknown as AgentRead;
    // The secret input is left empty, as the edit page shows it.
    const values = form({ authType: 'bearer' });
    const result = await agentEditResolver(stored)(values, undefined, options);
    expect(result.errors).toEqual({});
    // What goes over the wire: no `auth` key at all.
    expect(JSON.parse(JSON.stringify(result.values))).not.toHaveProperty('auth');
    expect(result.values).toMatchObject({ authType: 'bearer', name: 'support_agent' });
  });
});

describe('the import form resolver', () => {
  const importOptions = options as unknown as Parameters<typeof importFormResolver>[2];

  it('resolves a card URL with optional name and tags', async () => {
    const result = await importFormResolver(
      { cardUrl: ' http://127.0.0.1:9999/ ', name: '', tags: 'demo' },
      undefined,
      importOptions,
    );
    expect(result.errors).toEqual({});
    expect(result.values).toEqual({ cardUrl: 'http://127.0.0.1:9999/', tags: ['demo'] });
  });

  it('puts a bad card URL on its input', async () => {
    const result = await importFormResolver(
      { cardUrl: 'nope', name: '', tags: '' },
      undefined,
      importOptions,
    );
    expect(result.values).toEqual({});
    expect(result.errors.cardUrl?.message).toBeTruthy();
  });
});
