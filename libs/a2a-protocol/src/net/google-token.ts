import type { JWT, JWTOptions } from 'google-auth-library';
import { credentialKey } from './credential-key';
import { LRUCache } from 'lru-cache';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import { untilAborted, type TokenProvider } from './outbound-auth';
import type { TokenFetch } from './outbound-http';

// Google OAuth2 access tokens for a service-account key (auth type `google-service-account`), minted by
// google-auth-library's JWT client: it signs the RS256 JWT-bearer assertion, caches the token and
// refreshes it before it expires. Its HTTP goes through the gateway's TokenFetch instead of gaxios, so
// the SSRF policy and size cap apply to token requests too.

type Transporter = NonNullable<JWTOptions['transporter']>;
type TransporterOptions = NonNullable<Parameters<Transporter['request']>[0]>;

/** Where google-auth-library posts assertions (and the `aud` it signs); a key's `token_uri` wins. */
const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const DEFAULT_SCOPES = ['https://www.googleapis.com/auth/cloud-platform'];
/** A token endpoint gets this long, whatever the call waiting for it. */
const TOKEN_TIMEOUT_MS = 10_000;

interface ServiceAccountKey {
  client_email: string;
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
}

function fail(agentName: string, why: string, cause?: unknown): A2AError {
  return new A2AError(
    A2AErrorCode.AuthenticationError,
    `Could not get a Google access token for agent "${agentName}": ${why}`,
    { agentName },
    { cause },
  );
}

function keyOf(agentName: string, credentialsJson: string): ServiceAccountKey {
  let key: Partial<ServiceAccountKey>;
  try {
    key = JSON.parse(credentialsJson) as Partial<ServiceAccountKey>;
  } catch (error) {
    throw fail(agentName, 'the service account key is not JSON', error);
  }
  if (typeof key?.client_email !== 'string' || typeof key.private_key !== 'string')
    throw fail(agentName, 'the service account key has no client_email or private_key');
  if (key.token_uri !== undefined && !/^https?:\/\//.test(String(key.token_uri)))
    throw fail(agentName, 'the service account key has a token_uri that is not an http(s) URL');
  return key as ServiceAccountKey;
}

/**
 * The gaxios-shaped transporter google-auth-library calls for tokens: the request goes through the
 * gateway's TokenFetch, to the key's own `token_uri` (real key files carry one) or Google's endpoint.
 */
function transporter(agentName: string, tokenFetch: TokenFetch, tokenUri: string | undefined): Transporter {
  const request = async (options: TransporterOptions) => {
    const url = tokenUri ?? String(options.url ?? GOOGLE_TOKEN_URL);
    const body =
      options.data instanceof URLSearchParams ? options.data.toString() : String(options.data ?? '');
    let response: Response;
    try {
      response = await tokenFetch(url, {
        method: options.method ?? 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body,
        signal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
    } catch (error) {
      throw fail(agentName, A2AError.is(error) ? error.message : 'token endpoint unreachable', error);
    }
    const text = await response.text();
    let data: Record<string, unknown> | undefined;
    try {
      data = JSON.parse(text) as Record<string, unknown>;
    } catch {
      data = undefined;
    }
    if (!response.ok) {
      // Google's token errors are OAuth2-shaped: { error: "invalid_grant", error_description: "…" }.
      const reason = [data?.error, data?.error_description].filter((v) => typeof v === 'string').join(': ');
      throw fail(agentName, `token endpoint answered HTTP ${response.status}${reason ? ` (${reason})` : ''}`);
    }
    if (typeof data?.access_token !== 'string' || !data.access_token)
      throw fail(agentName, 'no access_token in the token endpoint answer');
    if (/[\r\n]/.test(data.access_token)) throw fail(agentName, 'access_token contains CR or LF');
    return { data, status: response.status, headers: response.headers, config: options };
  };
  return { request } as unknown as Transporter;
}

/**
 * The `google-service-account` TokenProvider: one JWT client per credential set (the key's hash is part
 * of the cache key, so a changed key never reuses a token), reused across calls so its token cache works.
 */
export function googleTokenProvider(tokenFetch: TokenFetch): TokenProvider {
  const clients = new LRUCache<string, JWT>({ max: 1_000 });
  // Loaded on first use: gateways without Google agents never pay for google-auth-library (and gaxios).
  let library: Promise<typeof import('google-auth-library')> | undefined;
  return async (agentName, auth, refresh, signal) => {
    const credentialsJson = String(auth.credentialsJson ?? '');
    const scopes =
      Array.isArray(auth.scopes) && auth.scopes.length ? (auth.scopes as string[]) : DEFAULT_SCOPES;
    const id = credentialKey(credentialsJson, scopes.join(' '));
    // Before the cache is read: callers that arrive together then share one client (and one token request).
    const { JWT } = await (library ??= import('google-auth-library'));
    let client = clients.get(id);
    if (!client) {
      const key = keyOf(agentName, credentialsJson);
      client = new JWT({
        email: key.client_email,
        key: key.private_key,
        keyId: key.private_key_id,
        scopes,
        transporter: transporter(agentName, tokenFetch, key.token_uri),
        // Our transporter is not a Gaxios instance: no interceptors to register on it.
        useAuthRequestParameters: false,
      });
      clients.set(id, client);
    }
    // The agent refused the cached token: mark it expired so the client mints a new one.
    if (refresh) client.credentials = { refresh_token: 'jwt-placeholder', expiry_date: 1 };
    try {
      const { token } = await untilAborted(client.getAccessToken(), signal);
      if (!token) throw fail(agentName, 'google-auth-library returned no token');
      return token;
    } catch (error) {
      if (A2AError.is(error) && error.code === A2AErrorCode.AuthenticationError) throw error;
      if (signal?.aborted) throw error;
      throw fail(agentName, error instanceof Error ? error.message : String(error), error);
    }
  };
}
