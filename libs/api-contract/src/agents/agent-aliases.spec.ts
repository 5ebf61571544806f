import { AgentCreateBodySchema, AgentUpdateBodySchema } from './agent.schemas';

/** A registration as ContextForge's documentation writes one (its fields that need mapping). */
const contextForgeAgent = {
  name: 'hello_world_agent',
  endpoint_url: 'http://localhost:9999/',
  agent_type: 'jsonrpc',
  auth_type: 'api_key',
  auth_value: 'your-api-key',
  config: { max_tokens: 1000, temperature: 0.7 },
};

const issuesOf = (body: unknown) =>
  AgentCreateBodySchema.safeParse(body).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`);

describe("ContextForge's agent fields", () => {
  it('map onto ours: snake_case names, agent_type as provider, api_key as a bearer token', () => {
    expect(AgentCreateBodySchema.parse(contextForgeAgent)).toMatchObject({
      endpointUrl: 'http://localhost:9999/',
      provider: 'a2a',
      authType: 'bearer',
      auth: { token: 'your-api-key' },
      config: { max_tokens: 1000, temperature: 0.7 },
    });
  });

  it.each([
    ['generic', 'a2a'],
    ['openai', 'openai'],
    ['anthropic', 'anthropic'],
    ['custom', 'custom'],
    ['langgraph', 'langgraph'],
  ])('agent_type %s is provider %s', (agentType, provider) => {
    // An update: providers other than a2a take settings of their own at registration.
    expect(AgentUpdateBodySchema.parse({ agent_type: agentType })).toEqual({ provider });
  });

  it.each([
    [
      { auth_type: 'bearer', auth_value: 't' },
      { authType: 'bearer', auth: { token: 't' } },
    ],
    [
      { auth_type: 'basic', auth_value: 'user:pa:ss' },
      { authType: 'basic', auth: { username: 'user', password: 'pa:ss' } },
    ],
    [
      { auth_type: 'api-key', auth_value: 'k' },
      { authType: 'api-key', auth: { apiKey: 'k', headerName: 'X-API-Key' } },
    ],
    [{ auth_type: null, auth_value: null }, { authType: 'none' }],
    [
      { rate_limit_rpm: 60, protocol_version: '0.3' },
      { rateLimitRpm: 60, protocolVersion: '0.3' },
    ],
  ])('%j reads as %j', (fields, expected) => {
    const { auth_type: _t, auth_value: _v, ...rest } = contextForgeAgent;
    expect(AgentCreateBodySchema.parse({ ...rest, ...fields })).toMatchObject(expected);
  });

  it('keep snake_case keys inside free-form fields as they are', () => {
    expect(AgentCreateBodySchema.parse(contextForgeAgent).config).toEqual({
      max_tokens: 1000,
      temperature: 0.7,
    });
  });

  it.each([
    [{ agent_type: 'mcp' }, /^agent_type: must be one of generic, jsonrpc, openai, anthropic, custom, a2a, /],
    [{ auth_type: 'oauth' }, /^auth_type: must be one of api_key, bearer, basic, none, /],
    [
      { auth_type: 'basic', auth_value: 'no-colon' },
      /^auth_value: for basic, a string auth_value is "username:password"/,
    ],
    [
      { endpointUrl: 'http://localhost:9999/' },
      /^endpoint_url: is another name for endpointUrl; give one of them/,
    ],
    [{ auth: { token: 'x' } }, /^auth_value: is another name for auth/],
    [{ associated_a2a_agents: [] }, /Unrecognized key: "associated_a2a_agents"/],
  ])('%j is a 400 naming the field', (fields, message) => {
    expect(issuesOf({ ...contextForgeAgent, ...fields })?.[0]).toMatch(message);
  });

  it('work on updates too', () => {
    expect(AgentUpdateBodySchema.parse({ endpoint_url: 'http://x.example/', agent_type: 'generic' })).toEqual(
      {
        endpointUrl: 'http://x.example/',
        provider: 'a2a',
      },
    );
  });
});
