import { AgentCapabilitiesSchema } from '../adapters/capabilities';
import { AGENT_AUTH_SCHEMAS } from '../auth/auth-types';
import { AgentCapabilities, AgentConfig, DEFAULT_AGENT_TIMEOUT_MS } from './agent-config';

describe('AgentConfig', () => {
  const base = new AgentConfig('My Agent (v2)!', 'https://agent.example.com/a2a');

  it('has litellm-rs’s AgentConfig defaults and a URL-safe slug', () => {
    expect(base).toMatchObject({
      name: 'My Agent (v2)!',
      slug: 'my-agent-v2',
      url: 'https://agent.example.com/a2a',
      provider: 'a2a',
      enabled: true,
      timeoutMs: DEFAULT_AGENT_TIMEOUT_MS,
      capabilities: {},
      tags: [],
      providerConfig: {},
      authType: 'none',
    });
    expect(DEFAULT_AGENT_TIMEOUT_MS).toBe(60_000);
    expect(base.credentials()).toBeUndefined();
    expect(base.description).toBeUndefined();
    expect(base.rateLimitRpm).toBeUndefined();
  });

  it.each<[string, (c: AgentConfig) => AgentConfig, Partial<AgentConfig>]>([
    ['withProvider', (c) => c.withProvider('langgraph'), { provider: 'langgraph' }],
    ['withTimeout', (c) => c.withTimeout(1_500), { timeoutMs: 1_500 }],
    ['withDescription', (c) => c.withDescription('says hello'), { description: 'says hello' }],
    [
      'withCapabilities',
      (c) => c.withCapabilities({ streaming: true }),
      { capabilities: { streaming: true } },
    ],
    ['withRateLimit', (c) => c.withRateLimit(60), { rateLimitRpm: 60 }],
    ['withCostPerRequest', (c) => c.withCostPerRequest(0.002), { costPerRequest: 0.002 }],
    ['withTags', (c) => c.withTags('support', 'en'), { tags: ['support', 'en'] }],
    [
      'withProviderConfig',
      (c) => c.withProviderConfig({ assistantId: 'x' }),
      { providerConfig: { assistantId: 'x' } },
    ],
    ['withProtocolVersion', (c) => c.withProtocolVersion('0.3'), { protocolVersion: '0.3' }],
    ['withEnabled', (c) => c.withEnabled(false), { enabled: false }],
    ['withHeaders', (c) => c.withHeaders({ 'x-team': 'a' }), { headers: { 'x-team': 'a' } }],
  ])('%s returns a new config and leaves the original unchanged', (_, change, expected) => {
    const before = JSON.stringify(base);
    const next = change(base);
    expect(next).not.toBe(base);
    expect(next).toBeInstanceOf(AgentConfig);
    expect(next).toMatchObject({ ...expected, name: base.name, url: base.url, slug: base.slug });
    expect(JSON.stringify(base)).toBe(before);
  });

  it.each<[string, (c: AgentConfig) => AgentConfig, string, unknown]>([
    ['withApiKey', (c) => c.withApiKey('k-1'), 'api-key', { apiKey: 'k-1', headerName: 'X-API-Key' }],
    [
      'withApiKey (header)',
      (c) => c.withApiKey('k-1', 'X-Key'),
      'api-key',
      { apiKey: 'k-1', headerName: 'X-Key' },
    ],
    ['withBearerToken', (c) => c.withBearerToken('t-1'), 'bearer', { token: 't-1' }],
    ['withBasicAuth', (c) => c.withBasicAuth('u', 'p'), 'basic', { username: 'u', password: 'p' }],
    [
      'withOAuth2ClientCredentials',
      (c) =>
        c.withOAuth2ClientCredentials({
          tokenUrl: 'https://idp.example.com/token',
          clientId: 'id',
          clientSecret: 's',
        }),
      'oauth2-client-credentials',
      { tokenUrl: 'https://idp.example.com/token', clientId: 'id', clientSecret: 's' },
    ],
    [
      'withAuthHeaders',
      (c) => c.withAuthHeaders({ 'X-Tenant-Key': 'v' }),
      'headers',
      { headers: { 'X-Tenant-Key': 'v' } },
    ],
  ])('%s sets authType and credentials() on the copy only', (_, change, authType, auth) => {
    const next = change(base);
    expect(next.authType).toBe(authType);
    expect(next.credentials()).toEqual(auth);
    // The credentials have the shape the catalog's auth schemas accept.
    expect(AGENT_AUTH_SCHEMAS[next.authType].safeParse(next.credentials()).success).toBe(true);
    expect(base.authType).toBe('none');
    expect(base.credentials()).toBeUndefined();
  });

  it('credentials() of each copy returns that copy’s auth (not the one it was copied from)', () => {
    const withKey = base.withApiKey('k');
    const withToken = withKey.withBearerToken('t');
    const later = withToken.withTimeout(5); // a non-auth change keeps the auth
    expect(withKey.credentials()).toEqual({ apiKey: 'k', headerName: 'X-API-Key' });
    expect(withToken.credentials()).toEqual({ token: 't' });
    expect(later.credentials()).toEqual({ token: 't' });
    expect(later.authType).toBe('bearer');
  });

  it('chains like litellm-rs’s AgentConfig builder', () => {
    const config = new AgentConfig('billing', 'https://billing.example.com/a2a')
      .withApiKey('secret')
      .withTimeout(30_000)
      .withRateLimit(120)
      .withTags('finance')
      .withCapabilities(AgentCapabilities.full());
    expect(config).toMatchObject({
      name: 'billing',
      slug: 'billing',
      authType: 'api-key',
      timeoutMs: 30_000,
      rateLimitRpm: 120,
      tags: ['finance'],
      capabilities: { streaming: true, multiTurn: true },
    });
  });

  it('withHeaders merges with earlier headers; a later value wins', () => {
    const a = base.withHeaders({ 'x-a': '1', 'x-b': '1' });
    const b = a.withHeaders({ 'x-b': '2' });
    expect(a.headers).toEqual({ 'x-a': '1', 'x-b': '1' });
    expect(b.headers).toEqual({ 'x-a': '1', 'x-b': '2' });
  });

  it.each([
    ['Hello World', 'hello-world'],
    ['  --Weird__Name--  ', 'weird-name'],
    ['agent.v1', 'agent-v1'],
    // The catalog's rule (slugify): accents are folded, so a library and a catalog agent get the same slug.
    ['ÄÖÜ agent', 'aou-agent'],
  ])('slug of %j is %j', (name, slug) => {
    expect(new AgentConfig(name, 'http://x/').slug).toBe(slug);
  });
});

describe('AgentCapabilities presets', () => {
  it('full() enables everything, minimal() nothing', () => {
    expect(AgentCapabilities.full()).toEqual({
      streaming: true,
      pushNotifications: true,
      taskCancellation: true,
      multiTurn: true,
      fileAttachments: true,
    });
    expect(AgentCapabilities.minimal()).toEqual({
      streaming: false,
      pushNotifications: false,
      taskCancellation: false,
      multiTurn: false,
      fileAttachments: false,
    });
    expect(AgentCapabilitiesSchema.safeParse(AgentCapabilities.full()).success).toBe(true);
    expect(AgentCapabilitiesSchema.safeParse(AgentCapabilities.minimal()).success).toBe(true);
  });

  it('returns a fresh object each time (changing one does not change the preset)', () => {
    const mine = AgentCapabilities.full();
    mine.streaming = false;
    expect(AgentCapabilities.full().streaming).toBe(true);
    expect(AgentCapabilities.minimal()).not.toBe(AgentCapabilities.minimal());
  });
});
