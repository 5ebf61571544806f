import { AGENT_PROVIDERS } from './providers';
import { checkProviderConfig, providerConfigFields } from './provider-config';

describe('provider config', () => {
  it('describes every provider’s form fields from its schema', () => {
    expect(providerConfigFields('openai')).toEqual([
      expect.objectContaining({
        name: 'model',
        title: 'Model',
        kind: 'text',
        required: true,
        example: 'gpt-4o-mini',
      }),
      expect.objectContaining({ name: 'systemPrompt', kind: 'longText', required: false }),
      expect.objectContaining({ name: 'temperature', kind: 'number', minimum: 0, maximum: 2 }),
      expect.objectContaining({ name: 'maxTokens', kind: 'integer' }),
      expect.objectContaining({ name: 'historyTurns', kind: 'integer', default: 20 }),
    ]);
    expect(providerConfigFields('custom')).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'format', kind: 'choice', options: ['contextforge', 'template'] }),
        expect.objectContaining({ name: 'requestTemplate', kind: 'json' }),
      ]),
    );
    for (const provider of AGENT_PROVIDERS) {
      for (const field of providerConfigFields(provider)) expect(field.title).not.toBe(field.name);
    }
  });

  it('names the field and the provider when a config does not fit', () => {
    const checked = checkProviderConfig('anthropic', { model: 'm', maxTokens: 0 });
    expect(checked.success).toBe(false);
    if (!checked.success) {
      expect(checked.issues[0].path).toEqual(['providerConfig', 'maxTokens']);
      expect(checked.issues[0].message).toContain('(provider "anthropic")');
    }
  });

  it('reads the custom format’s old name, seed000, as contextforge; other names are refused', () => {
    expect(checkProviderConfig('custom', { format: 'seed000' })).toEqual({
      success: true,
      data: { format: 'contextforge', interactionType: 'query' },
    });
    expect(checkProviderConfig('custom', {})).toMatchObject({ data: { format: 'contextforge' } });
    const checked = checkProviderConfig('custom', { format: 'seed001' });
    expect(checked.success).toBe(false);
    if (!checked.success) expect(checked.issues[0].path).toEqual(['providerConfig', 'format']);
  });

  it('fills defaults in', () => {
    expect(checkProviderConfig('pydantic-ai', {})).toEqual({ success: true, data: { pollIntervalMs: 500 } });
  });
});
