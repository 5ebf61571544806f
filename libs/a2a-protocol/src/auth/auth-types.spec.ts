import { AGENT_AUTH_SCHEMAS, maskAgentAuth, SECRET_MASK } from './auth-types';

describe('maskAgentAuth', () => {
  it('keeps public fields and masks every secret', () => {
    expect(maskAgentAuth('basic', { username: 'svc', password: 'pw' })).toEqual({
      username: 'svc',
      password: SECRET_MASK,
    });
    expect(maskAgentAuth('bearer', { token: 't' })).toEqual({ token: SECRET_MASK });
  });

  it('masks header values but shows header names', () => {
    expect(maskAgentAuth('headers', { headers: { 'X-A': '1', 'X-B': '2' } })).toEqual({
      headers: { 'X-A': SECRET_MASK, 'X-B': SECRET_MASK },
    });
  });

  it('treats a field it does not know as secret', () => {
    expect(maskAgentAuth('api-key', { apiKey: 'k', headerName: 'X-Key', surprise: 's' })).toEqual({
      apiKey: SECRET_MASK,
      headerName: 'X-Key',
      surprise: SECRET_MASK,
    });
  });
});

describe('AGENT_AUTH_SCHEMAS', () => {
  it('fills the default api-key header name', () => {
    expect(AGENT_AUTH_SCHEMAS['api-key'].parse({ apiKey: 'k' })).toEqual({
      apiKey: 'k',
      headerName: 'X-API-Key',
    });
  });

  it('names a bad header name in its message', () => {
    const result = AGENT_AUTH_SCHEMAS.headers.safeParse({ headers: { 'Bad Header': 'v' } });
    expect(result.error?.issues).toEqual([
      expect.objectContaining({
        path: ['headers', 'Bad Header'],
        message: 'must be a valid HTTP header name',
      }),
    ]);
  });

  it.each([
    ['api-key', { apiKey: 'k', headerName: 'bad header' }],
    ['oauth2-client-credentials', { tokenUrl: 'ftp://x', clientId: 'c', clientSecret: 's' }],
    ['headers', { headers: {} }],
    ['bearer', { token: '' }],
  ] as const)('rejects bad %s fields', (type, value) => {
    expect(AGENT_AUTH_SCHEMAS[type].safeParse(value).success).toBe(false);
  });
});
