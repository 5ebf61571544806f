/**
 * The google-service-account TokenProvider on its own, with a TokenFetch stand-in: what the contract
 * test cannot see — where assertions go without a token_uri, that concurrent callers share one token
 * request, and that a refresh mints a new token.
 */
import { generateKeyPairSync } from 'node:crypto';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { googleTokenProvider } from './google-token';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const keyFile = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    type: 'service_account',
    client_email: 'sa@project.iam.gserviceaccount.com',
    private_key: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    ...extra,
  });

function tokenEndpoint(
  answer: (n: number) => Response = (n) => Response.json({ access_token: `t${n}`, expires_in: 3600 }),
) {
  const calls: { url: string; body: string }[] = [];
  const fetch = async (url: string, init: RequestInit) => {
    calls.push({ url, body: String(init.body) });
    await new Promise((resolve) => setTimeout(resolve, 10));
    return answer(calls.length);
  };
  return { calls, fetch };
}

describe('googleTokenProvider', () => {
  it('posts to Google’s endpoint when the key has no token_uri, and to token_uri when it has one', async () => {
    const endpoint = tokenEndpoint();
    const provider = googleTokenProvider(endpoint.fetch);
    await provider('a', { credentialsJson: keyFile() }, false);
    await provider('b', { credentialsJson: keyFile({ token_uri: 'https://token.example/t' }) }, false);
    expect(endpoint.calls.map((c) => c.url)).toEqual([
      'https://oauth2.googleapis.com/token',
      'https://token.example/t',
    ]);
    expect(new URLSearchParams(endpoint.calls[0].body).get('grant_type')).toBe(
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    );
  });

  it('shares one token request between concurrent callers, and refreshes on demand', async () => {
    const endpoint = tokenEndpoint();
    const provider = googleTokenProvider(endpoint.fetch);
    const auth = { credentialsJson: keyFile(), scopes: ['https://www.googleapis.com/auth/cloud-platform'] };
    const tokens = await Promise.all([1, 2, 3].map(() => provider('a', auth, false)));
    expect(tokens).toEqual(['t1', 't1', 't1']);
    expect(await provider('a', auth, true)).toBe('t2');
    expect(await provider('a', auth, false)).toBe('t2');
    expect(endpoint.calls).toHaveLength(2);
  });

  it.each([
    [
      'an OAuth2 error',
      () => Response.json({ error: 'invalid_grant', error_description: 'Bad' }, { status: 400 }),
      'HTTP 400 (invalid_grant: Bad)',
    ],
    ['no access_token', () => Response.json({ expires_in: 10 }), 'no access_token'],
    ['a token with CR/LF', () => Response.json({ access_token: 'a\r\nX: y' }), 'CR or LF'],
  ])('turns %s into an authentication error', async (_what, answer, message) => {
    const provider = googleTokenProvider(tokenEndpoint(answer).fetch);
    const error = await provider('a', { credentialsJson: keyFile() }, false).catch((e: unknown) => e);
    expect(A2AError.is(error) && error.code).toBe(A2AErrorCode.AuthenticationError);
    expect((error as Error).message).toContain(message);
  });
});
