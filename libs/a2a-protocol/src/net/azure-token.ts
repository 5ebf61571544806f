import type { ClientSecretCredential, ClientSecretCredentialOptions } from '@azure/identity';
import { LRUCache } from 'lru-cache';
import { A2AError, A2AErrorCode } from '../errors/a2a-error';
import type { TokenProvider } from './outbound-auth';
import { credentialKey } from './credential-key';
import { untilAborted } from './outbound-auth';
import type { TokenFetch } from './outbound-http';

// Microsoft Entra ID tokens for the `azure-entra` auth type, from @azure/identity's ClientSecretCredential
// (client credentials through MSAL). Every request MSAL makes (authority metadata, token) goes through the
// gateway's TokenFetch, so the SSRF policy, size cap and redirect rules of agent calls apply to them.

type HttpClient = NonNullable<ClientSecretCredentialOptions['httpClient']>;
type PipelineRequest = Parameters<HttpClient['sendRequest']>[0];
type PipelineResponse = Awaited<ReturnType<HttpClient['sendRequest']>>;

interface AzureEntraAuth {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  scope?: string;
  authorityHost?: string;
}

const DEFAULT_SCOPE = 'https://ai.azure.com/.default';
/** A token endpoint gets this long, whatever the call waiting for it. */
const TOKEN_TIMEOUT_MS = 10_000;
/** Tokens are renewed this long before they expire (MSAL may ask for earlier with refresh_in). */
const EXPIRY_SKEW_MS = 5 * 60_000;

/**
 * An Azure SDK HttpClient that sends through the gateway's TokenFetch instead of its own Node client.
 * `onError` hears the gateway's own errors (SSRF policy, connection), which MSAL would otherwise hide
 * behind a generic one.
 */
export function tokenFetchHttpClient(
  tokenFetch: TokenFetch,
  onError: (error: unknown) => void = () => undefined,
): HttpClient {
  return {
    async sendRequest(request: PipelineRequest): Promise<PipelineResponse> {
      if (request.body !== undefined && request.body !== null && typeof request.body !== 'string') {
        throw new Error(`Token request bodies are form or JSON text; got ${typeof request.body}`);
      }
      const abort = new AbortController();
      const timeoutMs = Math.min(request.timeout || TOKEN_TIMEOUT_MS, TOKEN_TIMEOUT_MS);
      const timer = setTimeout(() => abort.abort(new Error('token request timed out')), timeoutMs);
      const onAbort = () => abort.abort(new Error('token request aborted'));
      if (request.abortSignal?.aborted) onAbort();
      request.abortSignal?.addEventListener('abort', onAbort);
      try {
        const response = await tokenFetch(request.url, {
          method: request.method,
          headers: request.headers.toJSON(),
          body: request.body ?? undefined,
          signal: abort.signal,
        });
        const headers = new Headers(response.headers);
        return {
          request,
          status: response.status,
          headers: {
            get: (name) => headers.get(name) ?? undefined,
            has: (name) => headers.has(name),
            set: (name, value) => headers.set(name, String(value)),
            delete: (name) => headers.delete(name),
            toJSON: () => Object.fromEntries(headers),
            [Symbol.iterator]: () => headers.entries(),
          },
          bodyAsText: await response.text(),
        };
      } catch (error) {
        onError(error);
        throw error;
      } finally {
        clearTimeout(timer);
        request.abortSignal?.removeEventListener('abort', onAbort);
      }
    },
  };
}

/** Why @azure/identity failed, as a message a caller can act on. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  // MSAL and @azure/identity messages carry troubleshooting links and trace ids after the first line.
  return message.split('\n')[0].slice(0, 300);
}

/**
 * The `azure-entra` TokenProvider. One ClientSecretCredential per credential set (the secret's hash is part
 * of the key, so a changed secret never reuses a credential); its tokens are kept until shortly before they
 * expire, fetched once for concurrent callers, and a refused token (`refresh`) replaces the credential so
 * MSAL's own cache cannot hand it back.
 */
export function azureEntraTokenProvider(tokenFetch: TokenFetch): TokenProvider {
  /** A credential, and the last error of the gateway's own that its requests met. */
  type Entry = { credential: ClientSecretCredential; transportError?: unknown };
  const credentials = new LRUCache<string, Entry>({ max: 1_000 });
  const tokens = new LRUCache<string, { token: string; renewAt: number }>({ max: 1_000 });
  const pending = new Map<string, Promise<string>>();

  // Loaded on first use: gateways without Azure agents never pay for MSAL.
  let library: Promise<typeof import('@azure/identity')> | undefined;

  const credentialFor = async (key: string, auth: AzureEntraAuth): Promise<Entry> => {
    const identity = await (library ??= import('@azure/identity'));
    const cached = credentials.get(key);
    if (cached) return cached;
    const known = new Set<string>(Object.values(identity.AzureAuthorityHosts).map((h) => new URL(h).origin));
    const authorityHost = auth.authorityHost?.replace(/\/+$/, '');
    const entry = {} as Entry;
    const httpClient = tokenFetchHttpClient(tokenFetch, (error) => (entry.transportError = error));
    entry.credential = new identity.ClientSecretCredential(auth.tenantId, auth.clientId, auth.clientSecret, {
      httpClient,
      ...(authorityHost
        ? {
            authorityHost,
            // MSAL validates authorities it does not know against login.microsoftonline.com; a custom one
            // (Azure Stack, a private cloud) has no entry there.
            disableInstanceDiscovery: !known.has(new URL(authorityHost).origin),
          }
        : {}),
      // The gateway retries calls itself; a failing token endpoint should fail the call, not stall it.
      retryOptions: { maxRetries: 0 },
    });
    credentials.set(key, entry);
    return entry;
  };

  const fetchToken = async (agentName: string, credKey: string, tokenKey: string, auth: AzureEntraAuth) => {
    const scope = auth.scope ?? DEFAULT_SCOPE;
    let entry: Entry | undefined;
    try {
      entry = await credentialFor(credKey, auth);
      entry.transportError = undefined;
      const token = await entry.credential.getToken(scope, {
        abortSignal: AbortSignal.timeout(TOKEN_TIMEOUT_MS),
      });
      if (!token?.token || /[\r\n]/.test(token.token)) throw new Error('no usable access token');
      const renewAt = Math.min(
        token.refreshAfterTimestamp ?? Number.POSITIVE_INFINITY,
        token.expiresOnTimestamp - EXPIRY_SKEW_MS,
      );
      tokens.set(tokenKey, { token: token.token, renewAt });
      return token.token;
    } catch (error) {
      const transport = entry?.transportError;
      const reason = A2AError.is(transport) ? transport.message : reasonOf(error);
      throw new A2AError(
        A2AErrorCode.AuthenticationError,
        `Could not get a Microsoft Entra ID token for agent "${agentName}": ${reason}`,
        { agentName },
        { cause: transport ?? error },
      );
    }
  };

  return (agentName, raw, refresh, signal) => {
    const auth = raw as unknown as AzureEntraAuth;
    const credKey = credentialKey(auth.authorityHost ?? '', auth.tenantId, auth.clientId, auth.clientSecret);
    const tokenKey = `${credKey}\u0000${auth.scope ?? DEFAULT_SCOPE}`;
    if (refresh) {
      credentials.delete(credKey);
      tokens.delete(tokenKey);
    }
    const cached = tokens.get(tokenKey);
    if (cached && cached.renewAt > Date.now()) return Promise.resolve(cached.token);
    let promise = pending.get(tokenKey);
    if (!promise) {
      promise = fetchToken(agentName, credKey, tokenKey, auth).finally(() => pending.delete(tokenKey));
      pending.set(tokenKey, promise);
    }
    return untilAborted(promise, signal);
  };
}
