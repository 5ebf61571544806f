import { AgentCreateSchema, AgentUpdateSchema } from './agent.schemas';

describe('AgentCreateSchema', () => {
  const base = { name: 'agent', endpointUrl: 'https://agent.example.com/' };

  it('fills defaults', () => {
    expect(AgentCreateSchema.parse(base)).toMatchObject({
      provider: 'a2a',
      protocolVersion: '1.0',
      authType: 'none',
      capabilities: {},
      config: {},
      tags: [],
      enabled: true,
    });
  });

  it('checks auth against authType and fills its defaults', () => {
    const parsed = AgentCreateSchema.parse({ ...base, authType: 'api-key', auth: { apiKey: 'k' } });
    expect(parsed.auth).toEqual({ apiKey: 'k', headerName: 'X-API-Key' });
    const wrong = AgentCreateSchema.safeParse({ ...base, authType: 'basic', auth: { token: 't' } });
    expect(wrong.success).toBe(false);
    expect(wrong.error?.issues.map((i) => i.path.join('.'))).toEqual(
      expect.arrayContaining(['auth.username', 'auth.password']),
    );
  });

  it('normalizes and de-duplicates tags', () => {
    expect(AgentCreateSchema.parse({ ...base, tags: ['Prod', 'prod ', 'eu'] }).tags).toEqual(['prod', 'eu']);
  });
});

describe('AgentUpdateSchema', () => {
  it('accepts an empty patch and a nullable description', () => {
    expect(AgentUpdateSchema.parse({})).toEqual({});
    expect(AgentUpdateSchema.parse({ description: null })).toEqual({ description: null });
  });

  it('requires authType alongside auth', () => {
    expect(AgentUpdateSchema.safeParse({ auth: { token: 't' } }).success).toBe(false);
  });
});
