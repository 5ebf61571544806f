/**
 * The `azure-entra` TokenProvider: @azure/identity's ClientSecretCredential with every MSAL request sent
 * through the gateway's TokenFetch (so the SSRF policy applies), one credential per credential set, tokens
 * kept until shortly before they expire and replaced when the agent refuses them.
 */
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { AgentConfig, type AgentSpec } from '../gateway/agent-config';
import type { AgentAuth } from '../auth/auth-types';
import { azureEntraTokenProvider } from './azure-token';
import { OutboundHttp, type TokenFetch } from './outbound-http';
import { OutboundPolicy } from './outbound-policy';

const AUTH = {
  tenantId: 'contoso.onmicrosoft.com',
  clientId: '11111111-2222-3333-4444-555555555555',
  clientSecret: 'secret-one',
  scope: 'https://ai.azure.com/.default',
};

/** A TokenFetch standing in for Entra: it answers token requests, numbering the tokens it hands out. */
function entra() {
  const seen: { url: string; form: URLSearchParams }[] = [];
  const tokenFetch: TokenFetch = async (url, init) => {
    const form = new URLSearchParams(String(init.body ?? ''));
    seen.push({ url, form });
    return new Response(
      JSON.stringify({ token_type: 'Bearer', expires_in: 3599, access_token: `token-${seen.length}` }),
      { status: 200, headers: { 'content-type': 'application/json' } },
    );
  };
  return { seen, tokenFetch };
}

describe('azureEntraTokenProvider', () => {
  it('asks Entra for a client-credentials token through the gateway’s fetch, not its own HTTP', async () => {
    const { seen, tokenFetch } = entra();
    const token = await azureEntraTokenProvider(tokenFetch)('agent', AUTH, false);
    expect(token).toBe('token-1');
    expect(seen).toHaveLength(1);
    const url = new URL(seen[0].url);
    expect(`${url.origin}${url.pathname}`).toBe(
      `https://login.microsoftonline.com/${AUTH.tenantId}/oauth2/v2.0/token`,
    );
    expect(Object.fromEntries(seen[0].form)).toMatchObject({
      grant_type: 'client_credentials',
      client_id: AUTH.clientId,
      client_secret: AUTH.clientSecret,
      scope: AUTH.scope,
    });
  });

  it('fetches once for concurrent callers and keeps the token while it is fresh', async () => {
    const { seen, tokenFetch } = entra();
    const provider = azureEntraTokenProvider(tokenFetch);
    const tokens = await Promise.all([1, 2, 3].map(() => provider('agent', AUTH, false)));
    expect(tokens).toEqual(['token-1', 'token-1', 'token-1']);
    expect(await provider('another-agent', AUTH, false)).toBe('token-1');
    expect(seen).toHaveLength(1);
  });

  it('gets a new token when the agent refused the last one, and when the secret changed', async () => {
    const { seen, tokenFetch } = entra();
    const provider = azureEntraTokenProvider(tokenFetch);
    expect(await provider('agent', AUTH, false)).toBe('token-1');
    expect(await provider('agent', AUTH, true)).toBe('token-2');
    expect(await provider('agent', { ...AUTH, clientSecret: 'secret-two' }, false)).toBe('token-3');
    expect(seen[2].form.get('client_secret')).toBe('secret-two');
  });

  it('reports Entra refusing the client as an authentication error naming the agent and Entra’s reason', async () => {
    const tokenFetch: TokenFetch = async () =>
      new Response(
        JSON.stringify({
          error: 'invalid_client',
          error_description: 'AADSTS7000215: Invalid client secret provided.',
          error_codes: [7000215],
        }),
        { status: 401, headers: { 'content-type': 'application/json' } },
      );
    const error = await azureEntraTokenProvider(tokenFetch)('agent', AUTH, false).catch((e: unknown) => e);
    expect(A2AError.is(error, A2AErrorCode.AuthenticationError)).toBe(true);
    expect((error as A2AError).message).toContain('agent "agent"');
    expect((error as A2AError).message).toContain('AADSTS7000215');
    expect((error as A2AError).message).not.toContain(AUTH.clientSecret);
  });

  it('is the default for azure-entra agents, under the SSRF policy: a private authority is refused', async () => {
    const http = new OutboundHttp({ policy: new OutboundPolicy(false) });
    const agent: AgentSpec = {
      ...new AgentConfig('private-authority', 'https://example.com/api/projects/p'),
      authType: 'azure-entra',
      credentials: () => ({ ...AUTH, authorityHost: 'https://10.0.0.1' }) as AgentAuth,
    };
    try {
      const error = await http
        .fetchFor(agent)('https://example.com/api/projects/p/openai/v1/responses')
        .catch((e: unknown) => e);
      expect(A2AError.is(error, A2AErrorCode.AuthenticationError)).toBe(true);
      expect((error as A2AError).message).toContain('private or loopback address');
    } finally {
      await http.close();
    }
  });
});
